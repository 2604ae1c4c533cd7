// Many seeds at once: a band of R seeds is R separate runs (seeds s … s+R−1), trained as batched programs.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Band, bandProblem, summarizeArm, type BandFrame } from '../src/core/bands';
import { prepareRun } from '../src/core/build';
import { quantile, spread } from '../src/core/quantiles';
import { DEFAULTS, reconcile, type Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const FRAMES = [0, 30, 30, 40];

function settings(partial: Partial<Settings>): Settings {
  const s = { ...DEFAULTS, act: 'sqrelu', d: 6, k: 3, n: 1000, lr: 0.02, vstar: 'pm1', seed: 5, trials: 4, ...partial } as Settings;
  reconcile(s);
  return s;
}

/** error[t][a] per frame, from the band (trial 0 the live run, the others batched). */
async function runBand(s: Settings): Promise<BandFrame[]> {
  const primary = await prepareRun(s);
  const band = (await Band.build(s, primary))!;
  const frames: BandFrame[] = [];
  for (const steps of FRAMES) {
    // As the run loop does: a frame's training loss is its last step's (before that step).
    const primaryFlat = primary.experiment.runFrame(steps, false);
    const size = primaryFlat.size;
    const flat = band.runFrame(steps, primaryFlat);
    const data = (await flat.data()) as Float32Array;
    flat.dispose();
    const figures = primary.experiment.decode(data.subarray(0, size), steps, false);
    frames.push(band.decode(data.subarray(size), figures, primary.teacher, primary.experiment.arms.map((arm) => arm.stopped !== null)));
  }
  band.dispose();
  primary.experiment.dispose();
  return frames;
}

/** The same frames of one seed run alone: errors[frame][arm]. */
async function runAlone(s: Settings): Promise<{ error: number[]; loss: number[]; testLoss: number[] }[]> {
  const { experiment } = await prepareRun(s);
  const out = [];
  for (const steps of FRAMES) {
    const flat = experiment.runFrame(steps, false);
    const frame = experiment.decode((await flat.data()) as Float32Array, steps, false);
    flat.dispose();
    out.push({ error: frame.arms.map((a) => a.error), loss: frame.arms.map((a) => a.loss), testLoss: frame.arms.map((a) => a.testLoss) });
  }
  experiment.dispose();
  return out;
}

/** float32: the batched product accumulates in another order than one run's; 100 steps stay well inside this. */
const TOLERANCE = 1e-3;
const close = (a: number, b: number, what = "") => expect(Math.abs(a / b - 1), what).toBeLessThan(TOLERANCE);

describe('bands', () => {
  it('quantiles interpolate order statistics and count a diverged seed as the worst', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.1)).toBeCloseTo(1, 12);
    expect(spread([3, NaN, 1, 2])).toEqual({ median: 2.5, lo: 1.3, hi: Infinity, count: 4 });
  });

  for (const gd of ['full', 'sgd'] as const) {
    it(`gives every seed's curves of R separate runs, arm by arm (gd=${gd})`, async () => {
      const s = settings({ gd, batch: 200 });
      const before = tf.memory().numTensors;
      const band = await runBand(s);
      expect(tf.memory().numTensors).toBe(before);
      expect(band[0].trials).toHaveLength(s.trials);
      for (let t = 0; t < s.trials; t++) {
        const alone = await runAlone({ ...s, seed: s.seed + t, trials: 1 });
        alone.forEach((frame, f) => frame.error.forEach((e, a) => {
          const fig = band[f].trials[t][a]!;
          close(fig.error, e, `error t${t} f${f} a${a}`);
          close(fig.loss, frame.loss[a], `loss t${t} f${f} a${a}`);
          close(fig.testLoss, frame.testLoss[a], `test t${t} f${f} a${a}`);
        }));
      }
      // The readouts' median and band are the quantiles of those R curves.
      const last = band[band.length - 1];
      const summary = summarizeArm(last, 0);
      const errors = last.trials.map((arms) => arms[0]!.error).sort((a, b) => a - b);
      expect(summary.error.median).toBeCloseTo((errors[1] + errors[2]) / 2, 12);
      expect(summary.error.lo).toBeCloseTo(errors[0] + 0.3 * (errors[1] - errors[0]), 12);
      expect(summary.error.hi).toBeCloseTo(errors[2] + 0.7 * (errors[3] - errors[2]), 12);
      expect(summary.seeds).toBe(s.trials);
      const recovered = last.trials.filter((arms) => arms[0]!.maxUnitError <= 0.01 && arms[0]!.signsRight).length;
      expect(summary.success).toBe(recovered / s.trials);
    }, 120_000);
  }

  it('refuses a band whose samples would not fit', () => {
    expect(bandProblem(settings({ trials: 50, n: 1_000_000, d: 50 }))).toMatch(/use at most 1 seed here/);
    expect(bandProblem(settings({}))).toBeNull();
  });
});

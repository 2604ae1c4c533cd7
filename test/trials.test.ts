// The batched trial program: trial t of a cell must be exactly the live experiment with seed s + t, whether it
// trains with others (on WASM, rank-3 products by a scalar loop) or alone (XNNPACK's 2-D products).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../src/core/build';
import { parseGrid, runCell, type CellResult, type MapSpec } from '../src/core/recoveryMap';
import { CHECK_EVERY } from '../src/core/trials';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { DEFAULTS, type Settings } from '../src/core/settings';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

// Four trials of ReLU, d = 6, k = 3, n = 2000: some recover within the budget (at different steps), some not.
const base: Settings = { ...DEFAULTS, act: 'relu', k: 3, lr: 0.2, seed: 11 };
const spec: MapSpec = { grid: parseGrid('n=2000:2000:1,d=6:6:1').grid, trials: 4, init: 'tensor', iters: 300 };
const cell = (options: Parameters<typeof runCell>[4]) => runCell(base, spec, 2000, 6, options);

/**
 * float32 throughout: the batched product (a scalar loop on WASM) accumulates in another order than XNNPACK's,
 * and the difference grows over the steps; 300 steps stay well inside 1e-4 relative. Initial errors are exact
 * (the same tensor initialization, in double precision), and so is the step each trial stops at.
 */
const TOLERANCE = 1e-4;

function expectSameTrials(a: CellResult, b: CellResult) {
  expect(a.trials.map((t) => t.seed)).toEqual(b.trials.map((t) => t.seed));
  a.trials.forEach((t, i) => {
    const [ra, rb] = [t.result!, b.trials[i].result!];
    expect(ra.initError).toBe(rb.initError);
    expect(ra.initErrorFro).toBe(rb.initErrorFro);
    expect(ra.outcome).toBe(rb.outcome);
    expect(ra.iterations).toBe(rb.iterations);
    expect(Math.abs(ra.finalError / rb.finalError - 1)).toBeLessThan(TOLERANCE);
  });
}

describe('batched trials', () => {
  let batched: CellResult;
  beforeAll(async () => {
    batched = await cell({ maxBatch: 4 });
  });

  it('recovers some trials at different steps and not others (the batch shrinks as trials stop)', () => {
    const outcomes = batched.trials.map((t) => t.result!.outcome);
    expect(outcomes).toContain('recovered');
    expect(outcomes).toContain('budget');
    for (const t of batched.trials) {
      const r = t.result!;
      expect(r.iterations % CHECK_EVERY === 0 || r.iterations === spec.iters).toBe(true);
      if (r.outcome === 'recovered') expect(r.finalError).toBeLessThanOrEqual(0.01);
      else expect(r.finalError).toBeGreaterThan(0.01);
    }
    expect(batched.successRate).toBe(outcomes.filter((o) => o === 'recovered').length / 4);
  });

  it('gives each trial the result of the live experiment with seed s + t (its tensor arm, run alone)', async () => {
    for (const [t, trial] of batched.trials.entries()) {
      const r = trial.result!;
      const { experiment, tensor } = await prepareRun({ ...base, n: 2000, d: 6, seed: base.seed + t });
      expect(experiment.arms[0].name).toBe('tensor');
      expect(r.initSignsRight).toBe(tensor!.signsCorrect);
      const flat = experiment.runFrame(r.iterations);
      const frame = experiment.decode((await flat.data()) as Float32Array, r.iterations);
      flat.dispose();
      experiment.dispose();
      expect(Math.abs(r.finalError / frame.arms[0].maxUnitError - 1)).toBeLessThan(TOLERANCE);
    }
  });

  it('matches the trials run one at a time', async () => {
    expectSameTrials(batched, await cell({ maxBatch: 1 }));
  });

  it('leaks no tensors, also when cancelled part-way', async () => {
    const before = tf.memory().numTensors;
    await cell({ maxBatch: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const abort = new AbortController();
    const cancelled = cell({ signal: abort.signal, onProgress: (f) => f > 0.5 && abort.abort() });
    await expect(cancelled).rejects.toThrow(/abort/i);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops a diverging trial with its outcome and keeps the others', async () => {
    const wild = await runCell({ ...base, act: 'sqrelu', lr: 50 }, { ...spec, trials: 2, iters: 100 }, 2000, 6, {});
    expect(wild.trials.map((t) => t.result!.outcome)).toEqual(['diverged', 'diverged']);
    expect(wild.successRate).toBe(0);
  });
});

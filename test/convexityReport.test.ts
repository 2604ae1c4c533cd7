import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args';
import { convexityReport } from '../src/cli/convexityReport';
import { runCli } from '../src/cli/run';
import { buildExperiment } from '../src/core/build';
import { matchUnits } from '../src/core/matching';
import { Rng } from '../src/core/rng';
import { alignToTeacher, band, MAX_RADIUS, MAX_RAYS, radiusGrid, type Ray } from '../src/engine/convexityRegion';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { DEFAULTS, type Settings } from '../src/core/settings';
import { unitCosines } from '../src/ui/convexity/overlap';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const settings = (over: Partial<Settings>): Settings => ({ ...DEFAULTS, d: 6, k: 3, n: 4000, iters: 10, ...over });

async function report(s: Settings) {
  const { experiment } = buildExperiment(s);
  try {
    const initErrors = Object.fromEntries(experiment.arms.map((arm) => [arm.name, arm.initError]));
    const before = tf.memory().numTensors;
    const result = await convexityReport(s, experiment, initErrors);
    expect(tf.memory().numTensors).toBe(before);
    return { result, initErrors };
  } finally {
    experiment.dispose();
  }
}

describe('the CLI convexity report', () => {
  it('squared relu: a finite radius, one curve per ray over the radii, init distances per arm', async () => {
    const s = settings({ act: 'sqrelu', lr: 0.02 });
    const { result, initErrors } = await report(s);
    expect(result.lambdaMinAtStar).toBeGreaterThan(0);
    expect(result.lambdaMaxAtStar).toBeGreaterThan(result.lambdaMinAtStar);
    expect(result.conditionNumber).toBeCloseTo(result.lambdaMaxAtStar / result.lambdaMinAtStar, 10);
    expect(result.method).toBe('exact');
    expect(result.predictedRate.rate).toBeCloseTo(1 - 0.02 * result.lambdaMinAtStar, 12);
    expect(result.directions).toHaveLength(MAX_RAYS);
    for (const curve of result.directions) {
      expect(curve.map(([r]) => r)).toEqual(result.radii);
      expect(curve[0]).toEqual([0, result.lambdaMinAtStar]);
    }
    expect(result.radius).not.toBeNull();
    expect(result.radius!).toBeGreaterThan(0);
    expect(result.radius!).toBeLessThan(result.radii[result.radii.length - 1]);
    expect(result.radius).toBe(Math.min(...result.crossings.filter((c): c is number => c !== null)));
    expect(result.initDistance).toEqual(initErrors);
    expect(Object.keys(result.initDistance)).toContain('random');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('is deterministic: the same settings give the same rays', async () => {
    const s = settings({ act: 'tanh', vstar: 'ones' });
    const a = (await report(s)).result;
    const b = (await report(s)).result;
    expect(b.directions).toEqual(a.directions);
    expect(b.radius).toBe(a.radius);
  });

  it('relu: λ_min stays positive along every ray (a Gram matrix), so no radius', async () => {
    const { result } = await report(settings({ act: 'relu' }));
    expect(result.lambdaMinAtStar).toBeGreaterThan(0);
    expect(result.radius).toBeNull();
    expect(result.medianRadius).toBeNull();
    for (const curve of result.directions) for (const [, lam] of curve) expect(lam).toBeGreaterThan(0);
  });
});

describe('--probe convexity', () => {
  it('adds "convexity" to the JSON and a line to the text, with every arm\'s init distance', async () => {
    const argv = ['--act', 'sqrelu', '--d', '6', '--k', '3', '--n', '3000', '--iters', '5', '--lr', '0.02'];
    const plain = await runCli(parseArgs(argv), 'wasm');
    expect(plain.json).not.toHaveProperty('convexity');
    const probed = await runCli(parseArgs([...argv, '--probe', 'convexity']), 'wasm');
    const c = probed.json.convexity as Awaited<ReturnType<typeof convexityReport>>;
    const arms = probed.json.arms as { name: string; initError: number }[];
    expect(c.initDistance).toEqual(Object.fromEntries(arms.map((arm) => [arm.name, arm.initError])));
    expect(c.directions).toHaveLength(MAX_RAYS);
    expect(probed.text).toMatch(/strong convexity: λ_min\(W\*\) [0-9.]+/);
  });
});

describe('the region helpers', () => {
  it('radii reach past the farthest initialization, within [1.5, MAX_RADIUS], starting at W*', () => {
    expect(radiusGrid([0.2, 1.2])).toEqual([0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9, 1.2, 1.5]);
    expect(radiusGrid([2]).at(-1)).toBeCloseTo(2.2, 10);
    expect(radiusGrid([50, NaN]).at(-1)).toBe(MAX_RADIUS);
    expect(radiusGrid([1], true)).toEqual([0, 0.05, 0.15, 0.3, 0.5, 0.9, 1.5]);
  });

  it('band: min and max per radius, smallest and median crossing', () => {
    const ray = (ys: number[], crossing: number | null): Ray => ({ curve: ys.map((y, i) => [i, y]), crossing, lambdaMinAtStar: ys[0] });
    const b = band([ray([1, 0.5, -1], 1.3), ray([1, 0.8, 0.2], null), ray([1, 0.2, -2], 1.1)]);
    expect(b.lower).toEqual([1, 0.2, -2]);
    expect(b.upper).toEqual([1, 0.8, 0.2]);
    expect(b.radius).toBe(1.1);
    expect(b.medianRadius).toBe(1.3);
    expect(band([ray([1, 1], null), ray([1, 1], null)]).medianRadius).toBeNull();
  });

  it('alignment undoes the matching: permuted, flipped units land on the teacher', () => {
    const d = 4, k = 3;
    const Wstar = new Rng(3, 'align').normals64(d * k);
    const perm = [2, 0, 1];
    const W = new Float64Array(d * k);
    for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) W[i * k + perm[j]] = (j === 1 ? -1 : 1) * Wstar[i * k + j];
    const match = matchUnits(W, Wstar, d, k, true);
    expect(match.perm).toEqual(perm);
    expect(Array.from(alignToTeacher(W, match, d, k)!)).toEqual(Array.from(Wstar));
    expect(alignToTeacher(W, { ...match, perm: [] }, d, k)).toBeNull();
    // The overlap map in matched order: ±1 on the diagonal, −1 where the unit entered flipped.
    const cos = unitCosines(W, Wstar, d, k, match.perm);
    expect(cos.map((row, j) => row[j])).toEqual([1, -1, 1].map((x) => expect.closeTo(x, 12)));
  });
});

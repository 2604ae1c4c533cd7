import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activation, type ActivationName } from '../src/core/activations';
import { hermiteCoefficients } from '../src/core/hermite';
import { p2Moment, q1Moment, q2Moment, r3Moment, r3Moments } from '../src/core/moments';
import { Rng } from '../src/core/rng';
import { makeTeacher } from '../src/core/teacher';
import { initNodeBackend } from '../src/engine/nodeBackend';

// Each empirical moment is checked twice on n = 2·10^5 samples (d = 5, k = 3):
//  1. against a plain double-precision reference on the same samples that builds H_j(x) from its definition
//     (a sum over matchings of the slots: ⟨x, c⟩ for unmatched slots, −⟨c_a, c_b⟩ for matched pairs), not from
//     the simplified formulas in moments.ts: to float32 accuracy;
//  2. against the closed form Σ_i v_i c_j(σ_i) Π_slots ⟨w̄_i, c⟩, within 5 Monte-Carlo standard errors of each
//     entry (estimated from the same per-sample terms), plus the float32 allowance.
// Relu labels test the even orders (c_2, c_4 ≠ 0) and squared-relu labels the odd ones (c_3 ≠ 0), so every
// formula is checked against a moment that is really there.

const n = 200_000;
const d = 5;
const k = 3;
const teacher = makeTeacher({ task: 'regression', act: 'relu', slope: 0, d, k, kappa: 1.5, vstar: 'pm1', seed: 7 });
const rng = new Rng(7, 'moments-test');
const Xdata = rng.normals32(n * d);
const units = Array.from({ length: k }, (_unit, i) => {
  const w = Float64Array.from({ length: d }, (_, r) => teacher.W[r * k + i]);
  const sigma = Math.hypot(...w);
  return { v: teacher.v[i], sigma, bar: w.map((x) => x / sigma) };
});

const unit = (v: Float64Array) => v.map((x) => x / Math.hypot(...v));
// Any unit α and orthonormal V will do; near W*'s directions the moments are large enough to test sharply.
const alpha = unit(units.reduce((acc, u) => acc.map((x, r) => x + u.bar[r]), rng.normals64(d).map((x) => 0.3 * x)));
const V = (() => {
  const cols: Float64Array[] = [];
  for (const u of units) {
    const c = u.bar.map((x) => x + 0.3 * rng.normal());
    for (const q of cols) {
      const proj = c.reduce((s, x, i) => s + x * q[i], 0);
      c.forEach((_, i) => (c[i] -= proj * q[i]));
    }
    cols.push(unit(c));
  }
  return Float64Array.from({ length: d * k }, (_, at) => cols[at % k][Math.floor(at / k)]);
})();
// Every contracted slot is one of these vectors: e_0…e_{d−1}, V's columns, α.
const bank = [
  ...Array.from({ length: d }, (_axis, i) => Float64Array.from({ length: d }, (_, r) => (r === i ? 1 : 0))),
  ...Array.from({ length: k }, (_column, p) => Float64Array.from({ length: d }, (_, r) => V[r * k + p])),
  alpha,
];
const E = (i: number) => i;
const COL = (p: number) => d + p;
const ALPHA = d + k;

/** All matchings of slots 0…j−1 (j ≤ 4), as lists of pairs. */
function matchings(j: number): [number, number][][] {
  if (j < 2) return [[]];
  const out: [number, number][][] = [[]];
  const rest = (taken: number[], from: number): [number, number][][] => {
    const found: [number, number][][] = [];
    for (let a = from; a < j; a++) {
      for (let b = a + 1; b < j; b++) {
        if (taken.includes(a) || taken.includes(b)) continue;
        found.push([[a, b]]);
        for (const more of rest([...taken, a, b], a + 1)) found.push([[a, b], ...more]);
      }
    }
    return found;
  };
  return out.concat(rest([], 0));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

let X: tf.Tensor2D;
/** ⟨x_s, bank[b]⟩ for every sample. */
const projections = new Float64Array(n * bank.length);
const data = new Map<ActivationName, { y: tf.Tensor1D; centred: Float64Array; residual: Float64Array }>();

beforeAll(async () => {
  await initNodeBackend('wasm');
  X = tf.tensor2d(Xdata, [n, d]);
  for (let s = 0; s < n; s++) bank.forEach((c, b) => (projections[s * bank.length + b] = dot(Xdata.subarray(s * d, s * d + d), c)));
  for (const name of ['relu', 'sqrelu'] as const) {
    const phi = activation(name).scalar;
    const labels = new Float32Array(n);
    for (let s = 0; s < n; s++) {
      for (let i = 0; i < k; i++) {
        let z = 0;
        for (let r = 0; r < d; r++) z += Xdata[s * d + r] * teacher.W[r * k + i];
        labels[s] += teacher.v[i] * phi(z);
      }
    }
    // The labels moments.ts uses: y − ȳ for M̂_1, y − ȳ − xᵀM̂_1 for orders ≥ 2 (same expectation, less noise).
    const mean = labels.reduce((acc, v) => acc + v, 0) / n;
    const centred = Float64Array.from(labels, (v) => v - mean);
    const m1 = new Float64Array(d);
    for (let s = 0; s < n; s++) for (let r = 0; r < d; r++) m1[r] += (centred[s] * Xdata[s * d + r]) / n;
    const residual = centred.map((v, s) => v - dot(Xdata.subarray(s * d, s * d + d), m1));
    data.set(name, { y: tf.tensor1d(labels), centred, residual });
  }
});

afterAll(() => {
  X.dispose();
  data.forEach(({ y }) => y.dispose());
});

/** Reference mean, standard error and closed form of every entry; `slots(entry)` lists indices into the bank. */
function reference(entries: number, slots: (entry: number) => number[], name: ActivationName, labels: Float64Array) {
  const act = activation(name);
  const c = units.map((u) => hermiteCoefficients(act, u.sigma));
  const mean = new Float64Array(entries);
  const se = new Float64Array(entries);
  const closed = new Float64Array(entries);
  const B = bank.length;
  // The moments are symmetric in their slots: each set of slots is computed once.
  const done = new Map<string, number>();
  for (let e = 0; e < entries; e++) {
    const cs = slots(e);
    const j = cs.length;
    const key = [...cs].sort((a, b) => a - b).join(',');
    const same = done.get(key);
    if (same !== undefined) {
      [mean[e], se[e], closed[e]] = [mean[same], se[same], closed[same]];
      continue;
    }
    done.set(key, e);
    const terms = matchings(j).map((pairs) => ({
      weight: pairs.reduce((w, [a, b]) => -w * dot(bank[cs[a]], bank[cs[b]]), 1),
      free: Int32Array.from([...Array(j).keys()].filter((t) => !pairs.some(([a, b]) => a === t || b === t)).map((t) => cs[t])),
    }));
    let sum = 0;
    let sum2 = 0;
    for (let s = 0; s < n; s++) {
      let h = 0;
      for (const term of terms) {
        let p = term.weight;
        for (let t = 0; t < term.free.length; t++) p *= projections[s * B + term.free[t]];
        h += p;
      }
      const value = labels[s] * h;
      sum += value;
      sum2 += value * value;
    }
    mean[e] = sum / n;
    se[e] = Math.sqrt((sum2 / n - mean[e] ** 2) / n);
    closed[e] = units.reduce((acc, u, i) => acc + u.v * c[i][j] * cs.reduce((p, b) => p * dot(u.bar, bank[b]), 1), 0);
  }
  return { mean, se, closed };
}

const y = (name: ActivationName) => data.get(name)!.y;
const cases: [string, ActivationName, () => Promise<Float64Array>, number, (e: number) => number[]][] = [
  ['P̂_2, j2 = 2', 'relu', () => p2Moment(X, y('relu'), 2, alpha), d * d, (e) => [E(Math.floor(e / d)), E(e % d)]],
  ['P̂_2, j2 = 3', 'sqrelu', () => p2Moment(X, y('sqrelu'), 3, alpha), d * d, (e) => [E(Math.floor(e / d)), E(e % d), ALPHA]],
  ['R̂_3, j3 = 3', 'sqrelu', () => r3Moment(X, y('sqrelu'), V, 3), k ** 3, (e) => [COL(Math.floor(e / k / k)), COL(Math.floor(e / k) % k), COL(e % k)]],
  ['R̂_3, j3 = 4', 'relu', () => r3Moment(X, y('relu'), V, 4, alpha), k ** 3, (e) => [COL(Math.floor(e / k / k)), COL(Math.floor(e / k) % k), COL(e % k), ALPHA]],
  ['Q̂_1, l1 = 1', 'relu', () => q1Moment(X, y('relu'), 1), d, (e) => [E(e)]],
  ['Q̂_1, l1 = 3', 'sqrelu', () => q1Moment(X, y('sqrelu'), 3, alpha), d, (e) => [E(e), ALPHA, ALPHA]],
  ['Q̂_2, l2 = 2', 'relu', () => q2Moment(X, y('relu'), V, 2, alpha), k * k, (e) => [COL(Math.floor(e / k)), COL(e % k)]],
  ['Q̂_2, l2 = 4', 'relu', () => q2Moment(X, y('relu'), V, 4, alpha), k * k, (e) => [COL(Math.floor(e / k)), COL(e % k), ALPHA, ALPHA]],
];

describe('empirical moments', () => {
  it.each(cases)('%s (%s labels): matches the definition on the same samples, and the closed form within 5 SE', async (label, name, empirical, entries, slots) => {
    const got = await empirical();
    const labels = label.startsWith('Q̂_1, l1 = 1') ? data.get(name)!.centred : data.get(name)!.residual;
    const ref = reference(entries, slots, name, labels);
    expect(got.length).toBe(entries);
    const scale = Math.max(...ref.closed.map(Math.abs));
    // The check is sharp: the largest entry stands well clear of the sampling noise.
    expect(scale).toBeGreaterThan(8 * Math.max(...ref.se));
    const float32 = 1e-4 * Math.max(1, scale);
    got.forEach((value, e) => {
      expect(Math.abs(value - ref.mean[e])).toBeLessThan(float32);
      expect(Math.abs(value - ref.closed[e])).toBeLessThan(5 * ref.se[e] + float32);
    });
  });

  it('R̂_3 for several α at once equals R̂_3 for each', async () => {
    const other = unit(rng.normals64(d));
    const [a, b] = await r3Moments(X, y('relu'), V, 4, [alpha, other]);
    const [a1, b1] = [await r3Moment(X, y('relu'), V, 4, alpha), await r3Moment(X, y('relu'), V, 4, other)];
    a.forEach((value, i) => expect(value).toBeCloseTo(a1[i], 6));
    b.forEach((value, i) => expect(value).toBeCloseTo(b1[i], 6));
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await r3Moment(X, y('relu'), V, 4, alpha);
    await q2Moment(X, y('relu'), V, 4, alpha);
    await q1Moment(X, y('relu'), 3, alpha);
    await p2Moment(X, y('relu'), 3, alpha);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activation, type ActivationName } from '../src/core/activations';
import { extremeEigenvalues, predictedRate, radiusProbe } from '../src/core/convexity';
import { chooseResolution, lossSlice, orthonormalPair } from '../src/core/landscape';
import { Rng } from '../src/core/rng';
import { evaluate, lossOnly } from '../src/core/student';
import { makeSamples, makeTeacher, type Teacher } from '../src/core/teacher';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

interface Setup {
  teacher: Teacher;
  X: tf.Tensor2D;
  y: tf.Tensor2D;
}

const live: tf.Tensor[] = [];
afterAll(() => tf.dispose(live));

/** A noiseless regression teacher and its samples, uploaded once per test. */
function setup(act: ActivationName, d: number, k: number, kappa: number, n: number, vstar: 'ones' | 'pm1', seed = 1): Setup {
  const teacher = makeTeacher({ task: 'regression', act, slope: 0.1, d, k, kappa, vstar, seed });
  const s = makeSamples(teacher, { task: 'regression', act, slope: 0.1, n, noise: 0, seed, stream: 'train' });
  const X = tf.tensor2d(s.X, [n, d]);
  const y = tf.tensor2d(s.y, [n, 1]);
  live.push(X, y);
  return { teacher, X, y };
}

const frobenius = (W: ArrayLike<number>) => Math.hypot(...Array.from(W));

describe('local strong convexity at W* (Zhong et al., Property 3.2)', () => {
  const cases: [ActivationName, 'ones' | 'pm1'][] = [['relu', 'ones'], ['sqrelu', 'pm1'], ['sigmoid', 'ones'], ['tanh', 'ones']];
  it.each(cases)('%s: λ_min(∇²f(W*)) > 0 at n = 2·10⁴, d = 10, k = 5', async (name, vstar) => {
    const { teacher, X, y } = setup(name, 10, 5, 2, 20_000, vstar);
    const before = tf.memory().numTensors;
    const e = await extremeEigenvalues({ X, y, W: teacher.W, v: teacher.v, act: activation(name), loss: 'squared' });
    expect(tf.memory().numTensors).toBe(before);
    expect(e.method).toBe('exact');
    console.info(`${name}: λ_min = ${e.lambdaMin.toPrecision(4)}, λ_max = ${e.lambdaMax.toPrecision(4)}`);
    // Far above float32 noise (~1e-6 λ_max): positive definiteness, not rounding. Sigmoid, the flattest, sits near 1e-2.
    expect(e.lambdaMin).toBeGreaterThan(1e-3 * e.lambdaMax);
  });

  it('λ_min at W* drops as the condition number κ grows', async () => {
    const relu: number[] = [];
    const sqreluRatio: number[] = [];
    for (const kappa of [1, 2, 4, 8]) {
      for (const name of ['relu', 'sqrelu'] as const) {
        const { teacher, X, y } = setup(name, 10, 5, kappa, 20_000, 'ones');
        const e = await extremeEigenvalues({ X, y, W: teacher.W, v: teacher.v, act: activation(name), loss: 'squared' });
        if (name === 'relu') relu.push(e.lambdaMin);
        else sqreluRatio.push(e.lambdaMin / e.lambdaMax);
      }
    }
    console.info(`relu λ_min for κ = 1, 2, 4, 8: ${relu.map((x) => x.toPrecision(3)).join(', ')}`);
    console.info(`sqrelu λ_min/λ_max: ${sqreluRatio.map((x) => x.toPrecision(3)).join(', ')}`);
    // relu's φ′ ignores ‖w_j‖, so its λ_min falls with κ outright; squared relu's Hessian grows with the norms
    // (its λ_min rises in absolute terms), but relative to λ_max it falls just the same.
    for (let i = 1; i < 4; i++) {
      expect(relu[i]).toBeLessThan(0.9 * relu[i - 1]);
      expect(sqreluRatio[i]).toBeLessThan(0.9 * sqreluRatio[i - 1]);
    }
  });
});

describe('predicted rate', () => {
  it('is 1 − ηλ_min, valid only for η ≤ 1/λ_max', () => {
    expect(predictedRate(0.5, 10, 0.1)).toEqual({ rate: 0.95, valid: true });
    expect(predictedRate(0.5, 10, 0.11).valid).toBe(false);
    expect(predictedRate(-0.1, 10, 0.1).rate).toBeGreaterThan(1);
  });

  // GD from W* + 1% of ‖W*‖ in a random direction, with a fixed η below 1/λ_max (fixed, not 1/λ_max, so that a
  // Hessian off by a constant factor fails too). Late on, the error is the slowest mode's:
  // ‖W_t − W*‖ ∝ (1 − ηλ_min)^t. The fit window is the error band [2e-5, 2e-4] (relative): above it the next
  // mode (λ_2 ≈ 1.6–1.8 λ_min here) still adds a few percent to the slope; below it float32's fixed point, about
  // 2e-6 from W*, starts to bend the line. In the window both effects stay near 1% of 1 − ρ, so agreement to 5% of
  // ηλ_min is a real check: a Hessian off by a factor, or with a wrong v_j v_l coupling, misses it by far more.
  it.each([
    ['sqrelu', 0.03],
    ['relu', 0.6],
  ] as const)('%s: GD contracts at the rate λ_min(W*) predicts (η = %s)', async (name, lr) => {
    const d = 5, k = 3;
    const { teacher, X, y } = setup(name, d, k, 2, 20_000, 'ones');
    const act = activation(name);
    const e = await extremeEigenvalues({ X, y, W: teacher.W, v: teacher.v, act, loss: 'squared' });
    const predicted = predictedRate(e.lambdaMin, e.lambdaMax, lr);
    expect(predicted.valid).toBe(true);
    const scale = frobenius(teacher.W);
    const dir = new Rng(1, 'gd-start').unitVector(d * k);
    let W = tf.tensor2d(Float32Array.from(teacher.W.map((w, p) => w + 0.01 * scale * dir[p])), [d, k]);
    const v = tf.tensor2d(Float32Array.from(teacher.v), [1, k]);
    const window: [number, number][] = [];
    for (let t = 0; t < 1000; t++) {
      const err = frobenius(Array.from(await W.data(), (w, p) => w - teacher.W[p])) / scale;
      if (err < 2e-5) break;
      if (err <= 2e-4) window.push([t, Math.log(err)]);
      const ev = evaluate(X, y, W, v, act, 'squared');
      const next = tf.tidy(() => tf.sub(W, tf.mul(ev.gradW, lr))) as tf.Tensor2D;
      tf.dispose([ev.loss, ev.gradW, ev.gradV, W]);
      W = next;
    }
    tf.dispose([W, v]);
    expect(window.length).toBeGreaterThan(40);
    const mt = window.reduce((s, [t]) => s + t, 0) / window.length;
    const ml = window.reduce((s, [, l]) => s + l, 0) / window.length;
    const slope = window.reduce((s, [t, l]) => s + (t - mt) * (l - ml), 0) / window.reduce((s, [t]) => s + (t - mt) ** 2, 0);
    const measured = Math.exp(slope);
    console.info(`${name}: predicted rate ${predicted.rate.toFixed(5)}, measured ${measured.toFixed(5)} over ${window.length} steps`);
    expect(Math.abs(1 - measured - lr * e.lambdaMin)).toBeLessThan(0.05 * lr * e.lambdaMin);
  });
});

describe('radius of the strong convexity region', () => {
  it('is finite and positive for squared relu (d = 10, k = 5, κ = 2, n = 10⁴)', async () => {
    const { teacher, X, y } = setup('sqrelu', 10, 5, 2, 10_000, 'pm1');
    const radii = Array.from({ length: 21 }, (_, i) => i * 0.05);
    const args = { X, y, Wstar: teacher.W, v: teacher.v, act: activation('sqrelu'), loss: 'squared' as const, directions: 8, radii, seed: 1 };
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const probe = await radiusProbe(args);
    const ms = performance.now() - t0;
    expect(tf.memory().numTensors).toBe(before);
    console.info(`radius ${probe.radius?.toFixed(3)}, median ${probe.medianRadius?.toFixed(3)}, λ_min(W*) ${probe.lambdaMinAtStar.toPrecision(4)}, ${8 * 20 + 1} Hessians in ${ms.toFixed(0)} ms`);
    expect(probe.lambdaMinAtStar).toBeGreaterThan(0);
    expect(probe.curves).toHaveLength(8);
    for (const curve of probe.curves) {
      expect(curve.map(([r]) => r)).toEqual(radii);
      expect(curve[0][1]).toBe(probe.lambdaMinAtStar);
    }
    expect(probe.radius).not.toBeNull();
    const radius = probe.radius!;
    expect(radius).toBeGreaterThan(0);
    expect(radius).toBeLessThan(1);
    expect(probe.medianRadius!).toBeGreaterThanOrEqual(radius);
    // The reported radius is a sign change of the curve it came from, between neighbouring radii.
    const dir = probe.crossings.indexOf(radius);
    const curve = probe.curves[dir];
    const i = curve.findIndex(([, lam]) => lam <= 0);
    expect(curve[i - 1][1]).toBeGreaterThan(0);
    expect(radius).toBeGreaterThan(curve[i - 1][0]);
    expect(radius).toBeLessThanOrEqual(curve[i][0]);
  });
});

describe('loss landscape slice', () => {
  it('has its minimum at W* for noiseless labels, rows along b and columns along a', async () => {
    const d = 5, k = 3;
    const { teacher, X, y } = setup('sqrelu', d, k, 2, 5_000, 'pm1');
    const act = activation('sqrelu');
    const rng = new Rng(7, 'slice');
    const D1 = rng.normals64(d * k);
    const D2 = rng.normals64(d * k);
    const args = { X, y, Wstar: teacher.W, v: teacher.v, act, loss: 'squared' as const, D1, D2, extent: 0.5, resolution: 11 };
    const before = tf.memory().numTensors;
    const slice = await lossSlice(args);
    await lossSlice(args);
    expect(tf.memory().numTensors).toBe(before);
    expect(slice.a).toHaveLength(11);
    expect(slice.b).toHaveLength(11);
    expect(slice.a[5]).toBe(0);
    expect(slice.loss).toHaveLength(11);
    for (const row of slice.loss) expect(row).toHaveLength(11);
    let best = [0, 0];
    slice.loss.forEach((row, ib) => row.forEach((value, ia) => {
      if (value < slice.loss[best[0]][best[1]]) best = [ib, ia];
    }));
    expect(best).toEqual([5, 5]);
    expect(slice.loss[5][5]).toBeLessThan(1e-9);
    // Ordering: loss[ib][ia] is the loss at W* + ‖W*‖(a e1 + b e2), checked at an off-diagonal node.
    const [e1, e2] = orthonormalPair(D1, D2);
    const scale = frobenius(teacher.W);
    const [ia, ib] = [8, 2];
    const W = teacher.W.map((w, p) => w + scale * (slice.a[ia] * e1[p] + slice.b[ib] * e2[p]));
    const direct = tf.tidy(() => lossOnly(X, y, tf.tensor2d(Float32Array.from(W), [d, k]), tf.tensor2d(Float32Array.from(teacher.v), [1, k]), act, 'squared'));
    const value = (await direct.data())[0];
    direct.dispose();
    expect(slice.loss[ib][ia]).toBeCloseTo(value, 5);
    expect(Math.abs(slice.loss[ib][ia] - slice.loss[ia][ib])).toBeGreaterThan(1e-3 * value);
    // project() inverts the grid coordinates; the part of W off the plane is dropped.
    const [, f] = orthonormalPair(e1, rng.normals64(d * k));
    const [, offPlane] = orthonormalPair(e2, f);
    const [pa, pb] = slice.project(W.map((w, p) => w + 0.2 * scale * offPlane[p]));
    expect(pa).toBeCloseTo(slice.a[ia], 10);
    expect(pb).toBeCloseTo(slice.b[ib], 10);
    // Along the a-axis the loss rises away from W*, on both sides.
    const mid = slice.loss[5];
    for (let i = 5; i < 10; i++) expect(mid[i + 1]).toBeGreaterThan(mid[i]);
    for (let i = 5; i > 0; i--) expect(mid[i - 1]).toBeGreaterThan(mid[i]);
  });

  it('picks an odd resolution in [11, 61] from a timed batch', async () => {
    expect(chooseResolution(1e-4, 1000)).toBe(61);
    expect(chooseResolution(1, 1000)).toBe(31);
    expect(chooseResolution(50, 1000)).toBe(11);
    const d = 5, k = 3;
    const { teacher, X, y } = setup('tanh', d, k, 2, 5_000, 'ones');
    const rng = new Rng(8, 'slice');
    const args = { X, y, Wstar: teacher.W, v: teacher.v, act: activation('tanh'), loss: 'squared' as const, D1: rng.normals64(d * k), D2: rng.normals64(d * k), extent: 1, resolution: 'auto' as const, budgetMs: 1000 };
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const slice = await lossSlice(args);
    const ms = performance.now() - t0;
    expect(tf.memory().numTensors).toBe(before);
    console.info(`auto resolution ${slice.resolution} in ${ms.toFixed(0)} ms (n = 5000, k = 3)`);
    expect(slice.resolution % 2).toBe(1);
    expect(slice.resolution).toBeGreaterThanOrEqual(11);
    expect(slice.resolution).toBeLessThanOrEqual(61);
    expect(slice.loss).toHaveLength(slice.resolution);
  });

  it('refuses parallel directions', () => {
    const D = Float64Array.from([1, 2, 3]);
    expect(() => orthonormalPair(D, D.map((x) => -2 * x))).toThrow(/parallel/);
  });
});

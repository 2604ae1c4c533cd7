import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation, type Activation, type ActivationName } from '../src/core/activations';
import { extremeEigenvalues } from '../src/core/convexity';
import { fromUnitMajor, hessian, hessianAssembler, hessianOperator, hvp, toUnitMajor } from '../src/core/hessian';
import { lanczos } from '../src/core/lanczos';
import { Rng } from '../src/core/rng';
import type { LossName } from '../src/core/student';
import { makeSamples, makeTeacher } from '../src/core/teacher';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

interface Problem {
  n: number;
  d: number;
  k: number;
  X: Float64Array;
  y: Float64Array;
  W: Float64Array;
  v: Float64Array;
  act: Activation;
  loss: LossName;
}

/** The network's output on sample s, in double precision; leaves the pre-activations w_jᵀx_s in z. */
function outputAt(p: Problem, W: Float64Array, s: number, z: Float64Array): number {
  const { d, k, X, v, act } = p;
  z.fill(0);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) z[j] += X[s * d + i] * W[i * k + j];
  let H = 0;
  for (let j = 0; j < k; j++) H += v[j] * act.scalar(z[j]);
  return H;
}

/** ∇_W f in double precision, unit-major: 1/n Σ_s ℓ′(H_s) v_j φ′(w_jᵀx_s) x_s. */
function refGradient(p: Problem, W: Float64Array): Float64Array {
  const { n, d, k, X, y, v, act, loss } = p;
  const grad = new Float64Array(d * k);
  const z = new Float64Array(k);
  for (let s = 0; s < n; s++) {
    const H = outputAt(p, W, s, z);
    const dl = loss === 'squared' ? H - y[s] : (H - y[s]) / (H * (1 - H));
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < d; i++) grad[j * d + i] += (dl * v[j] * act.scalarD(z[j]) * X[s * d + i]) / n;
    }
  }
  return grad;
}

/** Central differences of the double-precision gradient: column q is ∂∇f/∂(unit-major coordinate q). */
function refHessian(p: Problem, h = 1e-5): Float64Array {
  const dk = p.d * p.k;
  const H = new Float64Array(dk * dk);
  for (let q = 0; q < dk; q++) {
    const at = (sign: number) => {
      const u = toUnitMajor(p.W, p.d, p.k);
      u[q] += sign * h;
      return refGradient(p, fromUnitMajor(u, p.d, p.k));
    };
    const plus = at(1);
    const minus = at(-1);
    for (let r = 0; r < dk; r++) H[r * dk + q] = (plus[r] - minus[r]) / (2 * h);
  }
  return H;
}

/** The Gauss–Newton part alone (no φ″ term): the reference must tell it apart from the full Hessian. */
function refGaussNewton(p: Problem): Float64Array {
  const { n, d, k, X, y, W, v, act, loss } = p;
  const dk = d * k;
  const G = new Float64Array(dk * dk);
  const z = new Float64Array(k);
  for (let s = 0; s < n; s++) {
    const H = outputAt(p, W, s, z);
    const d2l = loss === 'squared' ? 1 : y[s] / H ** 2 + (1 - y[s]) / (1 - H) ** 2;
    for (let a = 0; a < dk; a++) {
      const ga = v[Math.floor(a / d)] * act.scalarD(z[Math.floor(a / d)]) * X[s * d + (a % d)];
      for (let b = 0; b < dk; b++) {
        G[a * dk + b] += (d2l * ga * v[Math.floor(b / d)] * act.scalarD(z[Math.floor(b / d)]) * X[s * d + (b % d)]) / n;
      }
    }
  }
  return G;
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

/** Random data in float32-representable doubles (what the backend sees), W with every |w_jᵀx_s| ≥ 0.05. */
function problem(name: ActivationName, loss: LossName, n = 50, d = 4, k = 3): Problem {
  const rng = new Rng(11, `hessian:${name}:${loss}`);
  const X = Float64Array.from(rng.normals32(n * d));
  const y = loss === 'squared' ? Float64Array.from(rng.normals32(n)) : Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
  const v = loss === 'squared' ? Float64Array.from({ length: k }, () => rng.sign()) : new Float64Array(k).fill(1 / k);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const W = Float64Array.from(rng.normals32(d * k));
    let margin = Infinity;
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < k; j++) {
        let z = 0;
        for (let i = 0; i < d; i++) z += X[s * d + i] * W[i * k + j];
        margin = Math.min(margin, Math.abs(z));
      }
    }
    // relu's and sqrelu's derivatives jump at 0: keep every kink well outside the finite-difference step.
    if (margin >= 0.05 || name === 'sigmoid' || name === 'tanh') return { n, d, k, X, y, W, v, act: activation(name, 0.2), loss };
  }
  throw new Error('no W with all pre-activations away from 0');
}

function tensors(p: Problem) {
  return { X: tf.tensor2d(Float32Array.from(p.X), [p.n, p.d]), y: tf.tensor2d(Float32Array.from(p.y), [p.n, 1]) };
}

const CASES: [ActivationName, LossName][] = [...ACTIVATIONS.map((a): [ActivationName, LossName] => [a, 'squared']), ['sigmoid', 'cross-entropy']];

describe('assembled Hessian', () => {
  it.each(CASES)('%s with %s loss matches central differences of the float64 gradient', async (name, loss) => {
    const p = problem(name, loss);
    const { X, y } = tensors(p);
    const before = tf.memory().numTensors;
    const H = await hessian({ X, y, W: p.W, v: p.v, act: p.act, loss });
    expect(tf.memory().numTensors).toBe(before);
    const ref = refHessian(p);
    const scale = maxAbs(ref);
    // float32 sums of 50 terms are good to ~1e-6 relative, the O(h²) difference to ~1e-9: 1e-4 is loose for
    // both, and far below what a wrong term, sign or index order costs (≥ 1e-2 of the scale, checked below).
    expect(maxDiff(H, ref)).toBeLessThan(1e-4 * scale);
    const dk = p.d * p.k;
    for (let a = 0; a < dk; a++) for (let b = 0; b < a; b++) expect(H[a * dk + b]).toBe(H[b * dk + a]);
    const curvatureTerm = maxDiff(refGaussNewton(p), ref);
    if (p.act.scalarD2(1) === 0) expect(curvatureTerm).toBeLessThan(1e-6 * scale);
    else expect(curvatureTerm).toBeGreaterThan(1e-2 * scale);
    tf.dispose([X, y]);
  });

  it('uses unit-major order: index j·d + i is coordinate i of unit j', async () => {
    // With v_1 = 0 unit 1 does not touch the loss: exactly its d rows and columns, j·d + i for j = 1, vanish.
    const p = problem('sqrelu', 'squared');
    const { X, y } = tensors(p);
    const v = Float64Array.from(p.v);
    v[1] = 0;
    const H = await hessian({ X, y, W: p.W, v, act: p.act, loss: 'squared' });
    const dk = p.d * p.k;
    for (let a = 0; a < dk; a++) {
      const unitA = Math.floor(a / p.d);
      expect(Math.abs(H[a * dk + a]) > 0).toBe(unitA !== 1);
      for (let b = 0; b < dk; b++) if (unitA === 1 || Math.floor(b / p.d) === 1) expect(H[a * dk + b]).toBe(0);
    }
    tf.dispose([X, y]);
  });
});

describe('row blocks', () => {
  it.each([
    ['kept', 1 << 24],
    ['rebuilt per point', 0],
  ])('give the same Hessian when the samples are summed in blocks, moments %s', async (_, cacheEntries) => {
    // 10 moments (d = 4) and 12 coefficient rows (k = 3) per sample: 60 samples per block, so 150 take three.
    const p = problem('tanh', 'squared', 150, 4, 3);
    const { X, y } = tensors(p);
    const before = tf.memory().numTensors;
    const assembler = hessianAssembler({ X, y, v: p.v, act: p.act, loss: 'squared' }, { blockEntries: 720, cacheEntries });
    const H = await assembler.at(p.W);
    assembler.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const ref = refHessian(p);
    expect(maxDiff(H, ref)).toBeLessThan(1e-4 * maxAbs(ref));
    tf.dispose([X, y]);
  });
});

describe('Hessian-vector products', () => {
  it.each(CASES)('%s with %s loss: hvp(u) = H·u', async (name, loss) => {
    const p = problem(name, loss);
    const { X, y } = tensors(p);
    const args = { X, y, W: p.W, v: p.v, act: p.act, loss };
    const H = await hessian(args);
    const dk = p.d * p.k;
    const u = new Rng(2, 'hvp').unitVector(dk);
    const Hu = new Float64Array(dk);
    for (let a = 0; a < dk; a++) for (let b = 0; b < dk; b++) Hu[a] += H[a * dk + b] * u[b];
    const before = tf.memory().numTensors;
    const got = await hvp(args, u);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxDiff(got, Hu)).toBeLessThan(1e-4 * maxAbs(Hu));
    tf.dispose([X, y]);
  });
});

describe('Lanczos', () => {
  it('finds the ends of a known spectrum from products alone', async () => {
    // A diagonal operator: a separated bottom (−0.5) and top (10, 12) around a bulk in [0, 1].
    const dim = 400;
    const diag = Float64Array.from({ length: dim }, (_, i) => i / dim);
    diag[17] = -0.5;
    diag[200] = 10;
    diag[300] = 12;
    const res = await lanczos((u) => u.map((x, i) => diag[i] * x), dim, { maxIter: 80, seed: 3 });
    expect(res.lambdaMin).toBeCloseTo(-0.5, 8);
    expect(res.lambdaMax).toBeCloseTo(12, 8);
    expect(res.iterations).toBeLessThanOrEqual(80);
    // On a space smaller than the cap it is exact.
    const small = await lanczos((u) => Float64Array.from([2 * u[0] + u[1], u[0] + 2 * u[1], 5 * u[2]]), 3);
    expect(small.lambdaMin).toBeCloseTo(1, 12);
    expect(small.lambdaMax).toBeCloseTo(5, 12);
  });

  it('matches the exact extreme eigenvalues of a Hessian (d = 20, k = 5) with fewer steps than dk', async () => {
    const d = 20, k = 5, n = 4000;
    const teacher = makeTeacher({ task: 'regression', act: 'sqrelu', slope: 0.1, d, k, kappa: 2, vstar: 'pm1', seed: 4 });
    const s = makeSamples(teacher, { task: 'regression', act: 'sqrelu', slope: 0.1, n, noise: 0, seed: 4, stream: 'train' });
    const X = tf.tensor2d(s.X, [n, d]);
    const y = tf.tensor2d(s.y, [n, 1]);
    // Off W*, so the φ″ term is live and the Hessian is not a Gram matrix.
    const offset = new Rng(4, 'offset').normals64(d * k);
    const W = teacher.W.map((w, i) => w + 0.3 * offset[i]);
    const args = { X, y, W, v: teacher.v, act: activation('sqrelu'), loss: 'squared' as const };
    const before = tf.memory().numTensors;
    const exact = await extremeEigenvalues({ ...args, method: 'exact' });
    const op = hessianOperator(args);
    const approx = await lanczos((u) => op.apply(u), d * k, { maxIter: 60, seed: 1 });
    op.dispose();
    const auto = await extremeEigenvalues({ ...args, method: 'lanczos' });
    expect(tf.memory().numTensors).toBe(before);
    expect(approx.iterations).toBeLessThanOrEqual(60);
    const scale = exact.lambdaMax;
    expect(Math.abs(approx.lambdaMin - exact.lambdaMin)).toBeLessThan(1e-4 * scale);
    expect(Math.abs(approx.lambdaMax - exact.lambdaMax)).toBeLessThan(1e-4 * scale);
    expect(Math.abs(auto.lambdaMin - exact.lambdaMin)).toBeLessThan(1e-4 * scale);
    expect(auto.method).toBe('lanczos');
    tf.dispose([X, y]);
  });
});

describe('assembler', () => {
  it('reuses its per-sample moments across points and frees them', async () => {
    const p = problem('tanh', 'squared');
    const { X, y } = tensors(p);
    const before = tf.memory().numTensors;
    const assembler = hessianAssembler({ X, y, v: p.v, act: p.act, loss: 'squared' });
    const W2 = p.W.map((w) => 1.5 * w);
    const [H1, H2] = [await assembler.at(p.W), await assembler.at(W2)];
    assembler.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(maxDiff(H1, await hessian({ X, y, W: p.W, v: p.v, act: p.act, loss: 'squared' }))).toBe(0);
    expect(maxDiff(H2, refHessian({ ...p, W: W2 }))).toBeLessThan(1e-4 * maxAbs(H2));
    tf.dispose([X, y]);
  });
});

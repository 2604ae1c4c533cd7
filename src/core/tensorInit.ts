// The tensor-method initialization (Zhong et al. 2017, Algorithm 1, generalized; SPEC §3): subspace from P̂_2,
// directions from the decomposition of R̂_3 = P̂_3(V,V,V), then norms and signs from two small least-squares fits
// (RecMagSign). It sees only X, y and the settings, never the teacher: its error must shrink like 1/√n.
import * as tf from '@tensorflow/tfjs-core';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { activation, ACTIVATION_LABELS, type ActivationName } from './activations';
import type { StageListener } from './buildStages';
import { DUPLICATE_COSINE, replaceDuplicates } from './duplicateUnits';
import { topEigenvectors } from './eigen';
import { momentOrders, normFromMoment, type MomentOrders } from './hermite';
import { p2Moment, p2Moments, q1Moment, q2Moment, r3Moment, r3Moments } from './moments';
import { Rng } from './rng';
import { maxCosine, symmetricCP } from './tensorDecomposition';

export interface TensorInitInput {
  /** n×d samples on the active backend. */
  X: tf.Tensor2D;
  /** n labels; for classification 0/1 (E[y|x] = Σ v_i φ(w_iᵀx), v_i = 1/k). */
  y: tf.Tensor1D;
  act: ActivationName;
  /** Leaky relu's a. */
  slope: number;
  k: number;
  /** Split the samples into three parts, one per stage, as the paper's proof does (default false). */
  split: boolean;
  /** Output weights when the problem fixes them (all ones; all 1/k); null for ±1 (recovered). */
  knownV: Float64Array | null;
  /** Seeds α, the slice vectors etc. via new Rng(seed, 'tensor:…'). */
  seed: number;
  /** Hears each stage as it begins (the app's progress for long builds). */
  onStage?: StageListener;
}

export interface TensorInitResult {
  /** d×k row-major, column j = unit j. */
  W: Float64Array;
  /** k output weights (recovered signs, or knownV). */
  v: Float64Array;
  diagnostics: {
    j2: number;
    j3: number;
    l1: number;
    /** 0 when no even order carries the teacher (sigmoid, tanh): the output signs are then not recovered. */
    l2: number;
    /** Eigenvalues of P̂_2, sorted by |λ| descending. */
    p2Spectrum: number[];
    /** Indices into p2Spectrum of the k chosen. */
    chosen: number[];
    /** d×k orthonormal basis used (row-major), for the subspace angle against W*. */
    V: Float64Array;
    /** moments: every empirical moment (P̂_2, R̂_3, Q̂_1, Q̂_2); magnitudes: RecMagSign's fits and norm inversions. */
    seconds: { moments: number; eigen: number; decomposition: number; magnitudes: number; total: number };
    warnings: string[];
  };
}

export class TensorInitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TensorInitError';
  }
}

/** Fewest samples per stage: ten per unknown weight. Below it the moments are mostly noise. */
export function minSamples(d: number, k: number): number {
  return 10 * d * k;
}

/** A norm this flat in c_1 (d log σ / d log c_1 above it) is reported as poorly determined. */
const AMPLIFICATION_WARN = 10;

function checkInput(input: TensorInitInput): MomentOrders {
  const { X, y, k, knownV } = input;
  const [n, d] = X.shape;
  const orders = momentOrders(activation(input.act, input.slope));
  if (!orders) {
    throw new TensorInitError(
      `${ACTIVATION_LABELS[input.act]} with a = ${input.slope} is linear: every Hermite moment of order ≥ 2 vanishes, ` +
        'so the teacher\'s units cannot be told apart (only Σ v_i w_i is identifiable).',
    );
  }
  if (!Number.isInteger(k) || k < 1) throw new TensorInitError(`k must be a positive integer, not ${k}.`);
  if (k > d) throw new TensorInitError(`k = ${k} > d = ${d}: the tensor method needs k ≤ d independent directions.`);
  if (y.shape[0] !== n) throw new TensorInitError(`X has ${n} rows but y has ${y.shape[0]} labels.`);
  if (knownV && knownV.length !== k) throw new TensorInitError(`knownV has ${knownV.length} entries, not k = ${k}.`);
  const need = minSamples(d, k);
  if (input.split && Math.floor(n / 3) < need) {
    throw new TensorInitError(`Sample splitting gives each of the three stages ⌊${n}/3⌋ samples; it needs at least ${need} (n ≥ ${3 * need}) for d = ${d}, k = ${k}.`);
  }
  if (n < need) throw new TensorInitError(`n = ${n} is too small: the tensor method needs at least ${need} samples for d = ${d}, k = ${k}.`);
  return orders;
}

/** The three stages' samples: thirds of (X, y) when splitting, else all of it three times. */
function stageSamples(X: tf.Tensor2D, y: tf.Tensor1D, split: boolean): { X: tf.Tensor2D; y: tf.Tensor1D; owned: boolean }[] {
  if (!split) return [0, 1, 2].map(() => ({ X, y, owned: false }));
  const [n, d] = X.shape;
  const size = Math.floor(n / 3);
  return [0, 1, 2].map((part) => ({
    X: tf.slice(X, [part * size, 0], [size, d]),
    y: tf.slice(y, [part * size], [size]),
    owned: true,
  }));
}

/** α's for P̂_2 when j2 = 3: enough that no unit has small |αᵀw̄_i| in all of them. */
const P2_SLICES = 8;

/**
 * The matrix whose top eigenvectors span W*. j2 = 2: P̂_2. j2 = 3: P̂_2(α) = Σ_i v_i c_3(σ_i)(αᵀw̄_i) w̄_i w̄_iᵀ weighs
 * unit i by αᵀw̄_i, and with one random α a unit with small |αᵀw̄_i| drops out of the subspace (sigmoid, d = 6,
 * k = 3: the subspace was still 1.3 rad off at n = 800,000 in one seed of four). So the mean square
 * (1/L) Σ_l P̂_2(α_l)² over L = P2_SLICES random α is used: its range is span(W*) whatever one α does, and its
 * eigenvalues are the squares of a root-mean-square P̂_2's (`squared`).
 */
async function subspaceMatrix(X: tf.Tensor2D, y: tf.Tensor1D, j2: number, rng: Rng, d: number): Promise<{ matrix: Float64Array; squared: boolean }> {
  if (j2 === 2) return { matrix: await p2Moment(X, y, 2, new Float64Array(d)), squared: false };
  const slices = await p2Moments(X, y, 3, Array.from({ length: P2_SLICES }, () => rng.unitVector(d)));
  const matrix = new Float64Array(d * d);
  for (const P of slices) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let m = 0; m < d; m++) sum += P[i * d + m] * P[m * d + j];
      matrix[i * d + j] += sum / slices.length;
    }
  }
  return { matrix, squared: true };
}

/**
 * The tensor to decompose. j3 = 3: R̂_3 = M̂_3(V, V, V). j3 = 4 (relu): R̂_3 = M̂_4(V, V, V, α) weighs unit i by
 * αᵀw̄_i, and with one random α some units come out too weak to see (in a d = 10, k = 5 trial, three of five
 * had |αᵀw̄_i| < 0.05 and the init error was O(100)). So R̂_3 is taken for α = V e_l, l = 1…k, and the k
 * tensors stacked: together they are M̂_4(V, V, V, V) = Σ_i v_i c_4(σ_i) u_i^{⊗4}, with no α at all, and that
 * fourth-order tensor is decomposed instead.
 */
async function reducedTensor(X: tf.Tensor2D, y: tf.Tensor1D, V: Float64Array, j3: number, k: number): Promise<{ values: Float64Array; order: 3 | 4 }> {
  if (j3 === 3) return { values: await r3Moment(X, y, V, 3), order: 3 };
  const d = V.length / k;
  const columns = Array.from({ length: k }, (_column, l) => Float64Array.from({ length: d }, (_, row) => V[row * k + l]));
  const values = new Float64Array(k ** 4);
  (await r3Moments(X, y, V, 4, columns)).forEach((R, l) => R.forEach((value, at) => (values[at * k + l] = value)));
  return { values, order: 4 };
}

/**
 * Singular values below this fraction of the largest are dropped. At 1e-3, relu at d = 20, k = 10 with a few
 * thousand samples got directions 0.989 apart, norms up to 360 and init errors of 10–90 (seed 1, n = 2,000 /
 * 4,000 / 8,000); at 0.1 the same runs start at 0.97 / 0.84 / 1.07, and runs that were fine are unchanged.
 */
const LSTSQ_CUTOFF = 0.1;

/**
 * argmin_c ‖B c − target‖ for the columns B (each of length target.length), by an SVD that drops directions
 * with small singular values (LSTSQ_CUTOFF): when too few samples make the decomposition return correlated
 * directions, they share the moment instead of growing into huge cancelling units.
 */
function leastSquares(columns: Float64Array[], target: Float64Array): Float64Array {
  const B = new Matrix(target.length, columns.length);
  columns.forEach((col, j) => col.forEach((value, i) => B.set(i, j, value)));
  const svd = new SingularValueDecomposition(B, { autoTranspose: true });
  const [U, s, W] = [svd.leftSingularVectors, svd.diagonal, svd.rightSingularVectors];
  const out = new Float64Array(columns.length);
  s.forEach((value, m) => {
    if (value <= LSTSQ_CUTOFF * s[0]) return;
    let proj = 0;
    for (let i = 0; i < target.length; i++) proj += U.get(i, m) * target[i];
    for (let j = 0; j < columns.length; j++) out[j] += (W.get(j, m) * proj) / value;
  });
  return out;
}

const signOf = (x: number) => (x < 0 ? -1 : 1);

export async function tensorInit(input: TensorInitInput): Promise<TensorInitResult> {
  const started = performance.now();
  const orders = checkInput(input);
  const { j2, j3, l1, l2, c } = orders;
  const { k, seed, knownV } = input;
  const d = input.X.shape[1];
  const act = activation(input.act, input.slope);
  const unitVector = (purpose: string) => new Rng(seed, `tensor:${purpose}`).unitVector(d);
  const seconds = { moments: 0, eigen: 0, decomposition: 0, magnitudes: 0, total: 0 };
  const timed = async <T>(stage: Exclude<keyof typeof seconds, 'total'>, work: () => T | Promise<T>): Promise<T> => {
    input.onStage?.(stage);
    const t0 = performance.now();
    const result = await work();
    seconds[stage] += (performance.now() - t0) / 1000;
    return result;
  };
  const warnings: string[] = [];
  const stages = stageSamples(input.X, input.y, input.split);
  try {
    // 1. Subspace: the top-k eigenvectors (by |λ|) of P̂_2.
    const P2 = await timed('moments', () => subspaceMatrix(stages[0].X, stages[0].y, j2, new Rng(seed, 'tensor:alpha-p2'), d));
    const eigen = await timed('eigen', () => topEigenvectors(P2.matrix, d, k));
    const V = eigen.vectors;
    const p2Spectrum = P2.squared ? eigen.spectrum.map((lambda) => Math.sqrt(Math.max(lambda, 0))) : eigen.spectrum;

    // 2. Directions: the reduced tensor is Σ_i λ_i u_i^{⊗3} (or ^{⊗4}) with u_i = Vᵀw̄_i, so w̄_i = ±V u_i.
    const tensor = await timed('moments', () => reducedTensor(stages[1].X, stages[1].y, V, j3, k));
    const cp = await timed('decomposition', () => symmetricCP(tensor.values, k, tensor.order, new Rng(seed, 'tensor:slices')));
    const us: Float64Array[] = [];
    const directions: Float64Array[] = [];
    for (let i = 0; i < k; i++) {
      const u = Float64Array.from({ length: k }, (_, p) => cp.U[p * k + i]);
      const w = Float64Array.from({ length: d }, (_, row) => u.reduce((s, up, p) => s + V[row * k + p] * up, 0));
      const norm = Math.hypot(...w) || 1;
      us.push(u.map((x) => x / norm));
      directions.push(w.map((x) => x / norm));
    }

    const closest = maxCosine(directions);
    if (closest > DUPLICATE_COSINE) {
      const replaced = replaceDuplicates(directions, us, V, d, k);
      warnings.push(
        `Two recovered directions are nearly parallel (|cos| = ${closest.toFixed(3)}): the decomposition did not separate all units ` +
          `(too few samples?). ${replaced === 1 ? 'One was' : `${replaced} were`} replaced by the part of the subspace the others leave out.`,
      );
    }

    // 3. RecMagSign: Q̂_1 = Σ z_i ŵ_i (αᵀŵ_i)^{l1−1} with z_i = v_i s_i c_{l1}(σ_i), and, for unknown output weights,
    //    Q̂_2 = Σ r_i u_i u_iᵀ (αᵀŵ_i)^{l2−2} with r_i = v_i c_{l2}(σ_i) (the direction's sign cancels at even order).
    const alpha = unitVector('alpha-mag');
    const along = directions.map((w) => w.reduce((s, x, i) => s + x * alpha[i], 0));
    const Q1 = await timed('moments', () => q1Moment(stages[2].X, stages[2].y, l1, alpha));
    const Q2 = !knownV && l2 !== null ? await timed('moments', () => q2Moment(stages[2].X, stages[2].y, V, l2, alpha)) : null;
    const W = new Float64Array(d * k);
    const v = new Float64Array(k);
    await timed('magnitudes', () => {
      const z = leastSquares(directions.map((w, i) => w.map((x) => x * along[i] ** (l1 - 1))), Q1);
      let r: Float64Array | null = null;
      if (Q2 && l2 !== null) {
        r = leastSquares(us.map((u, i) => Float64Array.from({ length: k * k }, (_, pq) => u[Math.floor(pq / k)] * u[pq % k] * along[i] ** (l2 - 2))), Q2);
      } else if (!knownV) {
        warnings.push(
          `${ACTIVATION_LABELS[input.act]} has no even-order moment, so the output signs cannot be recovered: all set to +1 ` +
            '(each unit is recovered up to the flip (v, w) → (−v, −w)).',
        );
      }
      for (let i = 0; i < k; i++) {
        v[i] = knownV ? knownV[i] : r ? signOf(r[i] * c[l2 ?? 0]) : 1;
        const s = signOf(v[i] * z[i] * c[l1]);
        const norm = normFromMoment(act, l1, Math.abs(z[i]) / Math.abs(v[i]));
        if (norm.saturated) {
          warnings.push(`Unit ${i + 1}: its first moment is beyond the range of c_1 (saturated); its norm is set to ${norm.sigma.toPrecision(3)}, a lower bound.`);
        } else if (norm.amplification > AMPLIFICATION_WARN) {
          warnings.push(
            `Unit ${i + 1}: norm ${norm.sigma.toPrecision(3)} lies where c_1 is flat; a 1% error in the moment moves it by ` +
              `${norm.amplification.toFixed(0)}%.`,
          );
        }
        for (let row = 0; row < d; row++) W[row * k + i] = s * norm.sigma * directions[i][row];
      }
    });
    seconds.total = (performance.now() - started) / 1000;
    return {
      W,
      v,
      diagnostics: { j2, j3, l1, l2: l2 ?? 0, p2Spectrum, chosen: eigen.chosen, V, seconds, warnings },
    };
  } finally {
    for (const stage of stages) {
      if (stage.owned) {
        stage.X.dispose();
        stage.y.dispose();
      }
    }
  }
}

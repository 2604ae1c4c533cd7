// The teacher network and its samples (SPEC §1). Generated in double precision on the CPU from the project's
// seeded generator, so a seed and the settings give bit-identical data in the browser and in the CLI.
import { Matrix, QrDecomposition } from 'ml-matrix';
import { activation, type ActivationName } from './activations';
import { blockDiagonal } from './cnn';
import { Rng } from './rng';

export interface TeacherSpec {
  task: 'regression' | 'classification';
  act: ActivationName;
  slope: number;
  d: number;
  k: number;
  kappa: number;
  vstar: 'pm1' | 'ones';
  seed: number;
}

export interface Teacher {
  d: number;
  k: number;
  /** W* row-major, d×k: column j is unit j's weight vector w*_j. */
  W: Float64Array;
  /** Output weights v* (±1, all ones, or all 1/k for classification). */
  v: Float64Array;
  /** The singular values of W*: linspace(1, κ, k). */
  sigmas: Float64Array;
}

export interface Samples {
  n: number;
  d: number;
  /** Row-major n×d, x ~ N(0, I_d). */
  X: Float32Array;
  /** Labels: real for regression, 0/1 for classification. */
  y: Float32Array;
}

/** linspace(1, κ, k); a single unit gets σ = 1. */
export function singularValues(k: number, kappa: number): Float64Array {
  const s = new Float64Array(k);
  for (let i = 0; i < k; i++) s[i] = k === 1 ? 1 : 1 + ((kappa - 1) * i) / (k - 1);
  return s;
}

/** A matrix with orthonormal columns: Q of the QR decomposition of a Gaussian rows×cols matrix. */
function orthonormalColumns(rng: Rng, rows: number, cols: number): Matrix {
  const g = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) g.set(i, j, rng.normal());
  return new QrDecomposition(g).orthogonalMatrix.subMatrix(0, rows - 1, 0, cols - 1);
}

/** W* = U diag(σ) Vᵀ with U (d×k) and V (k×k) random with orthonormal columns; needs k ≤ d. */
export function makeTeacher(spec: TeacherSpec): Teacher {
  const { d, k } = spec;
  if (k > d) throw new Error(`k=${k} > d=${d}: the teacher's k directions must be independent in R^d.`);
  const rng = new Rng(spec.seed, `teacher:${d}:${k}`);
  const U = orthonormalColumns(rng, d, k);
  const V = orthonormalColumns(rng, k, k);
  const sigmas = singularValues(k, spec.kappa);
  const W = U.mulRowVector(Array.from(sigmas)).mmul(V.transpose());
  const v = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    if (spec.task === 'classification') v[j] = 1 / k;
    else v[j] = spec.vstar === 'ones' ? 1 : rng.sign();
  }
  return { d, k, W: Float64Array.from(W.to1DArray()), v, sigmas };
}

/**
 * The non-overlapping CNN teacher of Fu et al.: one unit-norm filter w* ∈ R^m shared by k patches (d = k·m),
 * written as the block-diagonal W* = I_k ⊗ w* with output weights 1/k, so it labels samples like any teacher.
 */
export function makeCnnTeacher(spec: Pick<TeacherSpec, 'd' | 'k' | 'seed'>): Teacher & { filter: Float64Array } {
  const { d, k } = spec;
  if (d % k !== 0) throw new Error(`d=${d} is not a multiple of k=${k}: the CNN needs k patches of equal size.`);
  const filter = new Rng(spec.seed, `teacher:cnn:${d}:${k}`).unitVector(d / k);
  return { d, k, W: blockDiagonal(filter, k), v: new Float64Array(k).fill(1 / k), sigmas: new Float64Array(k).fill(1), filter };
}

/** Σ_j v_j φ(w_jᵀ x) for every row x of X, in double precision. */
export function teacherOutput(teacher: Teacher, X: Float32Array, act: ActivationName, slope: number): Float64Array {
  const { d, k, W, v } = teacher;
  const phi = activation(act, slope).scalar;
  const n = X.length / d;
  const out = new Float64Array(n);
  const z = new Float64Array(k);
  for (let s = 0; s < n; s++) {
    z.fill(0);
    for (let i = 0; i < d; i++) {
      const x = X[s * d + i];
      for (let j = 0; j < k; j++) z[j] += x * W[i * k + j];
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += v[j] * phi(z[j]);
    out[s] = sum;
  }
  return out;
}

export interface SampleSpec {
  task: 'regression' | 'classification';
  act: ActivationName;
  slope: number;
  n: number;
  noise: number;
  seed: number;
  /** Separate streams for the training set and the held-out test set. */
  stream: 'train' | 'test';
}

/**
 * n samples of the teacher. Regression: y = Σ v_j φ(w_jᵀx) + ν ξ. Classification: y ~ Bernoulli(H(x)) with
 * H = Σ v_j φ(w_jᵀx), v_j = 1/k. X, noise and Bernoulli draws come from separate streams, so changing ν does
 * not move X, and the first rows of X stay the same when n grows.
 */
export function makeSamples(teacher: Teacher, spec: SampleSpec): Samples {
  const { d } = teacher;
  const X = new Rng(spec.seed, `${spec.stream}:x:${d}`).normals32(spec.n * d);
  const clean = teacherOutput(teacher, X, spec.act, spec.slope);
  const y = new Float32Array(spec.n);
  if (spec.task === 'classification') {
    const draws = new Rng(spec.seed, `${spec.stream}:bernoulli`);
    for (let s = 0; s < spec.n; s++) y[s] = draws.uniform() < clean[s] ? 1 : 0;
  } else {
    const noise = new Rng(spec.seed, `${spec.stream}:noise`);
    for (let s = 0; s < spec.n; s++) y[s] = clean[s] + spec.noise * noise.normal();
  }
  return { n: spec.n, d, X, y };
}

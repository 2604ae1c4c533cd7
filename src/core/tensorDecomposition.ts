// Symmetric CP decomposition T ≈ Σ_i λ_i u_i^{⊗m} (m = 3 or 4) of a small tensor with k non-orthogonal u_i ∈ R^k
// (SPEC §3.5), in double precision: Jennrich's two-slice method for a start, then Levenberg–Marquardt on the
// symmetric model. Jennrich is exact only on exact tensors; with noise its eigenvectors are off (and then the
// signs and weights fitted to them), so the start is refined to the least-squares fit, the best of a few
// random slice pairs. The refinement works on x_i = |λ_i|^{1/m} u_i with the signs s_i = sign(λ_i) held fixed
// (for odd m the real root absorbs the sign, s_i = 1): no scaling freedom is left, so the Gauss–Newton matrix is
// non-singular at a solution and the iteration converges fast (ALS updates m separate factor matrices, drifts
// off symmetry and converges only linearly).
import { EigenvalueDecomposition, Matrix, inverse, solve } from 'ml-matrix';
import type { Rng } from './rng';

export interface SymmetricCP {
  /** λ_i; for odd order λ u^{⊗m} = (−λ)(−u)^{⊗m}, so λ_i ≥ 0 and the sign is carried by u_i. */
  lambda: Float64Array;
  /** k×k row-major, column i = the unit vector u_i. */
  U: Float64Array;
  /** ‖T − Σ λ_i u_i^{⊗m}‖_F / ‖T‖_F, T symmetrised. */
  residual: number;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const sumSquares = (a: Float64Array) => a.reduce((s, x) => s + x * x, 0);

/** T(…, x) for T flattened row-major with its last mode of length k: one order less. */
function contractLast(T: Float64Array, k: number, x: Float64Array): Float64Array {
  const out = new Float64Array(T.length / k);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let r = 0; r < k; r++) sum += T[i * k + r] * x[r];
    out[i] = sum;
  }
  return out;
}

/** T(I, x, …, x) ∈ R^k. */
function contractAllButFirst(T: Float64Array, k: number, order: number, x: Float64Array): Float64Array {
  let out = T;
  for (let m = 1; m < order; m++) out = contractLast(out, k, x);
  return out;
}

/**
 * The average of T over all permutations of its modes. The model is symmetric, so fitting sym(T) fits T (the
 * rest is orthogonal to every model), and the gradient below relies on a symmetric residual.
 */
function symmetrize(T: Float64Array, k: number, order: number): Float64Array {
  const canonical = new Int32Array(T.length);
  const sums = new Map<number, { sum: number; count: number }>();
  for (let i = 0; i < T.length; i++) {
    const digits: number[] = [];
    for (let rest = i, m = 0; m < order; m++, rest = Math.floor(rest / k)) digits.push(rest % k);
    const key = digits.sort((a, b) => a - b).reduce((acc, digit) => acc * k + digit, 0);
    canonical[i] = key;
    const entry = sums.get(key) ?? { sum: 0, count: 0 };
    entry.sum += T[i];
    entry.count += 1;
    sums.set(key, entry);
  }
  return Float64Array.from(canonical, (key) => {
    const entry = sums.get(key)!;
    return entry.sum / entry.count;
  });
}

interface Model {
  xs: Float64Array[];
  signs: number[];
}

/**
 * Jennrich: with slices M = T(I, I, a_3, …, a_m) = U diag(λ_i Π⟨u_i, a⟩) Uᵀ, the eigenvectors of M_a M_b⁻¹ are
 * the u_i. The weights then solve the normal equations (⟨u_i,u_j⟩^m) λ = (T(u_i, …, u_i)).
 */
function jennrich(T: Float64Array, k: number, order: number, rng: Rng): Model {
  const randomSlice = () => {
    let S = T;
    for (let m = 2; m < order; m++) S = contractLast(S, k, rng.normals64(k));
    return new Matrix(Array.from({ length: k }, (_, p) => Array.from(S.subarray(p * k, p * k + k))));
  };
  const E = randomSlice().mmul(inverse(randomSlice(), true));
  // Complex eigenpairs (noise) come back as their real and imaginary parts: still a usable start.
  const vectors = new EigenvalueDecomposition(E).eigenvectorMatrix;
  const us = Array.from({ length: k }, (_, i) => {
    const u = Float64Array.from(vectors.getColumn(i));
    const norm = Math.hypot(...u) || 1;
    return u.map((x) => x / norm);
  });
  const gram = new Matrix(us.map((ui) => us.map((uj) => dot(ui, uj) ** order)));
  const rhs = Matrix.columnVector(us.map((u) => dot(u, contractAllButFirst(T, k, order, u))));
  const lambda = solve(gram, rhs, true).getColumn(0);
  const odd = order % 2 === 1;
  return {
    xs: us.map((u, i) => u.map((x) => (odd ? Math.cbrt(lambda[i]) : Math.abs(lambda[i]) ** (1 / order)) * x)),
    signs: lambda.map((l) => (odd || l >= 0 ? 1 : -1)),
  };
}

/** Σ_i s_i x_i^{⊗m} − T. */
function residualTensor(T: Float64Array, k: number, order: number, model: Model): Float64Array {
  const E = T.map((t) => -t);
  const power = new Float64Array(k ** (order - 1));
  model.xs.forEach((x, i) => {
    // power = x^{⊗(m−1)}, expanded in place from the back so no entry is overwritten before it is read.
    power[0] = model.signs[i];
    let length = 1;
    for (let m = 1; m < order; m++, length *= k) {
      for (let a = length - 1; a >= 0; a--) {
        const value = power[a];
        for (let r = k - 1; r >= 0; r--) power[a * k + r] = value * x[r];
      }
    }
    for (let a = 0; a < length; a++) {
      const value = power[a];
      for (let r = 0; r < k; r++) E[a * k + r] += value * x[r];
    }
  });
  return E;
}

/** Solves A x = b for symmetric positive definite A (N×N row-major, overwritten by its Cholesky factor). */
function choleskySolve(A: Float64Array, b: Float64Array, N: number): Float64Array {
  for (let j = 0; j < N; j++) {
    for (let i = j; i < N; i++) {
      let sum = A[i * N + j];
      for (let m = 0; m < j; m++) sum -= A[i * N + m] * A[j * N + m];
      A[i * N + j] = i === j ? Math.sqrt(sum) : sum / A[j * N + j];
    }
  }
  const x = b.slice();
  for (let i = 0; i < N; i++) {
    for (let m = 0; m < i; m++) x[i] -= A[i * N + m] * x[m];
    x[i] /= A[i * N + i];
  }
  for (let i = N - 1; i >= 0; i--) {
    for (let m = i + 1; m < N; m++) x[i] -= A[m * N + i] * x[m];
    x[i] /= A[i * N + i];
  }
  return x;
}

/**
 * Levenberg–Marquardt on ½‖Σ s_i x_i^{⊗m} − T‖². With G = XᵀX the Gauss–Newton blocks have a closed form,
 * JᵢᵀJⱼ = s_i s_j [m G_ij^{m−1} I + m(m−1) G_ij^{m−2} x_j x_iᵀ], and the gradient is m s_i E(I, x_i, …, x_i)
 * for the (symmetric) residual E: no k^m × k² Jacobian is formed.
 */
function refine(T: Float64Array, k: number, order: number, start: Model, abandonAbove = Infinity, maxIter = 60): Model {
  const { signs } = start;
  const r = start.xs.length;
  const N = r * k;
  let model: Model = { xs: start.xs.map((x) => x.slice()), signs };
  let E = residualTensor(T, k, order, model);
  let cost = sumSquares(E) / 2;
  let mu = -1;
  let nu = 2;
  for (let iter = 0; iter < maxIter && cost > 1e-30 * sumSquares(T); iter++) {
    const { xs } = model;
    const G = xs.map((xi) => xs.map((xj) => dot(xi, xj)));
    const H = new Float64Array(N * N);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
      const s = signs[i] * signs[j];
      const diagonal = s * order * G[i][j] ** (order - 1);
      const rank1 = s * order * (order - 1) * G[i][j] ** (order - 2);
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
        H[(i * k + a) * N + j * k + b] = (a === b ? diagonal : 0) + rank1 * xs[j][a] * xs[i][b];
      }
    }
    const g = new Float64Array(N);
    xs.forEach((x, i) => contractAllButFirst(E, k, order, x).forEach((v, a) => (g[i * k + a] = order * signs[i] * v)));
    if (mu < 0) mu = 1e-3 * Math.max(...Array.from({ length: N }, (_, i) => H[i * N + i]));
    for (let i = 0; i < N; i++) H[i * N + i] += mu;
    const step = choleskySolve(H, g.map((v) => -v), N);
    const trial: Model = { xs: xs.map((x, i) => x.map((v, a) => v + step[i * k + a])), signs };
    const trialE = residualTensor(T, k, order, trial);
    const trialCost = sumSquares(trialE) / 2;
    // Gain ratio: actual over predicted decrease, ½ δᵀ(μδ − g).
    const predicted = step.reduce((s, dv, i) => s + dv * (mu * dv - g[i]), 0) / 2;
    const gain = (cost - trialCost) / predicted;
    const stepNorm = Math.sqrt(sumSquares(step));
    const xNorm = Math.sqrt(xs.reduce((s, x) => s + sumSquares(x), 0));
    if (gain > 0) {
      model = trial;
      E = trialE;
      cost = trialCost;
      mu *= Math.max(1 / 3, 1 - (2 * gain - 1) ** 3);
      nu = 2;
    } else {
      mu *= nu;
      nu *= 2;
    }
    // Converged: after an accepted step this small the next is far below any noise (Gauss–Newton converges at
    // least linearly here, quadratically on exact tensors); rejected steps shrink until rounding.
    if (stepNorm <= (gain > 0 ? 1e-8 : 1e-13) * xNorm) break;
    // A start still far worse than the best fit so far after a few steps is stuck in a swamp: give up on it.
    if (iter >= 10 && cost > abandonAbove) break;
  }
  return model;
}

/**
 * Two components closer than this in angle are a degenerate fit: on a noisy tensor LM can lower the residual with
 * a near-duplicate pair of growing, cancelling terms instead of the true components.
 */
const DEGENERATE_COSINE = 0.99;

/** The largest |cos| between two of the vectors. */
export function maxCosine(xs: Float64Array[]): number {
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = 0; j < i; j++) worst = Math.max(worst, Math.abs(dot(xs[i], xs[j])) / (Math.hypot(...xs[i]) * Math.hypot(...xs[j]) || 1));
  }
  return worst;
}

/** A refinement whose cost after 10 steps is this many times the best fit's is abandoned. */
const ABANDON_FACTOR = 10;

/** Jennrich starts drawn per refinement: refining costs O(k^{m+1} + k^6) a step, a start only O(k^{m+1}). */
const STARTS_PER_TRY = 3;

/**
 * The rank-k symmetric decomposition of T (order 3 or 4, each mode of length k, flattened row-major). Jennrich
 * starts from STARTS_PER_TRY·tries random slice pairs are ranked by their own fit, and the best `tries` are
 * refined; the answer is the smallest residual among the non-degenerate fits, if there is one.
 */
export function symmetricCP(tensor: Float64Array, k: number, order: 3 | 4, rng: Rng, tries = 4): SymmetricCP {
  if (tensor.length !== k ** order) throw new Error(`symmetricCP: expected ${k}^${order} entries, got ${tensor.length}.`);
  if (tries < 1) throw new Error('symmetricCP: tries must be at least 1.');
  const T = symmetrize(tensor, k, order);
  const norm = Math.sqrt(sumSquares(T)) || 1;
  const fit = (model: Model) => Math.sqrt(sumSquares(residualTensor(T, k, order, model))) / norm;
  const starts = Array.from({ length: STARTS_PER_TRY * tries }, () => jennrich(T, k, order, rng))
    .map((model) => ({ model, residual: fit(model) }))
    .sort((a, b) => a.residual - b.residual)
    .slice(0, tries);
  let best: { model: Model; residual: number; degenerate: boolean } | null = null;
  for (const start of starts) {
    const model = refine(T, k, order, start.model, best ? ABANDON_FACTOR * (best.residual * norm) ** 2 / 2 : Infinity);
    const residual = fit(model);
    const degenerate = maxCosine(model.xs) > DEGENERATE_COSINE;
    // The same non-degenerate fit from two different starts is taken as the global one.
    const repeated = best !== null && !degenerate && !best.degenerate && Math.abs(residual - best.residual) <= 1e-6 * best.residual;
    if (!best || (best.degenerate && !degenerate) || (best.degenerate === degenerate && residual < best.residual)) {
      best = { model, residual, degenerate };
    }
    // An exact low-rank tensor is fitted to rounding from the first start; more only help with noise.
    if (repeated || residual < 1e-10) break;
  }
  const { model, residual } = best!;
  const lambda = new Float64Array(k);
  const U = new Float64Array(k * k);
  model.xs.forEach((x, i) => {
    const length = Math.hypot(...x) || 1;
    lambda[i] = model.signs[i] * length ** order;
    for (let p = 0; p < k; p++) U[p * k + i] = x[p] / length;
  });
  return { lambda, U, residual };
}

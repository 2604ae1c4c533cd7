// Symmetric CP decomposition T ≈ Σ_i λ_i u_i^{⊗m} (m = 3 or 4) of a small tensor with k non-orthogonal u_i ∈ R^k
// (SPEC §3.5), in double precision: Jennrich's two-slice method for a start, then Levenberg–Marquardt on the
// symmetric model (symmetricCPRefine.ts). Jennrich is exact only on exact tensors; with noise its eigenvectors
// are off (and then the signs and weights fitted to them), so the start is refined to the least-squares fit, the
// best of a few random slice pairs. The refinement works on x_i = |λ_i|^{1/m} u_i with the signs s_i = sign(λ_i)
// held fixed (for odd m the real root absorbs the sign, s_i = 1): no scaling freedom is left, so the Gauss–Newton
// matrix is non-singular at a solution and the iteration converges fast (ALS updates m separate factor matrices,
// drifts off symmetry and converges only linearly).
import { EigenvalueDecomposition, Matrix, inverse, solve } from 'ml-matrix';
import type { Rng } from './rng';
import { refine, type Model } from './symmetricCPRefine';
import { SymmetricResidual } from './symmetricResidual';

export interface SymmetricCP {
  /** λ_i; for odd order λ u^{⊗m} = (−λ)(−u)^{⊗m}, so λ_i ≥ 0 and the sign is carried by u_i. */
  lambda: Float64Array;
  /** k×k row-major, column i = the unit vector u_i. */
  U: Float64Array;
  /** ‖T − Σ λ_i u_i^{⊗m}‖_F / ‖T‖_F, T symmetrised. */
  residual: number;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);

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

/**
 * Jennrich: with slices M = T(I, I, a_3, …, a_m) = U diag(λ_i Π⟨u_i, a⟩) Uᵀ, the eigenvectors of M_a M_b⁻¹ are
 * the u_i. The weights then solve the normal equations (⟨u_i,u_j⟩^m) λ = (T(u_i, …, u_i)).
 */
function jennrich(T: Float64Array, f: SymmetricResidual, rng: Rng): Model {
  const { k, order } = f;
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
  const rhs = Matrix.columnVector(us.map((u) => f.value(u)));
  const lambda = solve(gram, rhs, true).getColumn(0);
  const odd = order % 2 === 1;
  return {
    xs: us.map((u, i) => u.map((x) => (odd ? Math.cbrt(lambda[i]) : Math.abs(lambda[i]) ** (1 / order)) * x)),
    signs: lambda.map((l) => (odd || l >= 0 ? 1 : -1)),
  };
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

/** Jennrich starts drawn per refinement: a start costs about one refinement step, and a refinement up to 60. */
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
  const f = new SymmetricResidual(T, k, order);
  const norm = Math.sqrt(f.normSquared) || 1;
  const fit = (model: Model) => Math.sqrt(2 * f.cost(Float64Array.from(model.xs.flatMap((x) => Array.from(x))), model.signs)) / norm;
  const starts = Array.from({ length: STARTS_PER_TRY * tries }, () => jennrich(T, f, rng))
    .map((model) => ({ model, residual: fit(model) }))
    .sort((a, b) => a.residual - b.residual)
    .slice(0, tries);
  let best: { model: Model; residual: number; degenerate: boolean } | null = null;
  for (const start of starts) {
    const model = refine(f, start.model, best ? ABANDON_FACTOR * (best.residual * norm) ** 2 / 2 : Infinity);
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

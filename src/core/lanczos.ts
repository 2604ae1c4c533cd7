// Extreme eigenvalues of a symmetric operator known only through products u ↦ Au (the Hessian when dk is too
// large to form and decompose). Lanczos with full reorthogonalization: the basis is at most ~100 vectors, so
// keeping it orthogonal by brute force costs little and removes the ghost eigenvalues of plain Lanczos.
// The Ritz values bracket the spectrum from inside: the λ_min estimate is never below the true λ_min (in exact
// arithmetic), and each is within its residual |β_m s_m| of a true eigenvalue.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from './rng';

export type SymmetricOperator = (u: Float64Array) => Float64Array | Promise<Float64Array>;

export interface LanczosOptions {
  /** Krylov dimension cap; the default 100 converges the ends of a Hessian spectrum in the cases we probe. */
  maxIter?: number;
  /** Stop once both extreme Ritz residuals are below tol · (largest |Ritz value|). */
  tol?: number;
  /** Seed of the start vector's stream. */
  seed?: number;
}

export interface LanczosResult {
  lambdaMin: number;
  lambdaMax: number;
  /** Operator applications used. */
  iterations: number;
  /** Residual bounds |β_m s_m,i| of the two estimates: each is that close to some true eigenvalue. */
  residualMin: number;
  residualMax: number;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Extreme Ritz values of the tridiagonal T (diagonal alpha, off-diagonal beta) and their residual bounds. */
function ritz(alpha: number[], beta: number[], betaLast: number): Omit<LanczosResult, 'iterations'> {
  const m = alpha.length;
  const T = new Matrix(m, m);
  for (let i = 0; i < m; i++) {
    T.set(i, i, alpha[i]);
    if (i + 1 < m) {
      T.set(i, i + 1, beta[i]);
      T.set(i + 1, i, beta[i]);
    }
  }
  const eig = new EigenvalueDecomposition(T, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  let lo = 0;
  let hi = 0;
  for (let i = 1; i < m; i++) {
    if (values[i] < values[lo]) lo = i;
    if (values[i] > values[hi]) hi = i;
  }
  const S = eig.eigenvectorMatrix;
  return {
    lambdaMin: values[lo],
    lambdaMax: values[hi],
    residualMin: Math.abs(betaLast * S.get(m - 1, lo)),
    residualMax: Math.abs(betaLast * S.get(m - 1, hi)),
  };
}

/** λ_min and λ_max of the symmetric operator `apply` on R^dim. */
export async function lanczos(apply: SymmetricOperator, dim: number, options: LanczosOptions = {}): Promise<LanczosResult> {
  const { maxIter = 100, tol = 1e-5, seed = 0 } = options;
  if (!(dim >= 1)) throw new Error(`lanczos: dimension ${dim} must be at least 1`);
  const steps = Math.min(dim, maxIter);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = new Rng(seed, `lanczos:${dim}`).unitVector(dim);
  // A Gershgorin bound on ‖T‖ ≤ ‖A‖: the scale against which β counts as zero.
  let bound = 0;
  for (let j = 0; ; j++) {
    basis.push(q);
    const w = Float64Array.from(await apply(q));
    alpha.push(dot(q, w));
    // Classical Gram–Schmidt against the whole basis, twice ("twice is enough"): it subsumes the three-term
    // recurrence and keeps the basis orthogonal to rounding even with a float32 operator.
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const c = dot(b, w);
        for (let i = 0; i < dim; i++) w[i] -= c * b[i];
      }
    }
    const betaJ = Math.sqrt(dot(w, w));
    bound = Math.max(bound, Math.abs(alpha[j]) + betaJ + (j > 0 ? beta[j - 1] : 0));
    // A vanishing β means the Krylov space is invariant: its Ritz values are exact eigenvalues.
    const invariant = betaJ <= 1e-12 * bound;
    if (invariant || j + 1 === steps || j % 5 === 4) {
      const est = ritz(alpha, beta, betaJ);
      const scale = Math.max(Math.abs(est.lambdaMin), Math.abs(est.lambdaMax));
      const converged = est.residualMin <= tol * scale && est.residualMax <= tol * scale;
      if (invariant || converged || j + 1 === steps) return { ...est, iterations: j + 1 };
    }
    beta.push(betaJ);
    q = w.map((x) => x / betaJ);
  }
}

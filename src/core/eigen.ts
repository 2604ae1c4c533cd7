// The subspace step of the tensor method (SPEC §3.3): P̂_2's eigenvalues can have either sign (they carry the
// output signs and, for j2 = 3, the sign of αᵀw̄_i), so the k eigenvectors are chosen by |λ|.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface TopEigen {
  /** d×k row-major, orthonormal columns: the eigenvectors of the k largest |λ|. */
  vectors: Float64Array;
  /** All d eigenvalues, sorted by |λ| descending. */
  spectrum: number[];
  /** Indices into `spectrum` of the k chosen (its first k, by construction). */
  chosen: number[];
}

/** Top-k eigenvectors by |eigenvalue| of a symmetric d×d row-major matrix (symmetrised first: float32 sums are not exactly symmetric). */
export function topEigenvectors(M: ArrayLike<number>, d: number, k: number): TopEigen {
  const S = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S.set(i, j, (M[i * d + j] + M[j * d + i]) / 2);
  const evd = new EigenvalueDecomposition(S, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]));
  const E = evd.eigenvectorMatrix;
  const vectors = new Float64Array(d * k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) vectors[i * k + j] = E.get(i, order[j]);
  return { vectors, spectrum: order.map((i) => values[i]), chosen: order.slice(0, k).map((_, j) => j) };
}

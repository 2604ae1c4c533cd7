// How well the tensor method's first stage found span(W*): the largest principal angle between two k-dimensional
// subspaces of R^d. Computed from the sine (the part of W's basis outside span(V)), which stays accurate for the
// small angles a good estimate has, where an arccos of singular values near 1 would lose half the digits.
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';

/** An orthonormal basis of the column span of a d×k row-major matrix. */
function orthonormalBasis(A: Float64Array, d: number, k: number): Matrix {
  const M = new Matrix(d, k);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) M.set(i, j, A[i * k + j]);
  return new QrDecomposition(M).orthogonalMatrix.subMatrix(0, d - 1, 0, k - 1);
}

/** Largest principal angle (radians, in [0, π/2]) between span(V) and span(W), both d×k row-major of rank k. */
export function subspaceAngle(V: Float64Array, W: Float64Array, d: number, k: number): number {
  const Qv = orthonormalBasis(V, d, k);
  const Qw = orthonormalBasis(W, d, k);
  const outside = Qw.sub(Qv.mmul(Qv.transpose().mmul(Qw)));
  const sine = new SingularValueDecomposition(outside, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).norm2;
  return Math.asin(Math.min(1, sine));
}

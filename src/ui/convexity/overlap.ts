// The overlap of student and teacher units: cos(w*_j, w_s) for every pair, columns in matched order so that a
// recovered network shows ±1 on the diagonal (−1 where a flip (v, w) → (−v, −w) matched the unit).

/** Rows: teacher units j; columns: the student unit matched to teacher unit l (perm[l]), or unit l without a match. */
export function unitCosines(W: ArrayLike<number>, Wstar: ArrayLike<number>, d: number, k: number, perm: readonly number[]): number[][] {
  const order = perm.length === k ? perm : Array.from({ length: k }, (_, l) => l);
  const column = (M: ArrayLike<number>, j: number) => Array.from({ length: d }, (_, i) => M[i * k + j]);
  const norm = (x: number[]) => Math.hypot(...x);
  const students = order.map((s) => column(W, s));
  return Array.from({ length: k }, (_, j) => {
    const t = column(Wstar, j);
    return students.map((w) => w.reduce((sum, x, i) => sum + x * t[i], 0) / (norm(w) * norm(t)));
  });
}

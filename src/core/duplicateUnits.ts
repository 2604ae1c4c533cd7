// The tensor method's directions when the decomposition found one unit twice (a noisy tensor, few samples).

/** Recovered directions closer than this are one unit found twice. */
export const DUPLICATE_COSINE = 0.99;

/**
 * A unit found twice says nothing about the unit that was missed, and the magnitudes step would split the one
 * found into two huge cancelling units (d = 5, k = 3, relu, n = 4,000, seed 1: an init error of 84). Each
 * duplicate is replaced, in place, by the direction of span(V) orthogonal to every other recovered one: the
 * missed unit lies in span(V), and that is the part of it the others cannot express. (Two identical units would
 * also stay identical under gradient descent.) Returns how many were replaced.
 */
export function replaceDuplicates(directions: Float64Array[], us: Float64Array[], V: Float64Array, d: number, k: number): number {
  let replaced = 0;
  for (let i = 1; i < k; i++) {
    const duplicate = directions.slice(0, i).some((w) => Math.abs(w.reduce((s, x, r) => s + x * directions[i][r], 0)) > DUPLICATE_COSINE);
    if (!duplicate) continue;
    // In V's coordinates (u), the others span at most k − 1 dimensions: Gram–Schmidt them, then take the basis
    // vector of R^k that keeps the most of its length once they are projected out.
    const basis: Float64Array[] = [];
    for (const [j, u] of us.entries()) {
      if (j === i) continue;
      const r = Float64Array.from(u);
      for (const b of basis) {
        const p = r.reduce((s, x, q) => s + x * b[q], 0);
        for (let q = 0; q < k; q++) r[q] -= p * b[q];
      }
      const length = Math.hypot(...r);
      if (length > 1e-8) basis.push(r.map((x) => x / length));
    }
    let best: Float64Array | null = null;
    for (let e = 0; e < k; e++) {
      const r = Float64Array.from({ length: k }, (_, q) => (q === e ? 1 : 0));
      for (const b of basis) {
        const p = b[e];
        for (let q = 0; q < k; q++) r[q] -= p * b[q];
      }
      if (!best || Math.hypot(...r) > Math.hypot(...best)) best = r;
    }
    const u = best!.map((x) => x / (Math.hypot(...best!) || 1));
    us[i] = u;
    directions[i] = Float64Array.from({ length: d }, (_, row) => u.reduce((s, up, p) => s + V[row * k + p] * up, 0));
    replaced++;
  }
  return replaced;
}

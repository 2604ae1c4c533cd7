// The median and a 10–90% band of many seeds' values, as the bands draw them.

/** Linear interpolation between order statistics (the "type 7" rule of R and NumPy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  if (lo === hi || sorted[lo] === sorted[hi]) return sorted[lo];
  // A diverged seed counts as +∞: a quantile that reaches it is +∞ too (not ∞ − ∞).
  if (!Number.isFinite(sorted[hi])) return sorted[hi];
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

export interface Spread {
  median: number;
  /** The 10% and 90% quantiles. */
  lo: number;
  hi: number;
  /** Values it was computed from. */
  count: number;
}

export const BAND_LOW = 0.1;
export const BAND_HIGH = 0.9;

/** Median and 10–90% band of `values`; non-finite values (a diverged seed) count as +∞, the worst. */
export function spread(values: readonly number[]): Spread {
  const sorted = values.map((x) => (Number.isFinite(x) ? x : Infinity)).sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), lo: quantile(sorted, BAND_LOW), hi: quantile(sorted, BAND_HIGH), count: sorted.length };
}

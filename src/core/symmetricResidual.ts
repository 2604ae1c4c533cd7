// The cost ½‖E‖² of a symmetric CP model, E = Σ_i s_i x_i^{⊗m} − T, and its gradient, for a symmetric T
// (SPEC §3.5). E is symmetric too, so every sum over its k^m entries is a sum over the rows E[p_1, …, p_{m−1}, :]
// with p_1 ≤ … ≤ p_{m−1}, each weighted by its number of orderings: C(k+m−2, m−1) rows instead of k^{m−1}
// (at k = 20, m = 4: 1540 instead of 8000). Rows are formed one at a time and never stored, so a cost and its
// gradient cost 2·r·k·rows flops and no memory beyond a row.

/** The sorted index tuples p_1 ≤ … ≤ p_len in [0, k), flattened, with their numbers of distinct orderings. */
function sortedTuples(k: number, length: number): { indices: Int32Array; weights: Float64Array } {
  const tuples: number[][] = [];
  const extend = (prefix: number[]) => {
    if (prefix.length === length) return void tuples.push(prefix);
    for (let p = prefix.length ? prefix[prefix.length - 1] : 0; p < k; p++) extend([...prefix, p]);
  };
  extend([]);
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const weights = tuples.map((tuple) => {
    const counts = new Map<number, number>();
    for (const p of tuple) counts.set(p, (counts.get(p) ?? 0) + 1);
    return [...counts.values()].reduce((w, count) => w / factorial(count), factorial(length));
  });
  return { indices: Int32Array.from(tuples.flat()), weights: Float64Array.from(weights) };
}

export class SymmetricResidual {
  /** ‖T‖²_F. */
  readonly normSquared: number;
  private readonly indices: Int32Array;
  private readonly weights: Float64Array;
  private readonly offsets: Int32Array;
  private readonly row: Float64Array;

  constructor(private readonly T: Float64Array, readonly k: number, readonly order: number) {
    const { indices, weights } = sortedTuples(k, order - 1);
    this.indices = indices;
    this.weights = weights;
    const width = order - 1;
    this.offsets = Int32Array.from(weights, (_, q) => {
      let at = 0;
      for (let m = 0; m < width; m++) at = at * k + indices[q * width + m];
      return at * k;
    });
    this.row = new Float64Array(k);
    let sum = 0;
    for (let i = 0; i < T.length; i++) sum += T[i] * T[i];
    this.normSquared = sum;
  }

  /** T(u, …, u). */
  value(u: Float64Array): number {
    const { T, k, order, indices, weights, offsets } = this;
    const width = order - 1;
    let sum = 0;
    for (let q = 0; q < weights.length; q++) {
      let c = weights[q];
      for (let m = 0; m < width; m++) c *= u[indices[q * width + m]];
      const offset = offsets[q];
      let along = 0;
      for (let b = 0; b < k; b++) along += T[offset + b] * u[b];
      sum += c * along;
    }
    return sum;
  }

  /**
   * ½‖E‖² for the model x (r vectors of length k, flattened) with signs s; with g given, also writes
   * ∇f into it: g_i = m s_i E(I, x_i, …, x_i).
   */
  cost(x: Float64Array, signs: ArrayLike<number>, g: Float64Array | null = null): number {
    const { T, k, order, indices, weights, offsets, row } = this;
    const r = signs.length;
    const width = order - 1;
    const coefficients = new Float64Array(r);
    if (g) g.fill(0);
    let sum = 0;
    for (let q = 0; q < weights.length; q++) {
      const offset = offsets[q];
      for (let b = 0; b < k; b++) row[b] = -T[offset + b];
      for (let i = 0; i < r; i++) {
        const base = i * k;
        let c = signs[i];
        for (let m = 0; m < width; m++) c *= x[base + indices[q * width + m]];
        coefficients[i] = c;
        for (let b = 0; b < k; b++) row[b] += c * x[base + b];
      }
      const w = weights[q];
      let squares = 0;
      for (let b = 0; b < k; b++) squares += row[b] * row[b];
      sum += w * squares;
      if (g) {
        for (let i = 0; i < r; i++) {
          const f = order * w * coefficients[i];
          const base = i * k;
          for (let b = 0; b < k; b++) g[base + b] += f * row[b];
        }
      }
    }
    return sum / 2;
  }
}

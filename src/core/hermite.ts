// Hermite coefficients c_j(σ) = E[φ(σz) He_j(z)], z ~ N(0,1), j = 0…4 (SPEC §2): which moments of y carry the
// teacher, and how a unit's norm shows in them. Also the choice of moment orders and the inversion σ ↦ c_1(σ).
import type { Activation } from './activations';

/** c_0 … c_4 at one σ. */
export type HermiteCoefficients = [number, number, number, number, number];

/** Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on P_n. */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = t;
      for (let m = 2; m <= n; m++) [p0, p1] = [p1, ((2 * m - 1) * t * p1 - (m - 1) * p0) / m];
      dp = (n * (t * p1 - p0)) / (t * t - 1);
      const step = p1 / dp;
      t -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    x[i] = t;
    w[i] = 2 / ((1 - t * t) * dp * dp);
  }
  return { x, w };
}

/**
 * Nodes z and weights (Gaussian density included) for E[g(z)], z ~ N(0,1). Every activation here is smooth away
 * from 0 but not across it (relu's kink; a steep sigmoid at large σ), and a plain Gauss–Hermite rule converges
 * slowly on such integrands. So the integral is split at 0 and each half-line [0, 12] (the tail beyond is below
 * 1e-30) is covered by Gauss–Legendre panels that shrink geometrically towards 0: each panel's integrand is then
 * smooth (polynomial for the relu family), and the closed forms come out to ~1e-15.
 */
const GAUSS_RULE = (() => {
  const panel = gaussLegendre(20);
  const edges = [0];
  for (let e = 1e-6; e < 12; e *= 1.5) edges.push(e);
  edges.push(12);
  const z: number[] = [];
  const w: number[] = [];
  for (let p = 0; p + 1 < edges.length; p++) {
    const mid = (edges[p] + edges[p + 1]) / 2;
    const half = (edges[p + 1] - edges[p]) / 2;
    for (let i = 0; i < panel.x.length; i++) {
      const t = mid + half * panel.x[i];
      const weight = (half * panel.w[i] * Math.exp(-t * t / 2)) / Math.sqrt(2 * Math.PI);
      z.push(t, -t);
      w.push(weight, weight);
    }
  }
  return { z: Float64Array.from(z), w: Float64Array.from(w) };
})();

/** c_0(σ) … c_4(σ) for the activation φ. */
export function hermiteCoefficients(act: Activation, sigma: number): HermiteCoefficients {
  const c: HermiteCoefficients = [0, 0, 0, 0, 0];
  const { z, w } = GAUSS_RULE;
  for (let i = 0; i < z.length; i++) {
    const t = z[i];
    const f = w[i] * act.scalar(sigma * t);
    const t2 = t * t;
    c[0] += f;
    c[1] += f * t;
    c[2] += f * (t2 - 1);
    c[3] += f * (t2 - 3) * t;
    c[4] += f * ((t2 - 6) * t2 + 3);
  }
  return c;
}

/** A coefficient this small next to the largest is zero (by symmetry or linearity), not a weak signal. */
const VANISH_RELATIVE = 1e-9;

/** The orders (SPEC §2, §3.6) whose moments the tensor method uses; l2 = null when no even order carries the teacher. */
export interface MomentOrders {
  /** Smallest j ≥ 2 with c_j(1) ≠ 0 (2 or 3): the moment that gives the subspace. */
  j2: number;
  /** Smallest j ≥ 3 with c_j(1) ≠ 0 (3 or 4): the moment that is decomposed. */
  j3: number;
  /** Odd order (1 or 3) for the norms and the directions' signs. */
  l1: number;
  /** Even order (2 or 4) for the output signs; null for odd-moment-only activations (sigmoid, tanh). */
  l2: number | null;
  /** c_0(1) … c_4(1). */
  c: HermiteCoefficients;
}

/** The moment orders for φ, or null when the weights cannot be identified from moments up to order 4. */
export function momentOrders(act: Activation): MomentOrders | null {
  const c = hermiteCoefficients(act, 1);
  const scale = Math.max(...c.slice(1).map(Math.abs));
  const present = (j: number) => Math.abs(c[j]) > VANISH_RELATIVE * scale;
  const first = (orders: number[]) => orders.find(present) ?? null;
  const j2 = first([2, 3]);
  const j3 = first([3, 4]);
  const l1 = first([1, 3]);
  if (j2 === null || j3 === null || l1 === null) return null;
  return { j2, j3, l1, l2: first([2, 4]), c };
}

/** False for a linear φ (leaky relu with a = 1): every c_j with j ≥ 2 vanishes and W* cannot be recovered. */
export function isIdentifiable(act: Activation): boolean {
  return momentOrders(act) !== null;
}

/**
 * c_1 within 1% of its limit counts as saturated: a 1% error in the moment then covers every larger norm. For
 * sigmoid that is σ ≈ 12.7, for tanh σ ≈ 6.3.
 */
const SATURATION = 0.99;

export interface NormEstimate {
  sigma: number;
  /** The target was in the saturated range: σ is a lower bound, set where saturation starts. */
  saturated: boolean;
  /** d log σ / d log c at the solution: how much a relative error in the moment is amplified in the norm. */
  amplification: number;
}

/** The σ in [0, hi] with f(σ) = target, for increasing f, by bisection. */
function bisect(f: (s: number) => number, target: number, hi: number): number {
  let lo = 0;
  while (hi - lo > 1e-12 * hi) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const saturationStart = new Map<string, { level: number; sigma: number }>();

/**
 * The σ ≥ 0 with |c_l(σ)| = target. Homogeneous φ (degree h) has c_l(σ) = σ^h c_l(1), so
 * σ = (target / |c_l(1)|)^{1/h}. Otherwise (sigmoid, tanh; l = 1) c_1 rises monotonically to a limit and is
 * inverted by bisection; near the limit it is flat, so noise in the target is amplified.
 */
export function normFromMoment(act: Activation, l: number, target: number): NormEstimate {
  if (act.homogeneity !== null) {
    const cl = Math.abs(hermiteCoefficients(act, 1)[l]);
    return { sigma: (target / cl) ** (1 / act.homogeneity), saturated: false, amplification: 1 / act.homogeneity };
  }
  if (l !== 1) throw new Error(`Only c_1 is inverted numerically; got order ${l}.`);
  const c1 = (s: number) => Math.abs(hermiteCoefficients(act, s)[1]);
  if (!saturationStart.has(act.name)) {
    // The quadrature's panels reach down to 1e-6, so σ = 1e4 resolves the limit c_1(∞).
    const level = SATURATION * c1(1e4);
    saturationStart.set(act.name, { level, sigma: bisect(c1, level, 1e4) });
  }
  const start = saturationStart.get(act.name)!;
  if (target >= start.level) return { sigma: start.sigma, saturated: true, amplification: Infinity };
  const sigma = bisect(c1, target, start.sigma);
  const h = 1e-4 * Math.max(sigma, 1e-3);
  const slope = (c1(sigma + h) - c1(Math.max(sigma - h, 0))) / (sigma + h - Math.max(sigma - h, 0));
  return { sigma, saturated: false, amplification: target / (sigma * slope) };
}

// The strong convexity region around W* (SPEC §4), measured the same way by the page and the CLI: λ_min of the
// Hessian along random rays from W*, one ray per call (each of its points a piece of a gate, core/gate.ts) so the
// page can run rays between training frames, on a grid of radii that reaches past every arm's initialization. No
// DOM and no run loop here.
import { radiusProbe, type Extremes, type RadiusArgs } from '../core/convexity';
import type { Gate } from '../core/gate';
import type { Match } from '../core/matching';

/**
 * A float32 Hessian carries rounding of about 1e-6·λ_max (see test/convexity.test.ts), so a λ_min below this
 * fraction of λ_max is indistinguishable from 0: not counted as positive definite.
 */
export const POSITIVE_TOLERANCE = 1e-5;

/** λ_min clearly above 0: the loss is strongly convex at this point. */
export function positiveDefinite(e: Pick<Extremes, 'lambdaMin' | 'lambdaMax'>): boolean {
  return e.lambdaMin > POSITIVE_TOLERANCE * Math.abs(e.lambdaMax);
}

/** Rays the CLI probes, and the most the page probes (it stops earlier when a ray is slow). */
export const MAX_RAYS = 8;
/** The page probes at least this many rays: fewer would not make a band. */
export const MIN_RAYS = 3;

/** Radii as fractions of the largest: dense near W*, where the region ends for most problems. */
const RADIUS_FRACTIONS = [0, 1 / 60, 1 / 30, 1 / 15, 0.1, 2 / 15, 0.2, 4 / 15, 1 / 3, 7 / 15, 0.6, 0.8, 1];

/** The ray probe never goes beyond this many ‖W*‖: an initialization further out is marked off the axis. */
export const MAX_RADIUS = 3;

/**
 * Radii r (relative to ‖W*‖_F) for the rays: up to 1.1× the farthest initialization (at least 1.5, at most
 * MAX_RADIUS), so every arm's starting distance lies on the same axis. `coarse` keeps every other radius.
 */
export function radiusGrid(initDistances: number[], coarse = false): number[] {
  const farthest = Math.max(0, ...initDistances.filter(Number.isFinite));
  const top = Math.min(MAX_RADIUS, Math.max(1.5, 1.1 * farthest));
  const fractions = coarse ? RADIUS_FRACTIONS.filter((_, i) => i % 2 === 0) : RADIUS_FRACTIONS;
  return fractions.map((f) => Number((f * top).toPrecision(6)));
}

export type RayArgs = Omit<RadiusArgs, 'directions' | 'seed'>;

export interface Ray {
  /** [r, λ_min(∇²f(W* + r‖W*‖_F Δ))] over the radii. */
  curve: [number, number][];
  /** Where λ_min first reaches ≤ 0 along this ray (interpolated); null if it stays positive. */
  crossing: number | null;
  lambdaMinAtStar: number;
}

/** Ray `index` of a run with this seed: the same direction Δ in the page and the CLI. */
export async function probeRay(args: RayArgs, seed: number, index: number, gate?: Gate): Promise<Ray> {
  const probe = await radiusProbe({ ...args, directions: 1, seed: (Math.imul(seed, 0x9e3779b1) + index) >>> 0 }, gate);
  return { curve: probe.curves[0], crossing: probe.crossings[0], lambdaMinAtStar: probe.lambdaMinAtStar };
}

export interface Band {
  /** The smallest crossing over the rays: the radius of the ball the probe saw positive definite (null: none). */
  radius: number | null;
  /** The median crossing (null when more than half the rays never turn). */
  medianRadius: number | null;
  /** Per radius, the smallest and largest λ_min over the rays. */
  lower: number[];
  upper: number[];
}

export function band(rays: Ray[]): Band {
  const crossings = rays.map((ray) => ray.crossing);
  const finite = crossings.filter((r): r is number => r !== null);
  const sorted = crossings.map((r) => r ?? Infinity).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length === 0 ? Infinity : sorted.length % 2 ? sorted[Math.floor(mid)] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  const radii = rays[0]?.curve.length ?? 0;
  const column = (i: number) => rays.map((ray) => ray.curve[i][1]);
  return {
    radius: finite.length ? Math.min(...finite) : null,
    medianRadius: Number.isFinite(median) ? median : null,
    lower: Array.from({ length: radii }, (_, i) => Math.min(...column(i))),
    upper: Array.from({ length: radii }, (_, i) => Math.max(...column(i))),
  };
}

/**
 * W (d×k row-major) with its units permuted, and flipped where the match allows, into the teacher's order: the
 * copy of W* nearest to W is then W* itself. Null when the match is empty (a diverged arm).
 */
export function alignToTeacher(W: ArrayLike<number>, match: Match, d: number, k: number): Float64Array | null {
  if (match.perm.length !== k) return null;
  const out = new Float64Array(d * k);
  for (let j = 0; j < k; j++) {
    const sign = match.flip[j] ? -1 : 1;
    for (let i = 0; i < d; i++) out[i * k + j] = sign * W[i * k + match.perm[j]];
  }
  return out;
}

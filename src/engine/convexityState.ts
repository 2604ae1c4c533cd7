// The strong-convexity explorer's results as plain data: the probes (beside the engine) fill them, the page's
// mirror receives them, the panel and plots read them.
import type { ArmName } from '../core/arms';
import type { Extremes } from '../core/convexity';
import type { Settings } from '../core/settings';
import type { Band, Ray } from './convexityRegion';
import type { Trace } from './series';

export interface ArmProbe {
  name: ArmName;
  /** ‖W0 − W*‖_F / ‖W*‖_F after matching: the arm's initial error. */
  initDistance: number;
  /** W0 and v0 as the build's first frame read them back (null if it had none). */
  start: { W: Float64Array; v: Float64Array; iteration: number } | null;
  atInit: Extremes | null;
  /** λ at the arm's W as last sampled, and the iteration it was sampled at. */
  now: (Extremes & { iteration: number }) | null;
  /** λ_min against iteration. */
  along: Trace;
  /** Where λ_min last turned positive (interpolated between samples), null while it is not (`positiveDefinite`). */
  entered: number | null;
  /** Why the arm is no longer probed (it diverged), or null. */
  note: string | null;
}

export interface RaysResult {
  radii: number[];
  rays: Ray[];
  band: Band;
  /** Compute time of all rays so far. */
  ms: number;
  done: boolean;
}

export interface LandscapeResult {
  a: number[];
  b: number[];
  loss: number[][];
  resolution: number;
  extent: number;
  ms: number;
}

/** The plane of the landscape: W* + ‖W*‖(a·e1 + b·e2), spanned by the aligned offsets of two arms. */
export interface Plane {
  e1: Float64Array;
  e2: Float64Array;
  scale: number;
  /** The arms whose offsets span it (one when the second direction is random) and their trajectories (a, b). */
  arms: number[];
  paths: Trace[];
  /** How the plane was chosen when not from two arms. */
  note: string | null;
}

export interface ConvexityState {
  generation: number;
  settings: Settings | null;
  d: number;
  k: number;
  /** Why the explorer does not probe this run (null: it does). */
  unavailable: string | null;
  errors: string[];
  star: (Extremes & { ms: number }) | null;
  arms: ArmProbe[];
  rays: RaysResult | null;
  /** Why no Hessian, or no ray, is probed live at this size (one would stall training). */
  hessianSkipped: string | null;
  raysSkipped: string | null;
  plane: Plane | null;
  landscape: LandscapeResult | null;
  landscapeSkipped: string | null;
  /** The along-the-run sampling: compute time per arm (smoothed), arms per sample, and the interval between samples. */
  sampling: { ms: number; arms: number; every: number } | null;
}

export function emptyState(generation: number): ConvexityState {
  return {
    generation, settings: null, d: 0, k: 0, unavailable: null, errors: [], star: null, arms: [], rays: null, hessianSkipped: null, raysSkipped: null,
    plane: null, landscape: null, landscapeSkipped: null, sampling: null,
  };
}

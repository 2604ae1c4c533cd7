// `--probe convexity`: the strong convexity region of the run's training loss around W*, measured as the
// page measures it (the same rays, radii and seeds), for the CLI's JSON report.
import { activation } from '../core/activations';
import { extremeEigenvalues, predictedRate } from '../core/convexity';
import type { Experiment } from '../core/experiment';
import { band, MAX_RAYS, probeRay, radiusGrid, type Ray } from '../engine/convexityRegion';
import type { Settings } from '../core/settings';

export interface ConvexityReport {
  /** λ_min and λ_max of ∇²f(W*) (v = v* fixed), their ratio, and how they were computed. */
  lambdaMinAtStar: number;
  lambdaMaxAtStar: number;
  conditionNumber: number;
  method: 'exact' | 'lanczos';
  /** 1 − η·λ_min(W*), valid when η ≤ 1/λ_max. */
  predictedRate: { rate: number; valid: boolean };
  /** Smallest and median r where λ_min first turns ≤ 0 over the rays; null: not within the radii probed. */
  radius: number | null;
  medianRadius: number | null;
  radii: number[];
  /** One curve per ray: [[r, λ_min], …] over `radii`. */
  directions: [number, number][][];
  /** Per ray, where λ_min first reached ≤ 0 (null: never). */
  crossings: (number | null)[];
  /** Each arm's initial error ‖W0 − W*‖_F/‖W*‖_F (after matching), on the same axis as the radius. */
  initDistance: Record<string, number>;
  /**
   * λ_min of ∇²f at each arm's initial and final (W, v), its v held fixed: "the initialization lands inside
   * the region" means λ_min > 0 at W₀. null: the arm has no point there (it stopped before its first frame).
   */
  lambdaMinAtInit: Record<string, number | null>;
  lambdaMinAtEnd: Record<string, number | null>;
  /** 'cnn': the probe treats W as a full d×k matrix, not the one tied filter. */
  note?: string;
  seconds: number;
}

/** An arm's point (W d×k row-major, v); empty W: none. */
export interface ArmPoint {
  name: string;
  W: number[];
  v: number[];
}

/**
 * The "convexity" object of `--probe convexity`. Uses the experiment's samples; call it before disposing it.
 * `points`: each arm's initial and final (W, v), for λ_min there.
 */
export async function convexityReport(
  settings: Settings, experiment: Experiment, initErrors: Record<string, number>, points: { init: ArmPoint[]; end: ArmPoint[] } = { init: [], end: [] },
): Promise<ConvexityReport> {
  const started = performance.now();
  const { X, y } = experiment.samples;
  const { teacher } = experiment;
  const act = activation(settings.act, settings.slope);
  const base = { X, y, v: teacher.v, act, loss: settings.loss, method: 'auto' as const };
  const star = await extremeEigenvalues({ ...base, W: teacher.W, seed: settings.seed });
  const radii = radiusGrid(Object.values(initErrors));
  const rays: Ray[] = [];
  for (let i = 0; i < MAX_RAYS; i++) rays.push(await probeRay({ ...base, Wstar: teacher.W, radii }, settings.seed, i));
  const { radius, medianRadius } = band(rays);
  const lambdaMins = async (at: ArmPoint[]) => {
    const out: Record<string, number | null> = {};
    for (const p of at) {
      out[p.name] = p.W.length ? (await extremeEigenvalues({ ...base, W: Float64Array.from(p.W), v: p.v, seed: settings.seed })).lambdaMin : null;
    }
    return out;
  };
  return {
    lambdaMinAtStar: star.lambdaMin,
    lambdaMaxAtStar: star.lambdaMax,
    conditionNumber: star.lambdaMax / star.lambdaMin,
    method: star.method,
    predictedRate: predictedRate(star.lambdaMin, star.lambdaMax, settings.lr),
    radius,
    medianRadius,
    radii,
    directions: rays.map((ray) => ray.curve),
    crossings: rays.map((ray) => ray.crossing),
    initDistance: initErrors,
    lambdaMinAtInit: await lambdaMins(points.init),
    lambdaMinAtEnd: await lambdaMins(points.end),
    ...(settings.model === 'cnn' ? { note: 'The Hessian is taken over the full d×k W, not over the one tied filter of the CNN.' } : {}),
    seconds: (performance.now() - started) / 1000,
  };
}

const num = (x: number | null) => (x === null ? 'beyond the radii probed' : x.toPrecision(3));

/** One line for the CLI's text report. */
export function convexityLine(c: ConvexityReport): string {
  const inits = Object.entries(c.initDistance).map(([name, r]) => `${name} ${r.toPrecision(3)}`).join(', ');
  const lambdas = Object.entries(c.lambdaMinAtInit)
    .map(([name, l]) => `${name} ${l === null ? '–' : l.toPrecision(3)} → ${c.lambdaMinAtEnd[name]?.toPrecision(3) ?? '–'}`).join(', ');
  return [
    `strong convexity: λ_min(W*) ${c.lambdaMinAtStar.toPrecision(3)}, λ_max ${c.lambdaMaxAtStar.toPrecision(3)},`,
    `predicted rate ${c.predictedRate.rate.toFixed(5)}${c.predictedRate.valid ? '' : ' (η > 1/λ_max: not valid)'};`,
    `radius ${num(c.radius)} (median ${num(c.medianRadius)}) over ${c.directions.length} rays; init distances ${inits}${lambdas ? `; λ_min at init → end: ${lambdas}` : ''}`,
  ].join(' ');
}

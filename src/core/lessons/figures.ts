// What a lesson's checks see: the figures the engine measured for the student's run, as plain numbers. The page
// fills them from its frames, readouts and convexity probes (state/lessonFigures.ts); tests fill them from the
// same engine in Node. Nothing here is computed from the teacher except what the engine itself reports.
import type { ArmName } from '../arms';
import { linearRate } from '../rate';
import type { Settings } from '../settings';

export interface LessonArm {
  name: ArmName;
  /** Matched error of the initialization. */
  initError: number;
  /** Matched error now. */
  error: number;
  /** Why the arm stopped (it diverged), or null while it trains. */
  stopped: string | null;
  /** λ_min(∇²f(W₀)) as the probe measured it at this arm's initialization; null until probed. */
  lambdaMinInit: number | null;
  /** The error against iteration (decimated like the plots). */
  trace: { x: readonly number[]; y: readonly number[] };
}

export interface LessonFigures {
  /** The settings the run was built from, with the learning rate now in force. */
  settings: Settings;
  iteration: number;
  /** The run reached its iteration budget. */
  done: boolean;
  arms: LessonArm[];
  /** λ_min and λ_max of the Hessian at W*, as probed for this run; null until probed. */
  star: { lambdaMin: number; lambdaMax: number } | null;
  /** Why the probes do not measure this run (the CNN, a size too large), or null. */
  probeNote: string | null;
}

/** What a check reads off the figures, of one arm. */
export type MeasureKind = 'initError' | 'error' | 'lambdaMinInit' | 'floor' | 'rate' | 'errorAt';
export interface Measure {
  of: MeasureKind;
  arm: ArmName;
  /** errorAt: the iteration. */
  at?: number;
}

export type Reading = { value: number } | { value: null; why: string };

/** Points below this sit at float32's precision (PITFALLS: it floors near 1.5e-6), not at a statistical floor. */
export const PRECISION_FLOOR = 1e-4;
/** A floor is flat when the error moved less than this (relative) over the last third of the run. */
export const FLAT_TOLERANCE = 0.05;
/** Fewer iterations than this say nothing about a floor or a rate. */
export const MIN_ITERATIONS = 100;

function valueAt(trace: LessonArm['trace'], t: number): number | null {
  const { x, y } = trace;
  if (!x.length || t > x[x.length - 1]) return null;
  let i = 0;
  while (i < x.length - 1 && x[i + 1] < t) i++;
  if (i === x.length - 1 || x[i] >= t) return y[i];
  // Between two points: log-linear, the shape of linear convergence.
  const f = (t - x[i]) / (x[i + 1] - x[i]);
  return Math.exp((1 - f) * Math.log(y[i]) + f * Math.log(y[i + 1]));
}

/** The error where it stopped falling: flat over the last third of the run, and above float32's precision. */
export function floorOf(arm: LessonArm, iteration: number): Reading {
  if (arm.stopped) return { value: null, why: `this arm ${arm.stopped}` };
  if (iteration < MIN_ITERATIONS) return { value: null, why: `only ${iteration} iterations so far` };
  const end = valueAt(arm.trace, iteration);
  const before = valueAt(arm.trace, (2 * iteration) / 3);
  if (end === null || before === null) return { value: null, why: 'no error measured yet' };
  if (end < PRECISION_FLOOR) return { value: null, why: `the error (${end.toExponential(2)}) is down at float32's precision: there is no statistical floor here` };
  const change = Math.abs(end / before - 1);
  if (change > FLAT_TOLERANCE) return { value: null, why: `the error still moved ${(100 * change).toFixed(0)}% over the last third of the run: not flat yet` };
  return { value: end };
}

export function findArm(f: LessonFigures, name: ArmName): LessonArm | undefined {
  return f.arms.find((a) => a.name === name);
}

/** One measurement, or why it cannot be read (yet). */
export function read(f: LessonFigures, m: Measure): Reading {
  const arm = findArm(f, m.arm);
  if (!arm) return { value: null, why: `this run has no “${m.arm}” arm` };
  switch (m.of) {
    case 'initError':
      return { value: arm.initError };
    case 'error':
      return Number.isFinite(arm.error) ? { value: arm.error } : { value: null, why: 'no finite error' };
    case 'lambdaMinInit':
      if (arm.lambdaMinInit !== null) return { value: arm.lambdaMinInit };
      return { value: null, why: f.probeNote ?? 'the Hessian at the initialization is being computed' };
    case 'floor':
      return floorOf(arm, f.iteration);
    case 'rate': {
      if (f.iteration < MIN_ITERATIONS) return { value: null, why: `only ${f.iteration} iterations so far` };
      // Fitted over the recent half of the stretch above float32's precision: a run that reached the precision floor
      // early still has a rate, that of its slowest mode.
      const above = arm.trace.y.flatMap((y, i) => (y > PRECISION_FLOOR ? [i] : []));
      const rate = linearRate(above.map((i) => arm.trace.x[i]), above.map((i) => arm.trace.y[i]));
      return rate === null ? { value: null, why: 'too few points above float32 precision to fit a rate' } : { value: rate };
    }
    case 'errorAt': {
      const at = m.at ?? 0;
      const value = valueAt(arm.trace, at);
      return value === null ? { value: null, why: `the run has not reached iteration ${at} yet` } : { value };
    }
  }
}

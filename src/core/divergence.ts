// When a training arm should stop, and what to try instead, decided from what each frame already reads back (its
// per-step losses and its matched error): a loss that is no longer finite, an error grown well past its start, or
// a loss that keeps rising. All three are, in these experiments, a learning rate too large for the problem.
import { SETTINGS } from './settings';

/** Each verdict names the likely cause: the learning rate. */
export type DivergenceKind = 'non-finite' | 'error-growth' | 'loss-rising';

export interface Divergence {
  kind: DivergenceKind;
  /** Why the arm stopped, in words, with the learning rate to try. */
  message: string;
  /** The learning rate to try instead. */
  suggestedLr: number;
}

/**
 * Stop when the error passes this multiple of max(1, initial error). Measured (scripts/divergenceRuns.ts): runs
 * that converge or plateau peaked at 1.13× their start (regression, every activation, lr up to 1; the presets;
 * cross-entropy at lr ≤ 10), while cross-entropy classification at lr = 100 passed 2× within a few hundred steps
 * and reached 5.4× at 2,000, its loss falling all along — only the error shows it.
 */
export const ERROR_GROWTH = 2;

/**
 * Stop when the loss rose at this many consecutive steps by more than RISE_FRACTION of the arm's first loss.
 * Steps at the float32 floor rise and fall at random (runs of 5 rises were seen there), so both are needed.
 */
export const RISING_STEPS = 50;
export const RISE_FRACTION = 0.01;

/**
 * The step to suggest, as a fraction of the current one. Measured: regression diverged at η = 3 and converged at
 * 0.3; cross-entropy classification lost its way at η = 100 and converged at 10 (and 30 still drifted).
 */
export const LR_CUT = 0.1;

/** What the detector keeps of an arm's losses between frames. */
export interface LossWatch {
  /** The arm's first finite loss: the scale a rise is measured against. */
  first: number;
  last: number;
  /** Consecutive rising steps so far, and the loss where that run of rises began. */
  rising: number;
  riseFrom: number;
}

/** The watch after `losses` (this frame's step losses, in order). */
export function watchLosses(watch: LossWatch | null, losses: readonly number[]): LossWatch | null {
  let next = watch;
  for (const loss of losses) {
    if (!Number.isFinite(loss)) continue;
    if (!next) {
      next = { first: loss, last: loss, rising: 0, riseFrom: loss };
      continue;
    }
    const rising = loss > next.last ? next.rising + 1 : 0;
    next = { ...next, last: loss, rising, riseFrom: rising === 0 ? loss : next.riseFrom };
  }
  return next;
}

/** The learning rate to suggest: LR_CUT of the current one, two significant digits, within the table's range. */
export function suggestLr(lr: number): number {
  return Math.max(SETTINGS.lr.min, Number((LR_CUT * lr).toPrecision(2)));
}

const sci = (x: number) => x.toPrecision(3);

export interface ArmObservation {
  iteration: number;
  lr: number;
  initError: number;
  /** The matched error now; NaN when the weights are not finite. */
  error: number;
  /** Every loss and weight of the frame is finite. */
  finite: boolean;
  watch: LossWatch | null;
}

/** Why the arm should stop now, or null while it trains as it should. */
export function divergence(o: ArmObservation): Divergence | null {
  const suggestedLr = suggestLr(o.lr);
  const cause = `the learning rate is too large for this arm (η = ${o.lr}) — try η = ${suggestedLr}.`;
  const at = `at iteration ${o.iteration}`;
  if (!o.finite || !Number.isFinite(o.error)) {
    return { kind: 'non-finite', suggestedLr, message: `diverged ${at}: its loss or weights are no longer finite (NaN or ∞); ${cause}` };
  }
  const limit = ERROR_GROWTH * Math.max(1, o.initError);
  if (o.error > limit) {
    return {
      kind: 'error-growth', suggestedLr,
      message: `diverged ${at}: its error grew to ${sci(o.error)}, more than ${ERROR_GROWTH}× its start (${sci(o.initError)}), even if the loss may still fall; ${cause}`,
    };
  }
  const w = o.watch;
  if (w && w.rising >= RISING_STEPS && w.last - w.riseFrom > RISE_FRACTION * w.first) {
    return {
      kind: 'loss-rising', suggestedLr,
      message: `stalled ${at}: its training loss rose for ${w.rising} steps in a row (from ${sci(w.riseFrom)} to ${sci(w.last)}); ${cause}`,
    };
  }
  return null;
}

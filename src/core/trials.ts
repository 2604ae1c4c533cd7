// Many trials of one recovery-map cell trained as one program (trialBatch.ts: a leading trial dimension, one
// arm a trial). Each trial stops at the first checkpoint where it is recovered (or diverged), and leaves the
// program.
import * as tf from '@tensorflow/tfjs-core';
import type { ActivationName } from './activations';
import { matchedOutputs, matchUnits, type Match } from './matching';
import type { LossName } from './student';
import type { Teacher } from './teacher';
import { TrialBatch } from './trialBatch';

/** A trial succeeds when, after matching units, max_j ‖w_j − w*_j‖/‖w*_j‖ is at most this (SPEC §5). */
export const SUCCESS_ERROR = 0.01;

/** Recovery is checked every this many steps (and at the budget): the iteration a trial stops at is then a
 * property of the trial, not of the frame sizes or of which trials share its batch. */
export const CHECK_EVERY = 20;

/** A trial is stopped as diverged when its error passes this multiple of max(1, initial error). */
const DIVERGENCE_FACTOR = 100;

export interface TrialSpec {
  act: ActivationName;
  slope: number;
  loss: LossName;
  lr: number;
  /** Match student units to teacher units modulo (v, w) → (−v, −w) (odd-like φ with ±1 outputs). */
  allowFlip: boolean;
}

/** One trial ready to train: its samples on the device (the batch takes ownership) and its initialization. */
export interface PreparedTrial {
  teacher: Teacher;
  /** n×d. */
  X: tf.Tensor2D;
  /** n labels. */
  y: tf.Tensor1D;
  /** Initial W, d×k row-major. */
  W: Float64Array;
  /** Output weights, held fixed during training. */
  v: Float64Array;
}

export type TrialOutcome = 'recovered' | 'budget' | 'diverged';

export interface TrainedTrial {
  /** max_j relative unit error after matching, at the start and where the trial stopped. */
  initError: number;
  finalError: number;
  /** ‖W − W*‖_F/‖W*‖_F after matching, at the start. */
  initErrorFro: number;
  /** The output weights' signs equal v* under the matching at the start (for the tensor method: it recovered them). */
  initSignsRight: boolean;
  /** ... and where the trial stopped. */
  signsRight: boolean;
  /** Steps run before the trial stopped. */
  iterations: number;
  outcome: TrialOutcome;
}

interface Check {
  error: number;
  fro: number;
  signsRight: boolean;
}

/** Output signs equal v*'s after matching: with max_j ‖w_j − w*_j‖/‖w*_j‖ ≤ SUCCESS_ERROR, SPEC §5's success. */
export function signsMatch(v: ArrayLike<number>, teacher: Teacher, match: Match): boolean {
  return matchedOutputs(v, match).every((vi, j) => Math.sign(vi) === Math.sign(teacher.v[j]));
}

function check(trial: PreparedTrial, W: ArrayLike<number>, allowFlip: boolean): Check {
  const { d, k } = trial.teacher;
  const match = matchUnits(W, trial.teacher.W, d, k, allowFlip);
  return { error: match.maxUnitError, fro: match.error, signsRight: signsMatch(trial.v, trial.teacher, match) };
}

export interface TrainOptions {
  /** Step budget; 0 checks the initialization only. */
  iters: number;
  signal?: AbortSignal;
  /** Fraction of this batch's budget done, after every frame. */
  onProgress?: (fraction: number) => void;
  /** Target length of one frame of steps (the page stays responsive between frames). */
  frameMs?: number;
  /** Lets the host run between frames (rendering, input, cancel). */
  yieldToHost?: () => Promise<void>;
}

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Trains the trials as one batch until each is recovered (max unit error ≤ SUCCESS_ERROR with the right output
 * signs, checked every CHECK_EVERY steps), diverges, or reaches the budget. Takes ownership of the trials'
 * tensors. Frames are sized by time, but never cross a checkpoint, so each trial's result does not depend on
 * the machine or on the batch it ran in.
 */
export async function trainTrials(trials: PreparedTrial[], spec: TrialSpec, options: TrainOptions): Promise<TrainedTrial[]> {
  const { iters, signal, onProgress, frameMs = 50, yieldToHost = defaultYield } = options;
  const results: (TrainedTrial | null)[] = trials.map(() => null);
  const starts = trials.map((t) => check(t, t.W, spec.allowFlip));
  const finish = (t: number, c: Check, iterations: number, outcome: TrialOutcome) => {
    const start = starts[t];
    results[t] = {
      initError: start.error, initErrorFro: start.fro, initSignsRight: start.signsRight,
      finalError: c.error, signsRight: c.signsRight, iterations, outcome,
    };
  };
  const recovered = (c: Check) => c.error <= SUCCESS_ERROR && c.signsRight;
  starts.forEach((c, i) => {
    if (recovered(c) || iters === 0) finish(i, c, 0, recovered(c) ? 'recovered' : 'budget');
  });
  const pending = trials.filter((_, i) => !results[i]);
  if (!pending.length) {
    trials.forEach((t) => [t.X, t.y].forEach((x) => x.dispose()));
    return results as TrainedTrial[];
  }
  trials.forEach((t, i) => results[i] && [t.X, t.y].forEach((x) => x.dispose()));
  const index = trials.map((_, i) => i).filter((i) => !results[i]);
  const batch = new TrialBatch(pending.map((t) => ({ ...t, seed: 0, W: [t.W], v: [t.v] })), {
    act: spec.act, slope: spec.slope, lr: spec.lr, arms: [{ loss: spec.loss, trainV: false }], model: 'fcn',
  });
  const { d, k } = batch;
  let msPerStep: number | null = null;
  try {
    while (batch.running.length) {
      signal?.throwIfAborted();
      const nextCheck = Math.min(iters, (Math.floor(batch.iteration / CHECK_EVERY) + 1) * CHECK_EVERY);
      const byTime = msPerStep === null ? 1 : Math.max(1, Math.floor(frameMs / msPerStep));
      const steps = Math.min(nextCheck - batch.iteration, byTime);
      const started = performance.now();
      batch.run(steps);
      const W = await batch.read();
      msPerStep = (performance.now() - started) / steps;
      if (batch.iteration === nextCheck) {
        const stopped = new Set<number>();
        batch.running.forEach((b, i) => {
          const t = index[b];
          const Wt = Float64Array.from(W.subarray(i * d * k, (i + 1) * d * k));
          const finite = Wt.every(Number.isFinite);
          const c = finite ? check(trials[t], Wt, spec.allowFlip) : { error: Infinity, fro: Infinity, signsRight: false };
          let outcome: TrialOutcome | null = null;
          if (recovered(c)) outcome = 'recovered';
          else if (!finite || c.error > DIVERGENCE_FACTOR * Math.max(1, starts[t].error)) outcome = 'diverged';
          else if (batch.iteration >= iters) outcome = 'budget';
          if (outcome) {
            finish(t, c, batch.iteration, outcome);
            stopped.add(b);
          }
        });
        batch.retire(stopped);
      }
      onProgress?.(batch.iteration / iters);
      await yieldToHost();
    }
  } finally {
    batch.dispose();
  }
  return results as TrainedTrial[];
}

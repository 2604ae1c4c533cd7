// Many trials of one recovery-map cell trained as one program. Trial t has its own teacher, samples and
// initialization; every gradient step runs for all trials at once, with a leading trial dimension: X [T, n, d],
// W [T, d, k], v [T, 1, k], labels [T, n], and the two n-sized products are rank-3 tf.matMul calls. Each trial
// stops at the first checkpoint where it is recovered (or diverged), and leaves the program.
//
// On WebGL and WebGPU a rank-3 product is one shader for all trials. tfjs-backend-wasm sends only products
// with a batch of one and no transpose to XNNPACK; anything else runs a scalar loop (slow_batch_matmul), which
// wins over separate trials only while per-op dispatch dominates (small cells): recoveryMap.batchSize picks
// the batch, and on WASM X_tᵀ is kept so that a one-trial batch takes the XNNPACK path both ways.
import * as tf from '@tensorflow/tfjs-core';
import { activation, type Activation, type ActivationName } from './activations';
import { matchedOutputs, matchUnits } from './matching';
import { crossEntropyResidual, PROB_EPS, type LossName } from './student';
import type { Teacher } from './teacher';

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

function check(trial: PreparedTrial, W: ArrayLike<number>, allowFlip: boolean): Check {
  const { d, k } = trial.teacher;
  const match = matchUnits(W, trial.teacher.W, d, k, allowFlip);
  const signsRight = matchedOutputs(trial.v, match).every((vi, j) => Math.sign(vi) === Math.sign(trial.teacher.v[j]));
  return { error: match.maxUnitError, fro: match.error, signsRight };
}

/**
 * The running trials of one batch on the device. Trials leave the batch when they stop, so the program
 * always has the running trials only.
 */
export class TrialBatch {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  iteration = 0;
  /** Indices (into the trials given) of the running trials, in the tensors' order. */
  running: number[];
  private readonly act: Activation;
  private readonly lr: tf.Scalar;
  private X: tf.Tensor3D;
  /** X_tᵀ [T, d, n], on WASM only: there a transposed product never takes the XNNPACK path. */
  private XT: tf.Tensor3D | null;
  private y: tf.Tensor2D;
  private W: tf.Tensor3D;
  private v: tf.Tensor3D;

  constructor(trials: PreparedTrial[], private readonly spec: TrialSpec) {
    const { d, k } = trials[0].teacher;
    this.n = trials[0].X.shape[0];
    this.d = d;
    this.k = k;
    this.act = activation(spec.act, spec.slope);
    this.running = trials.map((_, t) => t);
    this.lr = tf.scalar(spec.lr);
    this.X = tf.stack(trials.map((t) => t.X)) as tf.Tensor3D;
    this.y = tf.stack(trials.map((t) => t.y)) as tf.Tensor2D;
    trials.forEach((t) => [t.X, t.y].forEach((x) => x.dispose()));
    this.XT = tf.getBackend() === 'wasm' ? tf.transpose(this.X, [0, 2, 1]) : null;
    const W = new Float32Array(trials.length * d * k);
    trials.forEach((t, i) => W.set(t.W, i * d * k));
    this.W = tf.tensor3d(W, [trials.length, d, k]);
    this.v = tf.tensor3d(Float32Array.from(trials.flatMap((t) => Array.from(t.v))), [trials.length, 1, k]);
  }

  /** dℓ/dŷ per sample, [T, n]: the same losses as student.ts, over a leading trial dimension. */
  private residual(out: tf.Tensor2D): tf.Tensor2D {
    if (this.spec.loss === 'squared') return tf.sub(out, this.y);
    return crossEntropyResidual(tf.clipByValue(out, PROB_EPS, 1 - PROB_EPS), this.y);
  }

  /** One full-batch gradient step of every running trial: W ← W − η ∇f(W), v fixed. */
  private step(): void {
    const next = tf.tidy(() => {
      const [T, n] = [this.running.length, this.n];
      const Z = tf.matMul(this.X, this.W);
      const out = tf.sum(tf.mul(this.act.f(Z), this.v), 2) as tf.Tensor2D;
      const r = tf.reshape(this.residual(out), [T, n, 1]);
      const G = tf.mul(tf.mul(this.act.df(Z), r), this.v) as tf.Tensor3D;
      const grad = tf.div(this.XT ? tf.matMul(this.XT, G) : tf.matMul(this.X, G, true, false), n);
      return tf.sub(this.W, tf.mul(grad, this.lr)) as tf.Tensor3D;
    });
    this.W.dispose();
    this.W = next;
  }

  /** Queues `steps` steps (no read-back). */
  run(steps: number): void {
    for (let s = 0; s < steps; s++) this.step();
    this.iteration += steps;
  }

  /** W of the running trials, [T·d·k] in `running` order (one read-back). */
  async read(): Promise<Float32Array> {
    return (await this.W.data()) as Float32Array;
  }

  /** Removes stopped trials from the program. */
  retire(stopped: Set<number>): void {
    if (!stopped.size) return;
    const keep = this.running.map((t, i) => (stopped.has(t) ? -1 : i)).filter((i) => i >= 0);
    this.running = keep.map((i) => this.running[i]);
    if (!keep.length) {
      this.dispose();
      return;
    }
    const gather = <R extends tf.Rank>(x: tf.Tensor<R>) => {
      const next = tf.tidy(() => tf.gather(x, keep)) as tf.Tensor<R>;
      x.dispose();
      return next;
    };
    this.X = gather(this.X);
    this.XT = this.XT && gather(this.XT);
    this.y = gather(this.y);
    this.W = gather(this.W);
    this.v = gather(this.v);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of [this.X, this.XT, this.y, this.W, this.v, this.lr]) t?.dispose();
  }
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
  const batch = new TrialBatch(pending, spec);
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

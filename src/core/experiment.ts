// One experiment on the active tfjs backend: the samples live on the device for the whole run, all arms train
// as one batched program, and every figure of a frame (per-step losses, test loss, W, v) comes back in one read.
import * as tf from '@tensorflow/tfjs-core';
import { activation, type Activation } from './activations';
import type { ArmInit, ArmName } from './arms';
import { divergence, watchLosses, type LossWatch } from './divergence';
import { matchModel, type Match } from './matching';
import { patchMask, tieGradient } from './cnn';
import { makeSampler, type SamplingSpec, type StepSampler } from './sampling';
import { accuracy, armBlocks, evaluate, lossOnly, type LossName } from './student';
import type { Samples, Teacher } from './teacher';

export interface ExperimentSpec {
  act: Activation['name'];
  slope: number;
  /** The loss each arm trains on, in arm order. */
  losses: LossName[];
  lr: number;
  /** Flips (v, w) ~ (−v, −w) are symmetries of the network: match modulo them. */
  allowFlip: boolean;
  /** 'cnn': one filter shared by k non-overlapping patches (W stays block-diagonal, no unit matching). */
  model: 'fcn' | 'cnn';
  /** Labels are 0/1: report train and test accuracy. */
  classification: boolean;
  /** How each step sees the data (sampling.ts), with the run's seed; absent or 'full': the fixed samples. */
  sampling?: SamplingSpec & { seed: number };
}

/** The samples on the device. The experiment takes ownership and disposes them. */
export interface DeviceSamples {
  X: tf.Tensor2D;
  /** Labels as a column, [n, 1]. */
  y: tf.Tensor2D;
  Xtest: tf.Tensor2D;
  ytest: tf.Tensor2D;
}

/** Uploads training and test samples once; they stay on the device for the whole run. */
export function uploadSamples(train: Samples, test: Samples): DeviceSamples {
  return {
    X: tf.tensor2d(train.X, [train.n, train.d]),
    y: tf.tensor2d(train.y, [train.n, 1]),
    Xtest: tf.tensor2d(test.X, [test.n, test.d]),
    ytest: tf.tensor2d(test.y, [test.n, 1]),
  };
}

export interface ArmStatus {
  name: ArmName;
  /** Why the arm stopped (divergence), or null while it runs. */
  stopped: string | null;
  /** The learning rate to try instead, once stopped. */
  suggestedLr: number | null;
  initError: number;
  /** Its losses so far, as the divergence check needs them. */
  watch: LossWatch | null;
}

export interface ArmFigures {
  name: ArmName;
  error: number;
  maxUnitError: number;
  loss: number;
  testLoss: number;
  /** Train and test accuracy of 1[H > 1/2] (classification), else NaN. */
  accuracy: number;
  testAccuracy: number;
  match: Match;
  /** Current W (d×k row-major) and v of this arm. */
  W: Float64Array;
  v: Float64Array;
}

export interface FrameFigures {
  /** Iteration count after the frame. */
  iteration: number;
  /** stepLosses[s][a]: training loss of arm a at iteration (iteration − steps + s), before that step. */
  stepLosses: number[][];
  arms: ArmFigures[];
  /** Arms stopped during this frame, with the reason and the learning rate to try. */
  newlyStopped: { name: ArmName; reason: string; suggestedLr: number }[];
}

export class Experiment {
  readonly d: number;
  readonly k: number;
  readonly m: number;
  readonly arms: ArmStatus[];
  iteration = 0;
  private readonly act: Activation;
  private readonly X: tf.Tensor2D;
  /** armBlocks(m, k), kept: every step sums and spreads per arm with it. */
  private readonly blocks: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  private readonly Xtest: tf.Tensor2D;
  private readonly ytest: tf.Tensor2D;
  /** The labels repeated for every arm, [n, m]: WASM's broadcasting subtract is many times slower than its plain one. */
  private readonly yArms: tf.Tensor2D;
  private readonly ytestArms: tf.Tensor2D;
  private W: tf.Tensor2D;
  private v: tf.Tensor2D;
  /** True for arms that train their output signs (per arm, [m, 1]); null when none does. */
  private readonly trainV: tf.Tensor2D | null;
  /** Per column of W: true while the arm runs ([1, m·k], bool). */
  private active: tf.Tensor2D;
  private lr: tf.Scalar;
  private lrValue: number;
  /** CNN only: the block-diagonal pattern that ties the filter's gradient. */
  private readonly mask: tf.Tensor2D | null;
  /** Resampling or SGD: each step's samples; null on the full-batch path. */
  private readonly sampler: StepSampler | null;
  private disposed = false;

  constructor(
    readonly teacher: Teacher,
    samples: DeviceSamples,
    inits: ArmInit[],
    private readonly spec: ExperimentSpec,
  ) {
    const { d, k } = teacher;
    this.d = d;
    this.k = k;
    this.m = inits.length;
    this.act = activation(spec.act, spec.slope);
    ({ X: this.X, y: this.y, Xtest: this.Xtest, ytest: this.ytest } = samples);
    const m = this.m;
    this.yArms = tf.tile(this.y, [1, m]);
    this.ytestArms = tf.tile(this.ytest, [1, m]);
    this.blocks = armBlocks(m, k);
    const Wall = new Float32Array(d * m * k);
    inits.forEach((arm, a) => {
      for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) Wall[i * m * k + a * k + j] = arm.W[i * k + j];
    });
    this.W = tf.tensor2d(Wall, [d, m * k]);
    this.v = tf.tensor2d(inits.flatMap((arm) => Array.from(arm.v)), [m, k]);
    this.trainV = inits.some((arm) => arm.trainV) ? tf.tensor2d(inits.map((arm) => arm.trainV), [m, 1], 'bool') : null;
    this.active = tf.ones([1, m * k], 'bool') as tf.Tensor2D;
    this.lr = tf.scalar(spec.lr);
    this.lrValue = spec.lr;
    this.mask = spec.model === 'cnn' ? patchMask(k, d / k, m) : null;
    this.sampler = spec.sampling ? makeSampler([{ seed: spec.sampling.seed, teacher }], spec.sampling, this.X.shape[0]) : null;
    this.arms = inits.map((arm) => ({
      name: arm.name,
      stopped: null,
      suggestedLr: null,
      initError: this.match(arm.W).error,
      watch: null,
    }));
  }

  get n(): number {
    return this.X.shape[0];
  }

  /** The training samples on the device, for probes that read them (the Hessian, the landscape). */
  get samples(): { X: tf.Tensor2D; y: tf.Tensor2D } {
    return { X: this.X, y: this.y };
  }

  /** The loss each arm trains on, and the settings of the run. */
  get config(): Readonly<ExperimentSpec> {
    return this.spec;
  }

  /** The learning rate applies from the next step on, without rebuilding. */
  setLearningRate(lr: number): void {
    this.lr.dispose();
    this.lr = tf.scalar(lr);
    this.lrValue = lr;
  }

  /** Matched error of a d×k W (matching.ts: the CNN's units are not permuted). */
  private match(W: Float64Array): Match {
    return matchModel(W, this.teacher.W, this.d, this.k, this.spec.model, this.spec.allowFlip);
  }

  /** Step `index`'s own samples (fresh ones, or a minibatch), as the 2-D tensors a step takes. */
  private stepData(sampler: StepSampler, index: number): { X: tf.Tensor2D; y: tf.Tensor2D } {
    return tf.tidy(() => {
      const [n, d] = this.X.shape;
      const data = sampler.draw(index, { X: tf.reshape(this.X, [1, n, d]), y: tf.reshape(this.y, [1, n, 1]) });
      const rows = data.X.shape[1];
      return { X: tf.reshape(data.X, [rows, d]), y: tf.reshape(data.y, [rows, 1]) };
    });
  }

  /** Gradient step `index` of every running arm; returns the losses before the step, [m] (on the step's samples). */
  private step(index: number): tf.Tensor1D {
    const data = this.sampler && this.stepData(this.sampler, index);
    const { loss, gradW: rawGrad, gradV } = evaluate(data?.X ?? this.X, data?.y ?? this.yArms, this.W, this.v, this.act, this.spec.losses, {
      blocks: this.blocks, gradV: this.trainV !== null,
    });
    if (data) Object.values(data).forEach((t) => t.dispose());
    const gradW = this.mask ? tieGradient(rawGrad, this.mask, this.k, this.d / this.k, this.m) : rawGrad;
    if (gradW !== rawGrad) rawGrad.dispose();
    const trainV = this.trainV;
    const next = tf.tidy(() => {
      const W = tf.where(this.active, tf.sub(this.W, tf.mul(gradW, this.lr)), this.W) as tf.Tensor2D;
      if (!trainV) return { W, v: this.v };
      // Zhong et al.'s third arm: v ← sign(v − η ∇_v f), for the arms that train v.
      const stepped = tf.sub(tf.mul(tf.cast(tf.greaterEqual(tf.sub(this.v, tf.mul(gradV, this.lr)), 0), 'float32'), 2), 1);
      return { W, v: tf.where(trainV, stepped, this.v) as tf.Tensor2D };
    });
    gradW.dispose();
    gradV.dispose();
    this.W.dispose();
    if (next.v !== this.v) this.v.dispose();
    this.W = next.W;
    this.v = next.v;
    return loss;
  }

  /**
   * Runs `steps` steps and returns every figure of the frame as one flat tensor, to be read back with a single
   * `await data()` and decoded by `decode`. Layout: step losses [steps·m], train loss [m] (left out when
   * `trainLoss` is false and steps > 0), test loss [m],
   * train accuracy [m], test accuracy [m] (classification only), W [d·m·k], v [m·k].
   */
  runFrame(steps: number, trainLoss = true): tf.Tensor1D {
    const losses: tf.Tensor1D[] = [];
    for (let s = 0; s < steps; s++) losses.push(this.step(this.iteration + s));
    this.iteration += steps;
    return tf.tidy(() => {
      // Without `trainLoss` the frame's training loss is its last step's (before that step): a forward pass over
      // all n samples saved per frame, which is most of a frame's fixed cost when a frame is a step or two.
      const train = trainLoss || steps === 0 ? [lossOnly(this.X, this.yArms, this.W, this.v, this.act, this.spec.losses)] : [];
      const test = lossOnly(this.Xtest, this.ytestArms, this.W, this.v, this.act, this.spec.losses);
      const accuracies = this.spec.classification
        ? [accuracy(this.X, this.y, this.W, this.v, this.act), accuracy(this.Xtest, this.ytest, this.W, this.v, this.act)]
        : [];
      const parts = [...losses, ...train, test, ...accuracies, tf.reshape(this.W, [-1]), tf.reshape(this.v, [-1])];
      const flat = tf.concat(parts) as tf.Tensor1D;
      losses.forEach((t) => t.dispose());
      return flat;
    });
  }

  /** Decodes one frame's read-back, computes matched errors on the CPU and stops arms that diverged. */
  decode(flat: Float32Array, steps: number, trainLoss = true): FrameFigures {
    const { d, k, m } = this;
    let o = 0;
    const stepLosses: number[][] = [];
    for (let s = 0; s < steps; s++, o += m) stepLosses.push(Array.from(flat.subarray(o, o + m)));
    const take = (count: number) => flat.subarray(o, (o += count));
    const train = trainLoss || steps === 0 ? take(m) : flat.subarray((steps - 1) * m, steps * m);
    const test = take(m);
    const [acc, testAcc] = this.spec.classification ? [take(m), take(m)] : [null, null];
    const Wflat = take(d * m * k);
    const vflat = take(m * k);
    const newlyStopped: FrameFigures['newlyStopped'] = [];
    const arms = this.arms.map((status, a): ArmFigures => {
      const W = new Float64Array(d * k);
      for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) W[i * k + j] = Wflat[i * m * k + a * k + j];
      const v = Float64Array.from(vflat.subarray(a * k, a * k + k));
      const finite = W.every(Number.isFinite) && Number.isFinite(train[a]);
      const match = finite ? this.match(W) : null;
      const error = match ? match.error : NaN;
      if (!status.stopped) {
        status.watch = watchLosses(status.watch, steps > 0 ? stepLosses.map((row) => row[a]) : [train[a]]);
        const verdict = divergence({ iteration: this.iteration, lr: this.lrValue, initError: status.initError, error, finite, watch: status.watch });
        if (verdict) {
          status.stopped = verdict.message;
          status.suggestedLr = verdict.suggestedLr;
          newlyStopped.push({ name: status.name, reason: verdict.message, suggestedLr: verdict.suggestedLr });
        }
      }
      return {
        name: status.name,
        error,
        maxUnitError: match ? match.maxUnitError : NaN,
        loss: train[a],
        testLoss: test[a],
        accuracy: acc ? acc[a] : NaN,
        testAccuracy: testAcc ? testAcc[a] : NaN,
        match: match ?? { error: NaN, perm: [], flip: [], maxUnitError: NaN },
        W,
        v,
      };
    });
    if (newlyStopped.length) this.freezeStoppedArms();
    return { iteration: this.iteration, stepLosses, arms, newlyStopped };
  }

  private freezeStoppedArms(): void {
    const cols = this.arms.flatMap((arm) => new Array<number>(this.k).fill(arm.stopped ? 0 : 1));
    this.active.dispose();
    this.active = tf.tensor2d(cols.map(Boolean), [1, this.m * this.k], 'bool');
  }

  /** True while at least one arm still trains. */
  get anyRunning(): boolean {
    return this.arms.some((arm) => !arm.stopped);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of [this.X, this.blocks, this.y, this.Xtest, this.ytest, this.yArms, this.ytestArms, this.W, this.v, this.active, this.lr]) t.dispose();
    this.trainV?.dispose();
    this.mask?.dispose();
    this.sampler?.dispose();
  }
}

// Many trials trained as one program, with a leading trial dimension: trial t has its own teacher, samples and
// initializations. X [T, n, d], W [T, d, m·k] (the m arms of a trial side by side, as in experiment.ts),
// v [T, 1, m·k], labels [T, n, 1]; the two n-sized products of a step are rank-3 tf.matMul calls. The recovery
// map trains one arm a trial (trials.ts); the live view's bands train every arm of seeds s+1 … s+R−1 (bands.ts).
//
// On WebGL and WebGPU a rank-3 product is one shader for all trials. tfjs-backend-wasm sends only products
// with a batch of one and no transpose to XNNPACK; anything else runs a scalar loop (slow_batch_matmul), which
// wins over separate trials only while per-op dispatch dominates (small problems): recoveryMap.batchSize picks
// the batch, and on WASM X_tᵀ is kept so that a one-trial batch takes the XNNPACK path both ways.
import * as tf from '@tensorflow/tfjs-core';
import { activation, type Activation, type ActivationName } from './activations';
import { patchMask, tieGradient } from './cnn';
import { makeSampler, type SamplingSpec, type StepSampler } from './sampling';
import { armBlocks, crossEntropyResidual, PROB_EPS, type LossName } from './student';
import type { Teacher } from './teacher';

/** What every trial of a batch trains: per arm, its loss and whether it trains its output signs. */
export interface BatchSpec {
  act: ActivationName;
  slope: number;
  lr: number;
  arms: { loss: LossName; trainV: boolean }[];
  /** 'cnn': W stays block-diagonal (one filter tied across the k patches). */
  model: 'fcn' | 'cnn';
  /** How each step sees the data; absent or 'full': the fixed samples. */
  sampling?: SamplingSpec;
}

/** One trial on the device (the batch takes ownership of its tensors) and its arms' initializations. */
export interface BatchTrial {
  teacher: Teacher;
  /** Seeds the trial's resampling or minibatches. */
  seed: number;
  /** n×d. */
  X: tf.Tensor2D;
  /** n labels ([n] or [n, 1]). */
  y: tf.Tensor;
  /** Held-out samples for the test loss (bands only). */
  test?: { X: tf.Tensor2D; y: tf.Tensor };
  /** Per arm: initial W (d×k row-major) and v. */
  W: Float64Array[];
  v: Float64Array[];
}

const stackLabels = (ys: tf.Tensor[], n: number) => tf.tidy(() => tf.reshape(tf.stack(ys.map((y) => tf.reshape(y, [-1]))), [ys.length, n, 1]) as tf.Tensor3D);

export class TrialBatch {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** Arms per trial. */
  readonly m: number;
  iteration = 0;
  /** Indices (into the trials given) of the running trials, in the tensors' order. */
  running: number[];
  private readonly act: Activation;
  private lr: tf.Scalar;
  private X: tf.Tensor3D;
  /** X_tᵀ [T, d, n], on WASM only: there a transposed product never takes the XNNPACK path. */
  private XT: tf.Tensor3D | null;
  private y: tf.Tensor3D;
  private readonly Xtest: tf.Tensor3D | null;
  private readonly ytest: tf.Tensor3D | null;
  private W: tf.Tensor3D;
  private v: tf.Tensor3D;
  /** armBlocks(m, k) when m > 1 (see student.ts). */
  private readonly blocks: tf.Tensor2D | null;
  /** [1, 1, m·k], true in the columns of arms that train their output signs; null when none does. */
  private readonly trainV: tf.Tensor3D | null;
  /** [T, 1, m·k], false in the columns of stopped arms; null while all run. */
  private active: tf.Tensor3D | null = null;
  private cnnMask: { T: number; mask: tf.Tensor2D } | null = null;
  private readonly sampler: StepSampler | null;
  private disposed = false;

  constructor(trials: BatchTrial[], private readonly spec: BatchSpec) {
    const { d, k } = trials[0].teacher;
    const m = spec.arms.length;
    const T = trials.length;
    this.n = trials[0].X.shape[0];
    this.d = d;
    this.k = k;
    this.m = m;
    this.act = activation(spec.act, spec.slope);
    this.running = trials.map((_, t) => t);
    this.lr = tf.scalar(spec.lr);
    this.X = tf.stack(trials.map((t) => t.X)) as tf.Tensor3D;
    this.y = stackLabels(trials.map((t) => t.y), this.n);
    const tests = trials.flatMap((t) => (t.test ? [t.test] : []));
    this.Xtest = tests.length === T ? (tf.stack(tests.map((t) => t.X)) as tf.Tensor3D) : null;
    this.ytest = tests.length === T ? stackLabels(tests.map((t) => t.y), tests[0].X.shape[0]) : null;
    trials.forEach((t) => [t.X, t.y, t.test?.X, t.test?.y].forEach((x) => x?.dispose()));
    this.XT = tf.getBackend() === 'wasm' ? tf.transpose(this.X, [0, 2, 1]) : null;
    // The arms of a trial side by side, column a·k + j for unit j of arm a (experiment.ts's layout).
    const W = new Float32Array(T * d * m * k);
    trials.forEach((t, i) => t.W.forEach((Wa, a) => {
      for (let r = 0; r < d; r++) for (let j = 0; j < k; j++) W[i * d * m * k + r * m * k + a * k + j] = Wa[r * k + j];
    }));
    this.W = tf.tensor3d(W, [T, d, m * k]);
    this.v = tf.tensor3d(Float32Array.from(trials.flatMap((t) => t.v.flatMap((va) => Array.from(va)))), [T, 1, m * k]);
    this.blocks = m > 1 ? armBlocks(m, k) : null;
    const trainV = spec.arms.flatMap((arm) => new Array<boolean>(k).fill(arm.trainV));
    this.trainV = trainV.some(Boolean) ? tf.tensor3d(trainV, [1, 1, m * k], 'bool') : null;
    this.sampler = makeSampler(trials.map((t) => ({ seed: t.seed, teacher: t.teacher })), spec.sampling, this.n);
  }

  /** The learning rate applies from the next step on (the live view's slider). */
  setLearningRate(lr: number): void {
    this.lr.dispose();
    this.lr = tf.scalar(lr);
  }

  /** v as each trial's block-diagonal [T, m·k, m]: φ(Z)·Vb sums each arm's units (student.ts's blockV). */
  private blockV(): tf.Tensor3D {
    const [T, , K] = this.v.shape;
    const column = tf.reshape(this.v, [T, K, 1]);
    return (this.blocks ? tf.mul(column, this.blocks) : column) as tf.Tensor3D;
  }

  /** dℓ/dŷ per sample and arm, [T, n, m]: the same losses as student.ts, over a leading trial dimension. */
  private residual(out: tf.Tensor3D, y: tf.Tensor3D): tf.Tensor3D {
    const one = (loss: LossName) => (loss === 'squared' ? tf.sub(out, y) : crossEntropyResidual(tf.clipByValue(out, PROB_EPS, 1 - PROB_EPS), y)) as tf.Tensor3D;
    return this.blend(one);
  }

  /** Loss per trial and arm, [T, m]. */
  private lossValue(out: tf.Tensor3D, y: tf.Tensor3D): tf.Tensor2D {
    const one = (loss: LossName) => {
      if (loss === 'squared') return tf.mul(tf.mean(tf.square(tf.sub(out, y)), 1), 0.5);
      const H = tf.clipByValue(out, PROB_EPS, 1 - PROB_EPS);
      return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(H)), tf.mul(tf.sub(1, y), tf.log1p(tf.neg(H)))), 1));
    };
    return this.blend(one) as tf.Tensor2D;
  }

  /** One loss for all arms, or each arm its own (the loss comparison), selected along the last axis. */
  private blend<T extends tf.Tensor>(one: (loss: LossName) => T): T {
    const losses = this.spec.arms.map((arm) => arm.loss);
    if (losses.every((l) => l === losses[0])) return one(losses[0]);
    const isCe = tf.tensor1d(losses.map((l) => (l === 'cross-entropy' ? 1 : 0)));
    return tf.add(tf.mul(one('cross-entropy'), isCe), tf.mul(one('squared'), tf.sub(1, isCe))) as T;
  }

  /** The CNN's tied gradient: each trial's arms become arms of one wide [d, T·m·k] matrix for tieGradient. */
  private tie(grad: tf.Tensor3D): tf.Tensor3D {
    const [T, d, K] = grad.shape;
    const arms = T * this.m;
    if (this.cnnMask?.T !== T) {
      this.cnnMask?.mask.dispose();
      this.cnnMask = { T, mask: tf.keep(patchMask(this.k, d / this.k, arms)) };
    }
    const wide = tf.reshape(tf.transpose(grad, [1, 0, 2]), [d, T * K]) as tf.Tensor2D;
    const tied = tieGradient(wide, this.cnnMask.mask, this.k, d / this.k, arms);
    return tf.transpose(tf.reshape(tied, [d, T, K]), [1, 0, 2]) as tf.Tensor3D;
  }

  /** Gradient step `index` of every running trial: W ← W − η ∇f(W) (and the sign step of v where an arm trains it). */
  private step(index: number, wantLoss: boolean): tf.Tensor2D | null {
    const next = tf.tidy(() => {
      const data = this.sampler?.draw(index, { X: this.X, y: this.y });
      const X = data?.X ?? this.X;
      const y = data?.y ?? this.y;
      const XT = data ? data.XT : this.XT;
      const n = X.shape[1];
      const Z = tf.matMul(X, this.W);
      const Vb = this.blockV();
      const A = this.act.f(Z);
      const out = tf.matMul(A, Vb) as tf.Tensor3D;
      const r = this.residual(out, y);
      const G = tf.mul(this.act.df(Z), tf.matMul(r, tf.transpose(Vb, [0, 2, 1]))) as tf.Tensor3D;
      let grad = tf.div(XT ? tf.matMul(XT, G) : tf.matMul(X, G, true, false), n) as tf.Tensor3D;
      if (this.spec.model === 'cnn') grad = this.tie(grad);
      const stepped = tf.sub(this.W, tf.mul(grad, this.lr)) as tf.Tensor3D;
      const W = this.active ? (tf.where(this.active, stepped, this.W) as tf.Tensor3D) : stepped;
      let v = this.v;
      if (this.trainV) {
        // Zhong et al.'s third arm: v ← sign(v − η ∇_v f), ∇_v f = Σ_s φ(Z_s) r_s / n per unit.
        const spread = this.blocks ? tf.matMul(r, tf.transpose(this.blocks)) : r;
        const gradV = tf.div(tf.sum(tf.mul(A, spread), 1, true), n);
        const signs = tf.sub(tf.mul(tf.cast(tf.greaterEqual(tf.sub(this.v, tf.mul(gradV, this.lr)), 0), 'float32'), 2), 1);
        v = tf.where(this.trainV, signs, this.v) as tf.Tensor3D;
      }
      return wantLoss ? { W, v, loss: this.lossValue(out, y) } : { W, v };
    }) as { W: tf.Tensor3D; v: tf.Tensor3D; loss?: tf.Tensor2D };
    this.W.dispose();
    if (next.v !== this.v) this.v.dispose();
    this.W = next.W;
    this.v = next.v;
    return next.loss ?? null;
  }

  /** Queues `steps` steps (no read-back). */
  run(steps: number): void {
    for (let s = 0; s < steps; s++) this.step(this.iteration + s, false);
    this.iteration += steps;
  }

  /** W of the running trials, [T·d·m·k] in `running` order (one read-back). */
  async read(): Promise<Float32Array> {
    return (await this.W.data()) as Float32Array;
  }

  /**
   * Runs `steps` steps and returns the frame's figures as one flat tensor (read it with the experiment's):
   * training loss before the last step (at the current W when steps = 0) [T·m], test loss [T·m], W, v.
   */
  runFrame(steps: number): tf.Tensor1D {
    let loss: tf.Tensor2D | null = null;
    for (let s = 0; s < steps; s++) {
      loss?.dispose();
      loss = this.step(this.iteration + s, s === steps - 1);
    }
    this.iteration += steps;
    const last = loss;
    return tf.tidy(() => {
      const forwardLoss = (X: tf.Tensor3D, y: tf.Tensor3D) => this.lossValue(tf.matMul(this.act.f(tf.matMul(X, this.W)), this.blockV()) as tf.Tensor3D, y);
      const train = last ?? forwardLoss(this.X, this.y);
      const test = this.Xtest && this.ytest ? forwardLoss(this.Xtest, this.ytest) : tf.fill(train.shape, NaN);
      const flat = tf.concat([train, test, this.W, this.v].map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
      last?.dispose();
      return flat;
    });
  }

  /** Freezes the arms marked in `stopped[t][a]` (they keep their weights and leave the gradient step). */
  freeze(stopped: boolean[][]): void {
    const cols = stopped.flatMap((arms) => arms.flatMap((s) => new Array<boolean>(this.k).fill(!s)));
    this.active?.dispose();
    this.active = tf.tensor3d(cols, [stopped.length, 1, this.m * this.k], 'bool');
  }

  /** Removes stopped trials from the program (the map's full-batch trials; a band freezes arms instead). */
  retire(stopped: Set<number>): void {
    if (this.sampler || this.active) throw new Error('TrialBatch.retire is for full-batch programs without frozen arms.');
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

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of [this.X, this.XT, this.y, this.Xtest, this.ytest, this.W, this.v, this.lr, this.blocks, this.trainV, this.active]) t?.dispose();
    this.cnnMask?.mask.dispose();
    this.sampler?.dispose();
  }
}

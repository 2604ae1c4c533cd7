// The benchmark's measurements, on whatever tfjs backend is active (Node's WASM or any backend in the bench page):
// the app's engine driven the way the app drives it, the same gradient step with nothing around it, the step's two
// matrix products, the fixed cost of one op, and the tensor initialization by stage. Every measurement is bounded
// in time, not in steps (but runs at least once).
import * as tf from '@tensorflow/tfjs-core';
import { activation, type Activation } from '../core/activations';
import { randomArms } from '../core/arms';
import { buildExperiment, makeData } from '../core/build';
import type { Experiment } from '../core/experiment';
import { evaluate, gradProduct } from '../core/student';
import type { Samples } from '../core/teacher';
import { StepBudget } from '../engine/stepBudget';
import { DEFAULTS, type Settings } from '../core/settings';

export interface BenchSize {
  n: number;
  d: number;
  k: number;
}

/** The stages `tensorInit` reports (src/core/tensorInit.ts); typed here so the bench builds while it is written. */
export interface InitSeconds {
  moments: number;
  eigen: number;
  decomposition: number;
  magnitudes: number;
  total: number;
}
export type TensorInitFn = (input: {
  X: tf.Tensor2D;
  y: tf.Tensor1D;
  act: Settings['act'];
  slope: number;
  k: number;
  split: boolean;
  knownV: Float64Array | null;
  seed: number;
}) => Promise<{ diagnostics: { seconds: InitSeconds } }>;

export interface AppResult {
  arms: number;
  stepsPerSecond: number;
  frames: number;
  stepsPerFrame: number;
  /** Means per frame: runFrame's synchronous dispatch, the wait in `await data()`, decode, and the wait for the next frame. */
  msPerFrame: { dispatch: number; readback: number; decode: number; idle: number; total: number };
  /** The first frame alone (shader compilation, first upload). */
  firstFrameMs: number;
}

export interface RateResult {
  stepsPerSecond: number;
  steps: number;
  seconds: number;
}

/** Milliseconds per product at the app's width: XW [n×d·d×m·k], Xᵀ G with transposeA, and with Xᵀ precomputed. */
export interface ProductTimes {
  forward: number;
  gradTransposeA: number;
  gradPretransposed: number;
  /**
   * Xᵀ G as the step computes it (student.ts, gradProduct) with a fresh G each call, as in training: WASM packs a
   * product's right operand once per tensor, so a fixed G (the two above) hides that cost. Absent in older reports.
   */
  gradStep?: number;
}

export type InitResult = { status: 'ok'; seconds: InitSeconds } | { status: 'skipped' | 'failed'; reason: string };

export interface CellResult {
  size: BenchSize;
  /** Seconds to generate teacher and samples on the CPU, and to upload them. */
  setupSeconds: { data: number; upload: number };
  app: AppResult;
  /** The app's own step (all arms, Experiment.runFrame) with nothing around it: one read-back per batch of steps. */
  sameStep: RateResult;
  /** `student.evaluate` and a plain update for one arm, read back only at the end. */
  engine1: RateResult;
  /** The fewest-op step (the NumPy peer's), one arm, read back only at the end. */
  raw: RateResult;
  products: ProductTimes;
  init: InitResult;
}

export interface CellOptions {
  /** Milliseconds each timed part (app, engine1, raw, products) may take. */
  budgetMs: number;
  /** Waits for the next frame as the app's loop does (a message-channel task in the page; a macrotask in Node). */
  nextFrame: () => Promise<void>;
  /** The tensor initialization, or the reason it is not run. */
  tensorInit: TensorInitFn | { unavailable: string };
  /** Told each part as it starts (slow cells take minutes). */
  progress?: (part: string) => void;
}

const now = () => performance.now();

export function benchSettings(size: BenchSize): Settings {
  return { ...DEFAULTS, ...size, iters: 1_000_000 };
}

/**
 * The experiment with the page's arms: the tensor arm (here a stand-in started like the random arm, since its
 * initialization is timed on its own below) ahead of the random arms, so a step does the page's work.
 */
function appExperiment(s: Settings, data: ReturnType<typeof makeData>) {
  const [first] = randomArms(data.teacher, { scale: s.rscale, seed: s.seed + 1, signsUnknown: false });
  return buildExperiment(s, data, undefined, [{ ...first, name: 'tensor' }]);
}

/** Kernels launched by `work` (its result disposed). */
async function countKernels(work: () => tf.Tensor): Promise<number> {
  const info = await tf.profile(work);
  (info.result as tf.Tensor).dispose();
  return info.kernels.length;
}

/** One frame as the controller runs it: `steps` steps, one read-back, decode. Returns the split in ms. */
async function appFrame(experiment: Experiment, steps: number): Promise<{ dispatch: number; readback: number; decode: number }> {
  const t0 = now();
  const flat = experiment.runFrame(steps, false);
  const t1 = now();
  const data = (await flat.data()) as Float32Array;
  flat.dispose();
  const t2 = now();
  experiment.decode(data, steps, false);
  return { dispatch: t1 - t0, readback: t2 - t1, decode: now() - t2 };
}

interface FrameWindow {
  frames: number;
  steps: number;
  ms: number;
  dispatch: number;
  readback: number;
  decode: number;
  idle: number;
}

const emptyWindow = (): FrameWindow => ({ frames: 0, steps: 0, ms: 0, dispatch: 0, readback: 0, decode: 0, idle: 0 });

/**
 * The app's loop: step counts from the app's StepBudget past its slow start, one read-back and decode per frame,
 * then a wait for the next frame. The first frame (compilation) and a short warm-up are not counted (no warm-up
 * when the first frame alone fills half the budget). The rest of the budget is cut into four windows of whole
 * frames and the fastest one is kept: on a shared machine the best window is the least disturbed.
 */
async function measureApp(experiment: Experiment, opts: CellOptions): Promise<AppResult> {
  const first = await appFrame(experiment, 1);
  const firstFrameMs = first.dispatch + first.readback + first.decode;
  const budget = new StepBudget();
  const warmupMs = firstFrameMs >= opts.budgetMs / 2 ? 0 : Math.min(1000, opts.budgetMs / 3);
  const windowMs = (opts.budgetMs - warmupMs) / 4;
  const started = now();
  let measuredFrom = warmupMs === 0 ? started : -1;
  let best: FrameWindow | null = null;
  let current = emptyWindow();
  for (;;) {
    const count = budget.next(Number.MAX_SAFE_INTEGER);
    const frameStart = now();
    const split = await appFrame(experiment, count);
    const frameEnd = now();
    budget.record(count, split.dispatch + split.readback);
    await opts.nextFrame();
    const t = now();
    if (measuredFrom < 0) {
      if (t - started >= warmupMs) measuredFrom = t;
      continue;
    }
    current.frames++;
    current.steps += count;
    current.ms += t - frameStart;
    current.dispatch += split.dispatch;
    current.readback += split.readback;
    current.decode += split.decode;
    current.idle += t - frameEnd;
    if (current.ms >= windowMs) {
      if (!best || current.steps / current.ms > best.steps / best.ms) best = current;
      current = emptyWindow();
      if (t - measuredFrom >= opts.budgetMs - warmupMs) break;
    }
  }
  const w = best!;
  const per = (x: number) => x / w.frames;
  return {
    arms: experiment.m,
    stepsPerSecond: (w.steps / w.ms) * 1000,
    frames: w.frames,
    stepsPerFrame: w.steps / w.frames,
    msPerFrame: { dispatch: per(w.dispatch), readback: per(w.readback), decode: per(w.decode), idle: per(w.idle), total: per(w.ms) },
    firstFrameMs,
  };
}

/** The app's step alone: `runFrame(count)` and one read-back per batch, no decode, no waits between frames. */
async function measureSameStep(experiment: Experiment, budgetMs: number): Promise<RateResult> {
  const best = await bestBatch(async (count) => {
    const t0 = now();
    const flat = experiment.runFrame(count);
    await flat.data();
    flat.dispose();
    return now() - t0;
  }, budgetMs);
  return { stepsPerSecond: (best.count / best.ms) * 1000, steps: best.count, seconds: best.ms / 1000 };
}

/**
 * Milliseconds per call of `work` at its best, synchronised once per batch: one untimed call (shader compilation,
 * caches), batches doubled until one takes an eighth of the budget, then batches of that size until the budget is
 * spent; the fastest batch counts. At least one call after the first (which can pay for growing the WASM heap),
 * unless the first alone took four budgets.
 */
async function bestBatch(run: (count: number) => Promise<number>, budgetMs: number): Promise<{ count: number; ms: number }> {
  const first = await run(1);
  if (first >= 4 * budgetMs) return { count: 1, ms: first };
  const started = now();
  let batch = 1;
  let ms = await run(batch);
  while (ms < budgetMs / 8 && now() - started < budgetMs / 2) {
    batch *= 2;
    ms = await run(batch);
  }
  let best = { count: batch, ms };
  while (now() - started + ms <= budgetMs) {
    ms = await run(batch);
    if (ms < best.ms) best = { count: batch, ms };
  }
  return best;
}

/** Steps per second of `step`, which replaces the state it is given; read back only at the end of each batch. */
async function timeSteps(start: tf.Tensor2D, step: (W: tf.Tensor2D) => tf.Tensor2D, budgetMs: number): Promise<{ steps: number; seconds: number }> {
  let W = start;
  const run = async (count: number) => {
    const t0 = now();
    for (let i = 0; i < count; i++) {
      const next = step(W);
      if (W !== start) W.dispose();
      W = next;
    }
    await W.data();
    return now() - t0;
  };
  try {
    const best = await bestBatch(run, budgetMs);
    return { steps: best.count, seconds: best.ms / 1000 };
  } finally {
    if (W !== start) W.dispose();
  }
}

/** Milliseconds per call of a kernel that makes a fresh tensor from fixed inputs. */
async function timeKernel(kernel: () => tf.Tensor, budgetMs: number): Promise<number> {
  const run = async (count: number) => {
    const t0 = now();
    let last: tf.Tensor | null = null;
    for (let i = 0; i < count; i++) {
      last?.dispose();
      last = kernel();
    }
    await last!.data();
    last!.dispose();
    return now() - t0;
  };
  const best = await bestBatch(run, budgetMs);
  return best.ms / best.count;
}

/**
 * One arm (the app's first random arm) on the samples, with its two steps: `engine` is `student.evaluate` (loss and
 * both gradients, as the app computes them) and W ← W − η ∇_W f; `raw` is the plain ReLU step, op for op the NumPy
 * peer's: Z = XW, r = φ(Z)v − y, W ← W − (η/n) Xᵀ(φ′(Z) ⊙ r vᵀ).
 */
class OneArm {
  readonly W0: tf.Tensor2D;
  private readonly X: tf.Tensor2D;
  private readonly y: tf.Tensor2D;
  private readonly v: tf.Tensor2D;
  private readonly vColumn: tf.Tensor2D;
  private readonly lr: tf.Scalar;
  private readonly lrOverN: tf.Scalar;
  private readonly act: Activation;

  constructor(data: ReturnType<typeof makeData>, private readonly s: Settings) {
    const { train, teacher } = data;
    this.X = tf.tensor2d(train.X, [train.n, train.d]);
    this.y = tf.tensor2d(train.y, [train.n, 1]);
    this.W0 = tf.tensor2d(Float32Array.from(randomArms(teacher, { scale: s.rscale, seed: s.seed, signsUnknown: false })[0].W), [s.d, s.k]);
    this.v = tf.tensor2d(Float32Array.from(teacher.v), [1, s.k]);
    this.vColumn = tf.reshape(this.v, [-1, 1]);
    this.lr = tf.scalar(s.lr);
    this.lrOverN = tf.scalar(s.lr / s.n);
    this.act = activation(s.act, s.slope);
  }

  readonly engine = (W: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => tf.sub(W, tf.mul(evaluate(this.X, this.y, W, this.v, this.act, this.s.loss).gradW, this.lr)));

  readonly raw = (W: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      const Z = tf.matMul(this.X, W);
      const r = tf.sub(tf.matMul(tf.relu(Z), this.vColumn), this.y);
      const G = tf.mul(tf.mul(tf.step(Z), r), this.v);
      return tf.sub(W, tf.mul(tf.matMul(this.X, G, true, false), this.lrOverN));
    });

  async rate(step: (W: tf.Tensor2D) => tf.Tensor2D, budgetMs: number): Promise<RateResult> {
    const { steps, seconds } = await timeSteps(this.W0, step, budgetMs);
    return { stepsPerSecond: steps / seconds, steps, seconds };
  }

  /**
   * The step's two products at the app's width (all arms' columns): XW, Xᵀ G with transposeA and with Xᵀ kept on the
   * device, and Xᵀ G as the step computes it on a fresh G (less the time to make G fresh: one multiply by 1). Each
   * gets a fifth of the budget.
   */
  async products(columns: number, budgetMs: number): Promise<ProductTimes> {
    const [n, d] = this.X.shape;
    const W = tf.randomNormal([d, columns]) as tf.Tensor2D;
    const G = tf.randomNormal([n, columns]) as tf.Tensor2D;
    const XT = tf.transpose(this.X) as tf.Tensor2D;
    const one = tf.scalar(1);
    const fresh = () => tf.mul(G, one) as tf.Tensor2D;
    const part = budgetMs / 5;
    try {
      const forward = await timeKernel(() => tf.matMul(this.X, W), part);
      const gradTransposeA = await timeKernel(() => tf.matMul(this.X, G, true, false), part);
      const gradPretransposed = await timeKernel(() => tf.matMul(XT, G), part);
      const making = await timeKernel(fresh, part);
      const withFresh = await timeKernel(() => tf.tidy(() => gradProduct(this.X, fresh())), part);
      return { forward, gradTransposeA, gradPretransposed, gradStep: Math.max(0, withFresh - making) };
    } finally {
      tf.dispose([W, G, XT, one]);
    }
  }

  dispose(): void {
    for (const t of [this.X, this.y, this.W0, this.v, this.vColumn, this.lr, this.lrOverN]) t.dispose();
  }
}

async function measureInit(train: Samples, s: Settings, tensorInit: CellOptions['tensorInit'], budgetMs: number): Promise<InitResult> {
  if ('unavailable' in tensorInit) return { status: 'skipped', reason: tensorInit.unavailable };
  const X = tf.tensor2d(train.X, [train.n, train.d]);
  const y = tf.tensor1d(train.y);
  const once = async () =>
    (await tensorInit({ X, y, act: s.act, slope: s.slope, k: s.k, split: s.split === '1', knownV: null, seed: s.seed })).diagnostics.seconds;
  try {
    // A second run where the first was quick: the first pays one-time costs (compilation, first use of kernels).
    const first = await once();
    const second = first.total < budgetMs / 2000 ? await once() : first;
    return { status: 'ok', seconds: second.total < first.total ? second : first };
  } catch (err) {
    return { status: 'failed', reason: (err as Error).message };
  } finally {
    X.dispose();
    y.dispose();
  }
}

/**
 * The tensor initialization alone, by stage, at a size too large to train at in a bench run (issue 15's
 * (10⁵, 100, 20): the decomposition of a 20×20×20×20 tensor against the moments that feed it).
 */
export async function measureInitOnly(size: BenchSize, tensorInit: CellOptions['tensorInit'], budgetMs: number): Promise<InitResult> {
  const s = benchSettings(size);
  return measureInit(makeData(s).train, s, tensorInit, budgetMs);
}

/** Every measurement at one size on the active backend. Leaves no tensors behind. */
export async function measureCell(size: BenchSize, opts: CellOptions): Promise<CellResult> {
  const s = benchSettings(size);
  const progress = opts.progress ?? (() => {});
  progress('data');
  const t0 = now();
  const data = makeData(s);
  const t1 = now();
  const built = appExperiment(s, data);
  const setupSeconds = { data: (t1 - t0) / 1000, upload: (now() - t1) / 1000 };
  let app: AppResult;
  let sameStep: RateResult;
  try {
    progress('app');
    app = await measureApp(built.experiment, opts);
    progress('same step');
    sameStep = await measureSameStep(built.experiment, opts.budgetMs);
  } finally {
    built.experiment.dispose();
  }
  const arm = new OneArm(data, s);
  let engine1: RateResult;
  let raw: RateResult;
  let products: ProductTimes;
  try {
    progress('eval1');
    engine1 = await arm.rate(arm.engine, opts.budgetMs);
    progress('raw');
    raw = await arm.rate(arm.raw, opts.budgetMs);
    progress('products');
    products = await arm.products(app.arms * s.k, opts.budgetMs);
  } finally {
    arm.dispose();
  }
  progress('tensorInit');
  const init = await measureInit(data.train, s, opts.tensorInit, opts.budgetMs);
  return { size, setupSeconds, app, sameStep, engine1, raw, products, init };
}

export interface KernelCounts {
  /** The app's step (all arms), and the kernels a frame adds once (train and test loss, packing the read-back). */
  appPerStep: number;
  appPerFrame: number;
  arms: number;
  engine1PerStep: number;
  rawPerStep: number;
}

/** Kernels each step launches, counted on a small problem (the count does not depend on n, d, k). */
export async function kernelCounts(): Promise<KernelCounts> {
  const s = benchSettings({ n: 1000, d: 10, k: 5 });
  const data = makeData(s);
  const { experiment } = appExperiment(s, data);
  const arm = new OneArm(data, s);
  try {
    const one = await countKernels(() => experiment.runFrame(1));
    const two = await countKernels(() => experiment.runFrame(2));
    return {
      appPerStep: two - one,
      appPerFrame: 2 * one - two,
      arms: experiment.m,
      engine1PerStep: await countKernels(() => arm.engine(arm.W0)),
      rawPerStep: await countKernels(() => arm.raw(arm.W0)),
    };
  } finally {
    experiment.dispose();
    arm.dispose();
  }
}

/**
 * The fixed cost of one kernel: a 32×32 add, many times, synchronised once per batch. Not smaller: WebGL and WebGPU
 * run kernels on tensors under 128 numbers on the CPU.
 */
export async function opOverheadMicroseconds(budgetMs: number): Promise<number> {
  const one = tf.ones([32, 32]) as tf.Tensor2D;
  try {
    const { steps, seconds } = await timeSteps(one, (x) => tf.add(x, one) as tf.Tensor2D, budgetMs);
    return (seconds * 1e6) / steps;
  } finally {
    one.dispose();
  }
}

// Many seeds at once (issue 14): with trials = R, the run trains seeds s … s+R−1 of every arm, and the plots
// show each arm's median and 10–90% band over them with the fraction of seeds recovered. Trial 0 is the live
// experiment itself (experiment.ts: the probes, the overlap map and the readouts of W keep working on it); the
// other R−1 seeds train beside it as batched programs with a leading trial dimension (trialBatch.ts), in
// batches of recoveryMap.batchSize's choice (on WASM, one trial a program above n·d·k = 10⁵). Trial t is the
// experiment a run with seed s + t builds: the same teacher, samples, initializations and step data.
import * as tf from '@tensorflow/tfjs-core';
import type { ArmInit, ArmName } from './arms';
import { armInits, flipSymmetric, makeData, samplingOf, type Built } from './build';
import { ERROR_GROWTH } from './divergence';
import { uploadSamples, type FrameFigures } from './experiment';
import { matchModel } from './matching';
import { spread, type Spread } from './quantiles';
import { batchSize, trialSeed } from './recoveryMap';
import type { Settings } from './settings';
import { tensorArm } from './tensorArm';
import type { Teacher } from './teacher';
import { TrialBatch, type BatchTrial } from './trialBatch';
import { signsMatch, SUCCESS_ERROR } from './trials';

/** One seed's arm at the end of a frame. */
export interface TrialArmFigures {
  /** ‖W − W*‖_F/‖W*‖_F after matching (the error plot's), and max_j ‖w_j − w*_j‖/‖w*_j‖ (SPEC §5's). */
  error: number;
  maxUnitError: number;
  /** The output signs equal v*'s under the matching. */
  signsRight: boolean;
  loss: number;
  testLoss: number;
  /** The arm diverged and was stopped (its weights stay where they were). The other seeds stop on divergence.ts's
   * non-finite and error-growth rules; the live run's seed also on its rising loss. */
  stopped: boolean;
}

/** Every seed's arms after one frame: trials[t][a], t = 0 the live run (seed s); null where seed t has no such arm. */
export interface BandFrame {
  iteration: number;
  trials: (TrialArmFigures | null)[][];
}

/** All seeds' samples of a band stay on the device: at most this many numbers (samples·d, train and test). */
export const BAND_MAX_ELEMENTS = 2 ** 26;

/** Why a band of these settings does not fit, or null. */
export function bandProblem(s: Settings): string | null {
  const numbers = s.trials * (s.n + Math.min(s.n, 10_000)) * s.d;
  if (s.trials <= 1 || numbers <= BAND_MAX_ELEMENTS) return null;
  const most = Math.max(1, Math.floor(BAND_MAX_ELEMENTS / ((s.n + Math.min(s.n, 10_000)) * s.d)));
  return `${s.trials} seeds of n = ${s.n.toLocaleString('en-US')} samples at d = ${s.d} would keep ${numbers.toLocaleString('en-US')} numbers on the device; the limit is ${BAND_MAX_ELEMENTS.toLocaleString('en-US')}: use at most ${most} seed${most === 1 ? '' : 's'} here, or a smaller n.`;
}

/** SPEC §5: after matching, max_j ‖w_j − w*_j‖/‖w*_j‖ ≤ 0.01 and the output signs right. */
export const recovered = (f: TrialArmFigures) => f.maxUnitError <= SUCCESS_ERROR && f.signsRight;

/** One arm over the seeds: median and band of the error and losses, and the fraction recovered. */
export interface ArmBand {
  error: Spread;
  maxUnitError: Spread;
  loss: Spread;
  testLoss: Spread;
  /** Fraction of the seeds that have this arm which are recovered now. */
  success: number;
  /** Seeds that have this arm (the tensor method can fail on one seed). */
  seeds: number;
}

export function summarizeArm(frame: BandFrame, arm: number): ArmBand {
  const figures = frame.trials.flatMap((arms) => (arms[arm] ? [arms[arm]] : []));
  const of = (pick: (f: TrialArmFigures) => number) => spread(figures.map(pick));
  return {
    error: of((f) => f.error),
    maxUnitError: of((f) => f.maxUnitError),
    loss: of((f) => f.loss),
    testLoss: of((f) => f.testLoss),
    success: figures.length ? figures.filter(recovered).length / figures.length : NaN,
    seeds: figures.length,
  };
}


interface Companion {
  teacher: Teacher;
  /** Per arm of the live run: whether this seed has it (its tensor method may have failed). */
  has: boolean[];
  initError: number[];
  stopped: boolean[];
}

export class Band {
  private readonly batches: TrialBatch[];
  private constructor(
    private readonly settings: Settings,
    private readonly companions: Companion[],
    batches: TrialBatch[],
    /** Messages for the user (a seed without a tensor arm). */
    readonly messages: string[],
  ) {
    this.batches = batches;
  }

  /** Seeds s+1 … s+R−1 beside the live run `primary` (seed s); null when R = 1. */
  static async build(s: Settings, primary: Built): Promise<Band | null> {
    if (s.trials <= 1) return null;
    const names: ArmName[] = primary.experiment.arms.map((arm) => arm.name);
    const trials: BatchTrial[] = [];
    const companions: Companion[] = [];
    const messages: string[] = [];
    let trainV: boolean[] = [];
    try {
      for (let t = 1; t < s.trials; t++) {
        const st = { ...s, seed: trialSeed(s, t) };
        const data = makeData(st);
        const device = uploadSamples(data.train, data.test);
        const tensor = names.includes('tensor') ? await tensorArm(st, data.teacher, device, flipSymmetric(st)) : null;
        const inits = armInits(st, data.teacher, tensor?.arm ? [tensor.arm] : []);
        // A seed whose tensor method failed trains a stand-in (its random W) that is frozen and left out of the band.
        const byName = new Map(inits.map((arm) => [arm.name, arm]));
        const stand = (name: ArmName): ArmInit => byName.get(name) ?? byName.get(name === 'tensor' ? 'random' : 'random-squared')!;
        const arms = names.map(stand);
        const has = names.map((name) => byName.has(name));
        trainV = arms.map((arm) => arm.trainV);
        if (has.includes(false)) messages.push(`Seed ${st.seed}: ${tensor?.messages.join(' ') ?? 'no tensor arm'} It is left out of the tensor arm's band.`);
        companions.push({ teacher: data.teacher, has, initError: names.map(() => NaN), stopped: has.map((h) => !h) });
        trials.push({
          teacher: data.teacher, seed: st.seed, X: device.X, y: device.y, test: { X: device.Xtest, y: device.ytest },
          W: arms.map((arm) => arm.W), v: arms.map((arm) => arm.v),
        });
      }
    } catch (err) {
      trials.forEach((t) => [t.X, t.y, t.test?.X, t.test?.y].forEach((x) => x?.dispose()));
      throw err;
    }
    const spec = {
      act: s.act, slope: s.slope, lr: s.lr, model: s.model,
      arms: names.map((_, a) => ({ loss: primary.experiment.config.losses[a], trainV: trainV[a] })),
      sampling: samplingOf(s),
    };
    const size = batchSize(s.n, s.d, names.length * s.k, trials.length);
    const batches: TrialBatch[] = [];
    for (let i = 0; i < trials.length; i += size) batches.push(new TrialBatch(trials.slice(i, i + size), spec));
    const band = new Band(s, companions, batches, messages);
    band.freezeStopped();
    return band;
  }

  /** Seeds in the band, the live run included. */
  get seeds(): number {
    return this.companions.length + 1;
  }

  /** True while some arm of some companion seed still trains. */
  get anyRunning(): boolean {
    return this.companions.some((c) => c.stopped.some((s) => !s));
  }

  setLearningRate(lr: number): void {
    this.batches.forEach((b) => b.setLearningRate(lr));
  }

  /** Runs `steps` steps of every companion seed and returns the live run's frame `primary` with theirs after it. */
  runFrame(steps: number, primary: tf.Tensor1D): tf.Tensor1D {
    const parts = [primary, ...this.batches.map((b) => b.runFrame(steps))];
    const joined = tf.concat(parts) as tf.Tensor1D;
    parts.forEach((p) => p.dispose());
    return joined;
  }

  /** The band's frame from the companions' part of a read-back and the live run's decoded frame. */
  decode(flat: Float32Array, primary: FrameFigures, teacher: Teacher, stoppedPrimary: boolean[]): BandFrame {
    const m = primary.arms.length;
    const { d, k, model } = this.settings;
    const allowFlip = flipSymmetric(this.settings);
    const first: TrialArmFigures[] = primary.arms.map((arm, a) => ({
      error: arm.error, maxUnitError: arm.maxUnitError, signsRight: signsMatch(arm.v, teacher, arm.match),
      loss: arm.loss, testLoss: arm.testLoss, stopped: stoppedPrimary[a],
    }));
    const rows: (TrialArmFigures | null)[][] = [first];
    let o = 0;
    let c = 0;
    let changed = false;
    for (const batch of this.batches) {
      const T = batch.running.length;
      const K = m * k;
      const train = flat.subarray(o, (o += T * m));
      const test = flat.subarray(o, (o += T * m));
      const W = flat.subarray(o, (o += T * d * K));
      const v = flat.subarray(o, (o += T * K));
      for (let t = 0; t < T; t++, c++) {
        const companion = this.companions[c];
        rows.push(companion.has.map((has, a) => {
          if (!has) return null;
          const Wa = new Float64Array(d * k);
          for (let r = 0; r < d; r++) for (let j = 0; j < k; j++) Wa[r * k + j] = W[t * d * K + r * K + a * k + j];
          const va = v.subarray(t * K + a * k, t * K + (a + 1) * k);
          const finite = Wa.every(Number.isFinite);
          const match = finite ? matchModel(Wa, companion.teacher.W, d, k, model, allowFlip) : null;
          const error = match ? match.error : NaN;
          if (Number.isNaN(companion.initError[a])) companion.initError[a] = error;
          if (!companion.stopped[a] && (!finite || error > ERROR_GROWTH * Math.max(1, companion.initError[a]))) {
            companion.stopped[a] = true;
            changed = true;
          }
          return {
            error, maxUnitError: match ? match.maxUnitError : NaN, signsRight: match ? signsMatch(va, companion.teacher, match) : false,
            loss: train[t * m + a], testLoss: test[t * m + a], stopped: companion.stopped[a],
          };
        }));
      }
    }
    if (changed) this.freezeStopped();
    return { iteration: primary.iteration, trials: rows };
  }

  private freezeStopped(): void {
    let c = 0;
    for (const batch of this.batches) {
      batch.freeze(batch.running.map(() => this.companions[c++].stopped));
    }
  }

  dispose(): void {
    this.batches.forEach((b) => b.dispose());
  }
}

// The float32 floor of this run's error curves (issue 14): where gradient descent stops moving because tfjs
// computes in float32, not because of the method.
//
// What sets it: not the representation of W* (a round trip through the device moves it by ~2·10⁻⁸, relative),
// nor noise in the gradient at W* (GD started exactly at W* stays within ~2.5·10⁻⁸: the residuals, and so the
// rounding of the gradient, vanish there). Measured, neither explains curves that flatten near 10⁻⁶. What does
// is absorption: the update η·∇f shrinks with the distance to W*, and once it is below half a unit in the last
// place of W's entries, W − η∇f rounds back to W, first along the flattest direction of the loss (λ_min). So
// the floor depends on η, λ_min and the size of W*'s entries — not on n. We measure it the way the curves meet
// it: float32 gradient descent at the run's η, started at W* + δ (relative 10⁻³, a random direction, seeded),
// run until the error stops moving, on noise-free labels (the teacher's own outputs, so that W* is the exact
// minimizer and no statistical error mixes in) of at most FLOOR_SAMPLES of the run's samples.
import * as tf from '@tensorflow/tfjs-core';
import { blockDiagonal, filterOf } from './cnn';
import { Experiment } from './experiment';
import { direct, type Gate } from './gate';
import { Rng } from './rng';
import type { Settings } from './settings';
import { teacherOutput, type Samples, type Teacher } from './teacher';

export const FLOOR_SAMPLES = 2000;
/** Far enough out that the path, like a run's, arrives along the flattest directions (measured: 10⁻⁴ read lower). */
const START = 1e-3;
const CHUNK = 50;
/** Steps at most, and at most this much work (samples · d · k · steps) on large problems. */
const MAX_STEPS = 6000;
const MAX_WORK = 4e9;
/** A chunk of CHUNK steps that changes the error by less than this fraction has stalled. */
const STALL = 5e-3;

export interface Float32Floor {
  /** ‖W − W*‖_F/‖W*‖_F where float32 gradient descent stalled; the last error reached when it did not. */
  error: number;
  /** False when the step budget ran out before the error stopped moving: `error` is then an upper bound. */
  reached: boolean;
  steps: number;
  /** The learning rate it was measured at (the floor scales about like 1/η). */
  lr: number;
}

/** W* + δ with ‖δ‖_F = START·‖W*‖_F in a seeded random direction (for the CNN, a random filter offset). */
function offsetStart(s: Settings, teacher: Teacher): Float64Array {
  const { d, k, W } = teacher;
  const rng = new Rng(s.seed, 'float32-floor:start');
  const dir = s.model === 'cnn' ? blockDiagonal(rng.normals64(d / k), k) : rng.normals64(d * k);
  const scale = (START * Math.hypot(...W)) / Math.hypot(...dir);
  return W.map((w, i) => w + scale * dir[i]);
}

/** The floor, or null when `gate` refused a chunk (the run was rebuilt meanwhile); each chunk is one piece of it. */
export async function measureFloat32Floor(s: Settings, teacher: Teacher, train: Samples, lr = s.lr, gate: Gate = direct): Promise<Float32Floor | null> {
  const { d, k } = teacher;
  const n = Math.min(train.n, FLOOR_SAMPLES);
  const X = train.X.subarray(0, n * d);
  const y = Float32Array.from(teacherOutput(teacher, X, s.act, s.slope));
  const upload = () => ({ X: tf.tensor2d(X, [n, d]), y: tf.tensor2d(y, [n, 1]) });
  const device = upload();
  const test = upload();
  const start = offsetStart(s, teacher);
  const experiment = new Experiment(teacher, { ...device, Xtest: test.X, ytest: test.y }, [
    { name: 'random', W: s.model === 'cnn' ? blockDiagonal(filterOf(start, k, d / k), k) : start, v: teacher.v.slice(), trainV: false },
  ], {
    act: s.act, slope: s.slope, losses: [s.loss], lr, allowFlip: false, model: s.model, classification: false,
  });
  const budget = Math.min(MAX_STEPS, Math.max(CHUNK, Math.floor(MAX_WORK / (n * d * k))));
  let previous = Infinity;
  let error = Infinity;
  let steps = 0;
  let reached = false;
  try {
    while (steps < budget) {
      const next = await gate(async () => {
        const flat = experiment.runFrame(CHUNK, false);
        const data = (await flat.data()) as Float32Array;
        flat.dispose();
        return experiment.decode(data, CHUNK, false).arms[0].error;
      });
      if (next === null) return null;
      steps += CHUNK;
      error = next;
      if (!Number.isFinite(error)) break;
      if (Math.abs(previous - error) <= STALL * error) {
        reached = true;
        break;
      }
      previous = error;
    }
  } finally {
    experiment.dispose();
  }
  return { error, reached, steps, lr };
}

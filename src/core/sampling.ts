// How a gradient step sees the data (issue 14). 'full': every step uses the fixed n samples (the default, and
// the papers' no-resampling setting that Zhang et al. stress). 'resample': a fresh sample set of size n every
// step, Zhong et al.'s resampling rule for smooth activations. 'sgd': a minibatch of the fixed set, reshuffled
// each epoch. Draws are keyed by (seed, step), not by frame, so a run is the same however its frames fall.
//
// The Gaussian draws come from the project's generator (rng.ts) and are uploaded once a step: tfjs 4.22 has no
// random kernel on any backend (tf.randomNormal fills a JS buffer too), and its initializers once ignored their
// seed (PITFALLS). The labels of fresh samples are computed on the device from the teacher's weights: the
// student's loss still never reads W*, only the data it generates, as a new draw of the teacher's samples would.
import * as tf from '@tensorflow/tfjs-core';
import { activation, type Activation, type ActivationName } from './activations';
import { Rng } from './rng';
import type { GdMode } from './settings';
import type { Teacher } from './teacher';

export interface SamplingSpec {
  mode: GdMode;
  /** SGD's minibatch size (at most n). */
  batch: number;
  task: 'regression' | 'classification';
  act: ActivationName;
  slope: number;
  noise: number;
}

/** One trial's source of randomness and its teacher (fresh samples are labelled by it). */
export interface SamplingTrial {
  seed: number;
  teacher: Teacher;
}

/** What one step trains on, with a leading trial dimension: X [T, n', d], Xᵀ [T, d, n'], labels [T, n', 1]. */
export type StepData = {
  X: tf.Tensor3D;
  readonly XT: tf.Tensor3D;
  y: tf.Tensor3D;
};

/**
 * X and y with Xᵀ made on first use: the live experiment's step never reads it (it multiplies by X itself),
 * the batched trials on WASM do. Made inside the caller's tidy like the rest, and made once.
 */
function stepData(X: tf.Tensor3D, y: tf.Tensor3D): StepData {
  let XT: tf.Tensor3D | null = null;
  return {
    X,
    y,
    get XT() {
      return (XT ??= tf.transpose(X, [0, 2, 1]));
    },
  };
}

/** Fresh samples of step `step`: x ~ N(0, I_d), and the label noise (regression) or uniforms (Bernoulli labels). */
export function resampleDraws(seed: number, step: number, n: number, d: number, task: SamplingSpec['task']): { X: Float32Array; u: Float32Array } {
  const X = new Rng(seed, `resample:x:${d}:${step}`).normals32(n * d);
  const labels = new Rng(seed, `resample:labels:${step}`);
  const u = task === 'classification' ? Float32Array.from({ length: n }, () => labels.uniform()) : labels.normals32(n);
  return { X, u };
}

/** The fixed set's indices of SGD step `step`: the epoch's permutation, sliced. Drops n mod batch samples an epoch. */
export function sgdIndices(seed: number, step: number, n: number, batch: number, cache?: Map<number, Int32Array>): Int32Array {
  const perEpoch = Math.max(1, Math.floor(n / batch));
  const epoch = Math.floor(step / perEpoch);
  let perm = cache?.get(epoch);
  if (!perm) {
    perm = Int32Array.from({ length: n }, (_, i) => i);
    const rng = new Rng(seed, `sgd:epoch:${epoch}`);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    cache?.clear();
    cache?.set(epoch, perm);
  }
  const slot = step % perEpoch;
  return perm.slice(slot * batch, (slot + 1) * batch);
}

/** Draws each step's data for a batch of trials (one trial for the live experiment). */
export class StepSampler {
  private readonly act: Activation;
  /** Resampling: the teachers' W* [T, d, k] and v* [T, k, 1], kept on the device to label fresh samples. */
  private readonly Wstar: tf.Tensor3D | null;
  private readonly vstar: tf.Tensor3D | null;
  private readonly epochs: Map<number, Int32Array>[];

  constructor(private readonly trials: SamplingTrial[], private readonly spec: SamplingSpec, private readonly n: number) {
    this.act = activation(spec.act, spec.slope);
    this.epochs = trials.map(() => new Map());
    const resample = spec.mode === 'resample';
    const { d, k } = trials[0].teacher;
    this.Wstar = resample ? tf.tensor3d(Float32Array.from(trials.flatMap((t) => Array.from(t.teacher.W))), [trials.length, d, k]) : null;
    this.vstar = resample ? tf.tensor3d(Float32Array.from(trials.flatMap((t) => Array.from(t.teacher.v))), [trials.length, k, 1]) : null;
  }

  /** The samples step `step` trains on. Call inside tf.tidy: every tensor it makes is new. */
  draw(step: number, fixed: { X: tf.Tensor3D; y: tf.Tensor3D }): StepData {
    const trials = this.trials;
    const T = trials.length;
    const d = fixed.X.shape[2];
    if (this.spec.mode === 'sgd') {
      const b = Math.min(this.spec.batch, this.n);
      // Rows of the flattened [T·n, d] set: tfjs-backend-wasm's gather with batchDims = 1 returns wrong rows (4.22).
      const idx = new Int32Array(T * b);
      trials.forEach((t, i) => sgdIndices(t.seed, step, this.n, b, this.epochs[i]).forEach((row, j) => (idx[i * b + j] = i * this.n + row)));
      const indices = tf.tensor1d(idx, 'int32');
      const X = tf.reshape(tf.gather(tf.reshape(fixed.X, [T * this.n, d]), indices), [T, b, d]) as tf.Tensor3D;
      const y = tf.reshape(tf.gather(tf.reshape(fixed.y, [T * this.n, 1]), indices), [T, b, 1]) as tf.Tensor3D;
      return stepData(X, y);
    }
    const n = this.n;
    const Xs = new Float32Array(T * n * d);
    const us = new Float32Array(T * n);
    trials.forEach((t, i) => {
      const draws = resampleDraws(t.seed, step, n, d, this.spec.task);
      Xs.set(draws.X, i * n * d);
      us.set(draws.u, i * n);
    });
    const X = tf.tensor3d(Xs, [T, n, d]);
    const u = tf.tensor3d(us, [T, n, 1]);
    const clean = tf.matMul(this.act.f(tf.matMul(X, this.Wstar!)), this.vstar!) as tf.Tensor3D;
    // As makeSamples: y = 1 when the uniform falls below H (Bernoulli), else the clean output plus ν ξ.
    const y = this.spec.task === 'classification'
      ? tf.cast(tf.less(u, clean), 'float32') as tf.Tensor3D
      : tf.add(clean, tf.mul(u, this.spec.noise)) as tf.Tensor3D;
    return stepData(X, y);
  }

  dispose(): void {
    this.Wstar?.dispose();
    this.vstar?.dispose();
  }
}

/** The sampler for a spec, or null on the full-batch path (which keeps its fixed tensors and its speed). */
export function makeSampler(trials: SamplingTrial[], spec: SamplingSpec | undefined, n: number): StepSampler | null {
  return spec && spec.mode !== 'full' ? new StepSampler(trials, spec, n) : null;
}

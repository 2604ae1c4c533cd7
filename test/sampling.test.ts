// How gradient descent sees the data: fresh samples each step (resampling) and seeded minibatches (SGD).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeData } from '../src/core/build';
import { resampleDraws, sgdIndices, StepSampler, type SamplingSpec } from '../src/core/sampling';
import { DEFAULTS, reconcile, type Settings } from '../src/core/settings';
import { teacherOutput } from '../src/core/teacher';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { train } from './helpers/train';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const small: Partial<Settings> = { act: 'relu', d: 6, k: 3, n: 1000, lr: 0.2, vstar: 'ones', seed: 3 };

function sampler(s: Settings, mode: SamplingSpec['mode']) {
  const { teacher, train: samples } = makeData(s);
  const spec: SamplingSpec = { mode, batch: s.batch, task: s.task, act: s.act, slope: s.slope, noise: s.noise };
  const fixed = { X: tf.tensor3d(samples.X, [1, s.n, s.d]), y: tf.tensor3d(samples.y, [1, s.n, 1]) };
  return { teacher, fixed, sampler: new StepSampler([{ seed: s.seed, teacher }], spec, s.n) };
}

const settings = (partial: Partial<Settings>) => {
  const s = { ...DEFAULTS, ...small, ...partial };
  reconcile(s);
  return s;
};

describe('resampling', () => {
  it('draws a new sample set each step, the same one again for the same seed and step', () => {
    const a = resampleDraws(3, 5, 100, 4, 'regression');
    expect(resampleDraws(3, 5, 100, 4, 'regression')).toEqual(a);
    expect(resampleDraws(3, 6, 100, 4, 'regression').X).not.toEqual(a.X);
    expect(resampleDraws(4, 5, 100, 4, 'regression').X).not.toEqual(a.X);
  });

  it('labels the fresh samples on the device as the teacher would (noise-free), and leaks nothing', () => {
    const s = settings({});
    const { teacher, fixed, sampler: draw } = sampler(s, 'resample');
    const before = tf.memory().numTensors;
    const data = tf.tidy(() => draw.draw(7, fixed));
    const X = data.X.dataSync() as Float32Array;
    const y = data.y.dataSync();
    expect(Array.from(X)).toEqual(Array.from(resampleDraws(s.seed, 7, s.n, s.d, 'regression').X));
    const expected = teacherOutput(teacher, X, s.act, s.slope);
    expected.forEach((e, i) => expect(y[i]).toBeCloseTo(e, 4));
    expect(Array.from(data.XT.dataSync()).slice(0, 3)).toEqual([X[0], X[s.d], X[2 * s.d]]);
    Object.values(data).forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
    draw.dispose();
    Object.values(fixed).forEach((t) => t.dispose());
  });

  it('trains to W* (noise-free labels) and gives the same curve whatever the frame sizes', async () => {
    const a = await train({ ...small, gd: 'resample' }, 300, 30, 'tensor');
    const b = await train({ ...small, gd: 'resample' }, 300, 100, 'tensor');
    const errors = a.errors.tensor;
    expect(errors[errors.length - 1]).toBeLessThan(0.1 * errors[0]);
    expect(b.errors.tensor[b.errors.tensor.length - 1]).toBe(errors[errors.length - 1]);
    const full = await train(small, 300, 300, 'tensor');
    expect(full.errors.tensor[1]).not.toBe(errors[errors.length - 1]);
  });
});

describe('SGD', () => {
  it('takes seeded minibatches: an epoch is a permutation, the same for the same seed', () => {
    const n = 50;
    const batch = 8;
    const epoch = Array.from({ length: 6 }, (_, t) => Array.from(sgdIndices(9, t, n, batch)));
    expect(epoch.flat().length).toBe(48);
    expect(new Set(epoch.flat()).size).toBe(48);
    expect(Array.from(sgdIndices(9, 3, n, batch))).toEqual(epoch[3]);
    expect(Array.from(sgdIndices(9, 6, n, batch))).not.toEqual(epoch[0]);
    expect(Array.from(sgdIndices(10, 0, n, batch))).not.toEqual(epoch[0]);
  });

  it('gathers the minibatch rows of the fixed set on the device', () => {
    const s = settings({ gd: 'sgd', batch: 64 });
    const { fixed, sampler: draw } = sampler(s, 'sgd');
    const data = tf.tidy(() => draw.draw(2, fixed));
    const idx = sgdIndices(s.seed, 2, s.n, 64);
    const X = fixed.X.dataSync();
    const rows = data.X.dataSync();
    expect(data.X.shape).toEqual([1, 64, s.d]);
    idx.forEach((row, i) => expect(rows[i * s.d]).toBe(X[row * s.d]));
    Object.values(data).forEach((t) => t.dispose());
    draw.dispose();
    Object.values(fixed).forEach((t) => t.dispose());
  });

  it('converges on a small problem and is reproducible by seed', async () => {
    const a = await train({ ...small, gd: 'sgd', batch: 100 }, 300, 50, 'tensor');
    const b = await train({ ...small, gd: 'sgd', batch: 100 }, 300, 100, 'tensor');
    const errors = a.errors.tensor;
    expect(errors[errors.length - 1]).toBeLessThan(0.1 * errors[0]);
    expect(b.errors.tensor[b.errors.tensor.length - 1]).toBe(errors[errors.length - 1]);
    const other = await train({ ...small, gd: 'sgd', batch: 100, seed: 4 }, 300, 300, 'tensor');
    expect(other.errors.tensor[1]).not.toBe(errors[errors.length - 1]);
  });
});

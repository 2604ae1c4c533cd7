import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExperiment } from '../src/core/build';
import { DEFAULTS } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe('experiment', () => {
  it('leaks no tensors over 1,000 steps and 20 rebuilds', async () => {
    const settings = { ...DEFAULTS, n: 1000, d: 8, k: 3 };
    const warm = buildExperiment(settings);
    (await warm.experiment.runFrame(1).data());
    warm.experiment.dispose();
    const before = tf.memory().numTensors;
    const { experiment } = buildExperiment(settings);
    for (let frame = 0; frame < 50; frame++) {
      const flat = experiment.runFrame(20);
      experiment.decode((await flat.data()) as Float32Array, 20);
      flat.dispose();
    }
    experiment.setLearningRate(0.05);
    expect(experiment.iteration).toBe(1000);
    experiment.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 20; i++) {
      const built = buildExperiment({ ...settings, seed: i, n: 500 + 50 * i });
      const flat = built.experiment.runFrame(2);
      await flat.data();
      flat.dispose();
      built.experiment.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('one frame returns per-step losses that fall, and the decoded W matches the arm', async () => {
    const { experiment } = buildExperiment({ ...DEFAULTS, n: 2000, d: 6, k: 3, lr: 0.1 });
    const flat = experiment.runFrame(30);
    const frame = experiment.decode((await flat.data()) as Float32Array, 30);
    flat.dispose();
    expect(frame.stepLosses).toHaveLength(30);
    expect(frame.stepLosses[29][0]).toBeLessThan(frame.stepLosses[0][0]);
    expect(frame.arms[0].W).toHaveLength(18);
    expect(frame.arms[0].error).toBeLessThan(experiment.arms[0].initError);
    experiment.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activation, type ActivationName } from '../src/core/activations';
import { cnnInit } from '../src/core/cnnInit';
import { Rng } from '../src/core/rng';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

/** Samples of the non-overlapping CNN teacher: P(y = 1 | x) = (1/k) Σ_j φ(wᵀx^{(j)}), y ~ Bernoulli. */
function cnnSamples(w: Float64Array, k: number, n: number, act: ActivationName, seed: number) {
  const m = w.length;
  const d = k * m;
  const phi = activation(act).scalar;
  const X = new Rng(seed, 'cnn-test:x').normals32(n * d);
  const draws = new Rng(seed, 'cnn-test:bernoulli');
  const y = new Float32Array(n);
  for (let s = 0; s < n; s++) {
    let H = 0;
    for (let j = 0; j < k; j++) {
      let z = 0;
      for (let i = 0; i < m; i++) z += w[i] * X[s * d + j * m + i];
      H += phi(z) / k;
    }
    y[s] = draws.uniform() < H ? 1 : 0;
  }
  return { X: tf.tensor2d(X, [n, d]), y: tf.tensor1d(y) };
}

describe('CNN filter initialization', () => {
  // k = 4 patches of m = 6, sigmoid, ‖w‖ ≈ 1.5, n = 200,000 Bernoulli labels: relative error below 0.08 (measured
  // 0.05 at n = 100,000 and 0.014 at n = 400,000: it falls like 1/√n).
  it.each([1, 2])('recovers a sigmoid filter from Bernoulli labels (seed %s)', async (seed) => {
    const k = 4;
    const w = new Rng(seed, 'cnn-test:w').unitVector(6).map((x) => 1.5 * x);
    const { X, y } = cnnSamples(w, k, 200_000, 'sigmoid', seed);
    const result = await cnnInit(X, y, k, 'sigmoid', 0);
    tf.dispose([X, y]);
    const error = Math.hypot(...result.w.map((x, i) => x - w[i])) / Math.hypot(...w);
    expect(error).toBeLessThan(0.08);
    expect(result.seconds).toBeGreaterThan(0);
  });

  it('leaves no tensors behind and refuses patches of unequal length', async () => {
    const { X, y } = cnnSamples(Float64Array.of(1, -1, 0.5), 2, 1000, 'sigmoid', 3);
    const before = tf.memory().numTensors;
    await cnnInit(X, y, 2, 'sigmoid', 0);
    expect(tf.memory().numTensors).toBe(before);
    await expect(cnnInit(X, y, 4, 'sigmoid', 0)).rejects.toThrow(/patches/);
    tf.dispose([X, y]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { activation } from '../src/core/activations';
import { blockDiagonal, filterOf, patchMask, tieGradient } from '../src/core/cnn';
import { Rng } from '../src/core/rng';
import { evaluate } from '../src/core/student';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

describe('non-overlapping CNN', () => {
  it('block-diagonal W computes (1/k) Σ_j φ(wᵀx^(j))', () => {
    const k = 3, m = 4, n = 5;
    const rng = new Rng(1, 'cnn-forward');
    const w = rng.normals64(m);
    const X = rng.normals32(n * k * m);
    const W = blockDiagonal(w, k);
    expect(Array.from(filterOf(W, k, m))).toEqual(Array.from(w));
    const act = activation('sigmoid');
    const out = tf.sum(tf.div(act.f(tf.matMul(tf.tensor2d(X, [n, k * m]), tf.tensor2d(Float32Array.from(W), [k * m, k]))), k), 1).dataSync();
    for (let s = 0; s < n; s++) {
      let h = 0;
      for (let j = 0; j < k; j++) {
        let z = 0;
        for (let i = 0; i < m; i++) z += w[i] * X[s * k * m + j * m + i];
        h += act.scalar(z) / k;
      }
      expect(out[s]).toBeCloseTo(h, 5);
    }
  });

  it.each(['cross-entropy', 'squared'] as const)('the tied gradient matches tf.grad through the shared filter (%s)', (loss) => {
    const k = 3, m = 4, n = 60, arms = 2;
    const rng = new Rng(2, `cnn-grad-${loss}`);
    const X = tf.tensor2d(rng.normals32(n * k * m), [n, k * m]);
    const y = tf.tensor2d(Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0)), [n, 1]);
    const filters = [rng.normals64(m), rng.normals64(m)];
    const act = activation('sigmoid');
    const v = tf.fill([arms, k], 1 / k) as tf.Tensor2D;
    const mask = patchMask(k, m, arms);
    const embed = (ws: tf.Tensor[]) => {
      // W (d × arms·k): arm a's column j holds filter a on the rows of patch j.
      const cols: tf.Tensor[] = [];
      ws.forEach((wa) => {
        for (let j = 0; j < k; j++) cols.push(tf.concat([tf.zeros([j * m, 1]), tf.reshape(wa, [m, 1]), tf.zeros([(k - j - 1) * m, 1])]));
      });
      return tf.concat(cols, 1) as tf.Tensor2D;
    };
    const filterTensors = filters.map((f) => tf.tensor1d(Float32Array.from(f)));
    const W = embed(filterTensors);
    const { gradW } = evaluate(X, y, W, v, act, loss);
    const tied = tieGradient(gradW, mask, k, m, arms).arraySync();
    const autodiff = tf.grads((w0: tf.Tensor, w1: tf.Tensor) => tf.sum(evaluate(X, y, embed([w0, w1]), v, act, loss).loss))(filterTensors);
    for (let a = 0; a < arms; a++) {
      const expected = autodiff[a].arraySync() as number[];
      for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) expect(tied[j * m + i][a * k + j]).toBeCloseTo(expected[i], 5);
      // Off the diagonal blocks the tied gradient is zero, so W stays block-diagonal.
      expect(Math.abs(tied[0][a * k + 1])).toBe(0);
    }
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation } from '../src/core/activations';
import { evaluate, type LossName } from '../src/core/student';
import { Rng } from '../src/core/rng';
import { initNodeBackend } from '../src/engine/nodeBackend';

afterAll(async () => {
  await initNodeBackend('wasm');
});

/** Loss and both gradients, read back, on the active backend. */
function figures(name: (typeof ACTIVATIONS)[number], loss: LossName): Float32Array[] {
  const act = activation(name, 0.2);
  const rng = new Rng(5, `backends:${name}:${loss}`);
  const n = 300, d = 7, k = 3, m = 3;
  return tf.tidy(() => {
    const X = tf.tensor2d(rng.normals32(n * d), [n, d]);
    const ys = loss === 'squared' ? rng.normals32(n) : Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
    const y = tf.tensor2d(ys, [n, 1]);
    const W = tf.tensor2d(rng.normals32(d * m * k), [d, m * k]);
    const v = loss === 'squared' ? tf.tensor2d([1, -1, 1, 1, 1, -1, -1, 1, 1], [m, k]) : (tf.fill([m, k], 1 / k) as tf.Tensor2D);
    const ev = evaluate(X, y, W, v, act, loss);
    return [ev.loss, ev.gradW, ev.gradV].map((t) => t.dataSync() as Float32Array);
  });
}

// WASM computes Xᵀ G in its own form (student.ts, gradProduct) and the fused activations in XNNPACK: the same
// figures as the CPU backend's, to float32 rounding.
describe('evaluate on WASM and CPU', () => {
  const cases: [(typeof ACTIVATIONS)[number], LossName][] = ACTIVATIONS.map((a) => [a, 'squared']);
  cases.push(['sigmoid', 'cross-entropy']);
  it.each(cases)('%s with %s loss', async (name, loss) => {
    await initNodeBackend('cpu');
    const cpu = figures(name, loss);
    await initNodeBackend('wasm');
    const wasm = figures(name, loss);
    cpu.forEach((values, i) => {
      const scale = Math.max(1e-3, ...values.map(Math.abs));
      values.forEach((value, j) => expect(Math.abs(wasm[i][j] - value)).toBeLessThan(1e-5 * scale));
    });
  });
});

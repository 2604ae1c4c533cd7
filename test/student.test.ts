import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation } from '../src/core/activations';
import { evaluate, type LossName } from '../src/core/student';
import { Rng } from '../src/core/rng';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

// The hand-written gradient against tfjs's autodiff, for every activation, both losses, two arms at once.
describe('hand-written gradient', () => {
  const cases: [string, LossName][] = [];
  for (const a of ACTIVATIONS) cases.push([a, 'squared']);
  cases.push(['sigmoid', 'cross-entropy']);
  it.each(cases)('%s with %s loss matches tf.grad', (name, loss) => {
    const act = activation(name as (typeof ACTIVATIONS)[number], 0.2);
    const rng = new Rng(3, `grad:${name}:${loss}`);
    const n = 40, d = 6, k = 3, m = 2;
    const X = tf.tensor2d(rng.normals32(n * d), [n, d]);
    const ys = loss === 'squared' ? rng.normals32(n) : Float32Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 1 : 0));
    const y = tf.tensor2d(ys, [n, 1]);
    const W = tf.tensor2d(rng.normals32(d * m * k), [d, m * k]);
    const v = loss === 'squared' ? tf.tensor2d([1, -1, 1, 1, 1, -1], [m, k]) : tf.fill([m, k], 1 / k) as tf.Tensor2D;
    const ev = evaluate(X, y, W, v, act, loss);
    const total = (w: tf.Tensor2D, vv: tf.Tensor2D) => tf.sum(evaluate(X, y, w, vv, act, loss).loss);
    // Autodiff of the same loss written with tfjs ops.
    const autodiff = tf.grads((w: tf.Tensor, vv: tf.Tensor) => {
      const Z = tf.matMul(X, w as tf.Tensor2D);
      const out = tf.sum(tf.mul(tf.reshape(act.f(Z), [n, m, k]), vv), 2);
      if (loss === 'squared') return tf.sum(tf.mul(tf.mean(tf.square(tf.sub(out, y)), 0), 0.5));
      const H = tf.clipByValue(out, 1e-6, 1 - 1e-6);
      return tf.neg(tf.sum(tf.mean(tf.add(tf.mul(y, tf.log(H)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, H)))), 0)));
    });
    const [gW, gV] = autodiff([W, v]);
    expect(tf.max(tf.abs(tf.sub(gW, ev.gradW))).dataSync()[0]).toBeLessThan(1e-4 * Math.max(1, tf.max(tf.abs(gW)).dataSync()[0]));
    expect(tf.max(tf.abs(tf.sub(gV, ev.gradV))).dataSync()[0]).toBeLessThan(1e-4 * Math.max(1, tf.max(tf.abs(gV)).dataSync()[0]));
    expect(total(W, v).dataSync()[0]).toBeGreaterThan(0);
  });
});

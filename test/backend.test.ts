import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initNodeBackend } from '../src/engine/nodeBackend';

describe('node backend', () => {
  it('starts WASM and computes a matrix product', async () => {
    const { backend } = await initNodeBackend('wasm');
    expect(backend).toBe('wasm');
    const c = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await c.data())).toEqual([11]);
    c.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activation } from '../src/core/activations';
import { radiusProbe } from '../src/core/convexity';
import { GateClosed, piece, type Gate } from '../src/core/gate';
import { lossSlice } from '../src/core/landscape';
import { makeSamples, makeTeacher } from '../src/core/teacher';
import { initNodeBackend } from '../src/engine/nodeBackend';

const teacher = makeTeacher({ task: 'regression', act: 'sqrelu', slope: 0.1, d: 4, k: 2, kappa: 2, vstar: 'pm1', seed: 3 });
const samples = makeSamples(teacher, { task: 'regression', act: 'sqrelu', slope: 0.1, n: 2000, noise: 0, seed: 3, stream: 'train' });
let X: tf.Tensor2D;
let y: tf.Tensor2D;

beforeAll(async () => {
  await initNodeBackend('wasm');
  X = tf.tensor2d(samples.X, [samples.n, samples.d]);
  y = tf.tensor2d(samples.y, [samples.n, 1]);
});
afterAll(() => tf.dispose([X, y]));

/** A gate that counts its pieces and refuses every one after the first `open`. */
function counting(open = Infinity): Gate & { pieces: number } {
  const gate = (async (work) => (gate.pieces++ < open ? work() : null)) as Gate & { pieces: number };
  gate.pieces = 0;
  return gate;
}

const rayArgs = () => ({ X, y, Wstar: teacher.W, v: teacher.v, act: activation('sqrelu'), loss: 'squared' as const, directions: 1, radii: [0, 0.1, 0.2, 0.4], seed: 1 });

describe('long probes cut into gated pieces', () => {
  it('piece runs its work through the gate, and throws GateClosed when the gate refuses', async () => {
    expect(await piece(counting(), async () => 7)).toBe(7);
    await expect(piece(counting(0), async () => 7)).rejects.toBeInstanceOf(GateClosed);
  });

  it('a ray is one piece to set up and one per evaluation, with the same result as without a gate', async () => {
    const gate = counting();
    const gated = await radiusProbe(rayArgs(), gate);
    // Setup, W*, then the three radii past 0 (r = 0 reuses W*).
    expect(gate.pieces).toBe(5);
    expect(gated.curves).toEqual((await radiusProbe(rayArgs())).curves);
  });

  it('a ray refused midway stops there and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const gate = counting(3);
    await expect(radiusProbe(rayArgs(), gate)).rejects.toBeInstanceOf(GateClosed);
    expect(gate.pieces).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the landscape slice goes through the gate, with the same losses as without one', async () => {
    const gate = counting();
    const args = {
      X, y, Wstar: teacher.W, v: teacher.v, act: activation('sqrelu'), loss: 'squared' as const,
      D1: Float64Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 : 0)), D2: Float64Array.from({ length: 8 }, (_, i) => (i === 1 ? 1 : 0)),
      extent: 0.5, resolution: 11,
    };
    const gated = await lossSlice({ ...args, gate });
    expect(gate.pieces).toBeGreaterThanOrEqual(1);
    expect(gated.loss).toEqual((await lossSlice(args)).loss);
  });
});

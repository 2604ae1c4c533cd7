import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, activation } from '../src/core/activations';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

// Points away from relu's kink, where finite differences are valid for every activation.
const POINTS = [-2.3, -1.1, -0.4, 0.3, 0.9, 1.7, 2.6];
const H = 1e-5;

describe.each(ACTIVATIONS)('%s', (name) => {
  const act = activation(name, 0.2);
  it('φ′ and φ″ match finite differences (double precision)', () => {
    for (const t of POINTS) {
      expect(act.scalarD(t)).toBeCloseTo((act.scalar(t + H) - act.scalar(t - H)) / (2 * H), 6);
      expect(act.scalarD2(t)).toBeCloseTo((act.scalarD(t + H) - act.scalarD(t - H)) / (2 * H), 5);
    }
  });
  it('the tensor versions agree with the scalar ones', () => {
    const z = tf.tensor1d(POINTS);
    const [f, df, d2f] = [act.f(z), act.df(z), act.d2f(z)].map((t) => Array.from(t.dataSync()));
    POINTS.forEach((t, i) => {
      expect(f[i]).toBeCloseTo(act.scalar(t), 5);
      expect(df[i]).toBeCloseTo(act.scalarD(t), 5);
      expect(d2f[i]).toBeCloseTo(act.scalarD2(t), 5);
    });
  });
});

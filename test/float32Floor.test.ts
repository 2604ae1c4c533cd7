// The float32 floor: where float32 gradient descent stalls, measured for the run, and where the run's curves flatten.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeData } from '../src/core/build';
import { measureFloat32Floor } from '../src/core/float32Floor';
import { matchUnits } from '../src/core/matching';
import { DEFAULTS, type Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { train } from './helpers/train';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const s: Settings = { ...DEFAULTS, act: 'sqrelu', d: 5, k: 3, n: 4000, lr: 0.05, kappa: 2, seed: 1 };

describe('float32 floor', () => {
  it('is where the run\'s error curve flattens, far above W*\'s own float32 rounding, and falls like 1/η', async () => {
    const { teacher, train: samples } = makeData(s);
    const floor = (await measureFloat32Floor(s, teacher, samples))!;
    expect(floor.reached).toBe(true);
    const run = await train(s, 1500, 250, 'tensor');
    const plateau = run.errors.tensor[run.errors.tensor.length - 1];
    // The curve has stopped moving, near the measured floor (measured: plateau 1.3e-6, floor 7.4e-7).
    expect(run.errors.tensor[run.errors.tensor.length - 2]).toBe(plateau);
    expect(plateau / floor.error).toBeGreaterThan(1 / 3);
    expect(plateau / floor.error).toBeLessThan(3);
    const roundTrip = matchUnits(Float32Array.from(teacher.W), teacher.W, s.d, s.k).error;
    expect(floor.error).toBeGreaterThan(10 * roundTrip);
    const slower = (await measureFloat32Floor(s, teacher, samples, s.lr / 4))!;
    expect(slower.error / floor.error).toBeGreaterThan(2);
  }, 120_000);
});

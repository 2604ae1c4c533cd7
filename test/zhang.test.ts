// Zhang, Yu, Wang, Gu (AISTATS 2019): noisy ReLU regression converges linearly to a statistical floor of order
// ν·√(dk·log n / n) — it roughly halves when n grows fourfold, and vanishes without noise.
import { beforeAll, describe, expect, it } from 'vitest';
import { noiseFloor } from '../src/core/noiseFloor';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { train } from './helpers/train';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const base = { act: 'relu', vstar: 'ones', d: 10, k: 5, kappa: 2, lr: 0.2, seed: 1 } as const;
const finalError = async (n: number, noise: number) => {
  const run = await train({ ...base, n, noise }, 600, 100);
  const e = run.errors.tensor;
  return { final: e[e.length - 1], beforeLast: e[e.length - 2], init: e[0] };
};

describe('noisy ReLU regression (Zhang et al.)', () => {
  it('floors near the predicted level, which roughly halves when n grows fourfold, and is near zero at ν = 0', async () => {
    const small = await finalError(10_000, 0.5);
    const large = await finalError(40_000, 0.5);
    const clean = await finalError(10_000, 0);
    // Converged: the last 100 steps moved the error by under 5%.
    expect(Math.abs(small.final - small.beforeLast) / small.final).toBeLessThan(0.05);
    expect(Math.abs(large.final - large.beforeLast) / large.final).toBeLessThan(0.05);
    // Fourfold n: the floor falls by √4·√(log 40k / log 10k) ≈ 0.53 in theory; allow 0.35–0.7.
    const ratio = large.final / small.final;
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.7);
    // The drawn floor (fitted constant) is within a factor 2 of where the run stops.
    const predicted = noiseFloor({ noise: 0.5, d: 10, k: 5, n: 10_000, kappa: 2 });
    expect(small.final / predicted).toBeGreaterThan(0.5);
    expect(small.final / predicted).toBeLessThan(2);
    // No noise: still falling linearly, far below the noisy floor.
    expect(clean.final).toBeLessThan(small.final / 10);
    expect(clean.final).toBeLessThan(0.6 * clean.beforeLast);
  });
});

import { munkres } from 'munkres';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/core/rng';
import { symmetricCP, type SymmetricCP } from '../src/core/tensorDecomposition';

/** v^{⊗order}, flattened row-major. */
function outerPower(v: Float64Array, order: number): Float64Array {
  let out = Float64Array.of(1);
  for (let m = 0; m < order; m++) {
    const next = new Float64Array(out.length * v.length);
    for (let i = 0; i < out.length; i++) for (let r = 0; r < v.length; r++) next[i * v.length + r] = out[i] * v[r];
    out = next;
  }
  return out;
}

/** Σ λ_i u_i^{⊗order} with random unit (non-orthogonal) u_i and weights of both signs, 0.5 ≤ |λ| ≤ 2. */
function randomTensor(k: number, order: number, seed: number) {
  const rng = new Rng(seed, `cp-test:${k}:${order}`);
  const us = Array.from({ length: k }, () => rng.unitVector(k));
  const lambda = us.map((_, i) => (i % 2 === 0 ? 1 : -1) * (0.5 + 1.5 * rng.uniform()));
  const T = new Float64Array(k ** order);
  us.forEach((u, i) => outerPower(u, order).forEach((value, at) => (T[at] += lambda[i] * value)));
  return { us, lambda, T, rng };
}

/**
 * Largest relative error of a term after the best matching. A term is compared through a form free of the
 * model's symmetry: x = λ^{1/3} u for odd order (λu^{⊗3} = (−λ)(−u)^{⊗3}), and λ with u up to sign for even order.
 */
function termError(us: Float64Array[], lambda: number[], cp: SymmetricCP, order: number): number {
  const k = us.length;
  const found = Array.from({ length: k }, (_unit, j) => Float64Array.from({ length: k }, (_, p) => cp.U[p * k + j]));
  const cost = us.map((u, i) =>
    found.map((f, j) => {
      if (order % 2 === 1) {
        const a = u.map((x) => Math.cbrt(lambda[i]) * x);
        const b = f.map((x) => Math.cbrt(cp.lambda[j]) * x);
        return Math.hypot(...a.map((x, p) => x - b[p])) / Math.hypot(...a);
      }
      const alignment = Math.abs(u.reduce((s, x, p) => s + x * f[p], 0));
      return Math.max(Math.sqrt(Math.max(0, 2 - 2 * alignment)), Math.abs(cp.lambda[j] - lambda[i]) / Math.abs(lambda[i]));
    }),
  );
  return Math.max(...munkres(cost).map(([i, j]) => cost[i][j]));
}

describe('symmetric CP decomposition', () => {
  const ks = [2, 3, 4, 5, 6, 7, 8, 9, 10];
  it.each(ks)('recovers an exact rank-%s third-order tensor to 1e-5', (k) => {
    const { us, lambda, T } = randomTensor(k, 3, 1);
    const cp = symmetricCP(T, k, 3, new Rng(1, 'slices'));
    expect(cp.residual).toBeLessThan(1e-9);
    expect(termError(us, lambda, cp, 3)).toBeLessThan(1e-5);
    // Odd order: the sign sits in u, λ ≥ 0.
    expect(Math.min(...cp.lambda)).toBeGreaterThanOrEqual(0);
  });

  it.each(ks)('recovers an exact rank-%s fourth-order tensor (signed weights) to 1e-5', (k) => {
    const { us, lambda, T } = randomTensor(k, 4, 2);
    const cp = symmetricCP(T, k, 4, new Rng(2, 'slices'));
    expect(cp.residual).toBeLessThan(1e-9);
    expect(termError(us, lambda, cp, 4)).toBeLessThan(1e-5);
  });

  it('fits the symmetric part of a tensor that is not symmetric', () => {
    const k = 4;
    const { us, lambda, T, rng } = randomTensor(k, 3, 3);
    // Adding an antisymmetric perturbation in modes 1, 2 changes nothing the symmetric model can see.
    const skewed = T.slice();
    for (let p = 0; p < k; p++) for (let q = 0; q < p; q++) for (let r = 0; r < k; r++) {
      const e = rng.normal();
      skewed[(p * k + q) * k + r] += e;
      skewed[(q * k + p) * k + r] -= e;
    }
    expect(termError(us, lambda, symmetricCP(skewed, k, 3, new Rng(3, 'slices')), 3)).toBeLessThan(1e-5);
  });

  // Noise of relative Frobenius size ε: the error should grow with ε, roughly in proportion, and stay bounded.
  // Median over 5 tensors (k = 5) per level.
  it.each([3, 4] as const)('degrades gracefully with noise (order %s)', (order) => {
    const k = 5;
    const levels = [1e-4, 1e-3, 1e-2, 5e-2];
    const medians = levels.map((eps) => {
      const errors = [0, 1, 2, 3, 4].map((seed) => {
        const { us, lambda, T, rng } = randomTensor(k, order, 10 + seed);
        const noise = T.map(() => rng.normal());
        const scale = (eps * Math.hypot(...T)) / Math.hypot(...noise);
        const noisy = T.map((t, i) => t + scale * noise[i]);
        return termError(us, lambda, symmetricCP(noisy, k, order, new Rng(seed, 'slices')), order);
      });
      return errors.sort((a, b) => a - b)[2];
    });
    for (let i = 1; i < levels.length; i++) expect(medians[i]).toBeGreaterThan(medians[i - 1]);
    medians.forEach((error, i) => expect(error).toBeLessThan(10 * levels[i]));
  });

  // The size of the app's largest runs (k = 20): the structured refinement must keep the dense one's accuracy.
  it.each([3, 4] as const)('recovers an exact rank-20 tensor of order %s to 1e-6, signs right', (order) => {
    const k = 20;
    const { us, lambda, T } = randomTensor(k, order, 20 + order);
    const cp = symmetricCP(T, k, order, new Rng(order, 'slices'));
    expect(cp.residual).toBeLessThan(1e-9);
    expect(termError(us, lambda, cp, order)).toBeLessThan(1e-6);
    const negatives = (values: ArrayLike<number>) => Array.from(values).filter((l) => l < 0).length;
    expect(negatives(cp.lambda)).toBe(order === 4 ? negatives(lambda) : 0);
  });

  it.each([3, 4] as const)('fits a noisy rank-20 tensor of order %s to within the noise', (order) => {
    const k = 20;
    const eps = 1e-3;
    const { us, lambda, T, rng } = randomTensor(k, order, 40 + order);
    const noise = T.map(() => rng.normal());
    // (Math.hypot(...T) would pass 20⁴ arguments.)
    const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
    const scale = (eps * norm(T)) / norm(noise);
    const cp = symmetricCP(T.map((t, i) => t + scale * noise[i]), k, order, new Rng(order, 'slices'));
    expect(cp.residual).toBeLessThan(eps);
    expect(termError(us, lambda, cp, order)).toBeLessThan(10 * eps);
  });

  it('rejects a tensor of the wrong size', () => {
    expect(() => symmetricCP(new Float64Array(10), 3, 3, new Rng(0))).toThrow(/expected 3\^3/);
  });
});

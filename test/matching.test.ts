import { describe, expect, it } from 'vitest';
import { matchUnits, matchedOutputs } from '../src/core/matching';
import { makeTeacher } from '../src/core/teacher';

const teacher = makeTeacher({ task: 'regression', act: 'relu', slope: 0.1, d: 8, k: 5, kappa: 3, vstar: 'pm1', seed: 11 });
const { d, k, W } = teacher;

function permuteColumns(M: Float64Array, perm: number[], signs = perm.map(() => 1)): Float64Array {
  const out = new Float64Array(M.length);
  for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) out[i * k + j] = signs[j] * M[i * k + perm[j]];
  return out;
}

describe('matched parameter error', () => {
  it('is zero for a permuted W*', () => {
    const perm = [3, 0, 4, 1, 2];
    const match = matchUnits(permuteColumns(W, perm), W, d, k);
    expect(match.error).toBeLessThan(1e-12);
    expect(match.maxUnitError).toBeLessThan(1e-12);
    // perm[j] = student unit matched to teacher unit j
    for (let j = 0; j < k; j++) expect(perm[match.perm[j]]).toBe(j);
  });

  it('counts a sign flip as an error unless flips are allowed', () => {
    const flipped = permuteColumns(W, [0, 1, 2, 3, 4], [1, -1, 1, 1, 1]);
    expect(matchUnits(flipped, W, d, k, false).error).toBeGreaterThan(0.1);
    const allowed = matchUnits(flipped, W, d, k, true);
    expect(allowed.error).toBeLessThan(1e-12);
    expect(allowed.flip).toEqual([false, true, false, false, false]);
    expect(matchedOutputs([1, 1, 1, 1, 1], allowed)).toEqual([1, -1, 1, 1, 1]);
  });

  it('equals the plain relative Frobenius error when the order is already right', () => {
    const noisy = W.map((w, i) => w + (i % 3 === 0 ? 0.01 : -0.02));
    let num = 0;
    let den = 0;
    W.forEach((w, i) => {
      num += (noisy[i] - w) ** 2;
      den += w * w;
    });
    expect(matchUnits(noisy, W, d, k).error).toBeCloseTo(Math.sqrt(num / den), 12);
  });
});

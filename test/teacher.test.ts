import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { makeSamples, makeTeacher, singularValues } from '../src/core/teacher';

describe('teacher', () => {
  it.each([[10, 5, 2], [20, 7, 10], [5, 1, 3]])('d=%i k=%i κ=%i has singular values linspace(1, κ, k)', (d, k, kappa) => {
    const t = makeTeacher({ task: 'regression', act: 'relu', slope: 0.1, d, k, kappa, vstar: 'pm1', seed: 5 });
    const svd = new SingularValueDecomposition(new Matrix(Array.from({ length: d }, (_, i) => Array.from(t.W.subarray(i * k, i * k + k)))));
    const expected = Array.from(singularValues(k, kappa)).sort((a, b) => b - a);
    svd.diagonal.forEach((s, i) => expect(s).toBeCloseTo(expected[i], 10));
    t.v.forEach((v) => expect(Math.abs(v)).toBe(1));
  });

  it('uses output weights 1/k for classification and labels in {0, 1} with mean near E[H]', () => {
    const t = makeTeacher({ task: 'classification', act: 'sigmoid', slope: 0.1, d: 6, k: 3, kappa: 2, vstar: 'pm1', seed: 2 });
    t.v.forEach((v) => expect(v).toBeCloseTo(1 / 3, 12));
    const s = makeSamples(t, { task: 'classification', act: 'sigmoid', slope: 0.1, n: 20000, noise: 0, seed: 2, stream: 'train' });
    expect(s.y.every((y) => y === 0 || y === 1)).toBe(true);
    const mean = s.y.reduce((a, b) => a + b, 0) / s.n;
    expect(mean).toBeGreaterThan(0.4); // E[σ(wᵀx)] = 1/2 for symmetric x
    expect(mean).toBeLessThan(0.6);
  });

  it('is fixed by the seed; X does not move when the noise or n change', () => {
    const spec = { task: 'regression' as const, act: 'relu' as const, slope: 0.1, d: 4, k: 2, kappa: 2, vstar: 'pm1' as const, seed: 9 };
    const a = makeSamples(makeTeacher(spec), { task: 'regression', act: 'relu', slope: 0.1, n: 100, noise: 0, seed: 9, stream: 'train' });
    const b = makeSamples(makeTeacher(spec), { task: 'regression', act: 'relu', slope: 0.1, n: 200, noise: 0.5, seed: 9, stream: 'train' });
    expect(Array.from(b.X.subarray(0, 400))).toEqual(Array.from(a.X));
    expect(b.y[0]).not.toBe(a.y[0]);
    const c = makeSamples(makeTeacher({ ...spec, seed: 10 }), { task: 'regression', act: 'relu', slope: 0.1, n: 100, noise: 0, seed: 10, stream: 'train' });
    expect(c.X[0]).not.toBe(a.X[0]);
  });
});

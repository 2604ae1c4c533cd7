import { describe, expect, it } from 'vitest';
import { linearRate } from '../src/core/rate';

describe('linear rate', () => {
  it('recovers the contraction of a geometric sequence over the recent half', () => {
    const t = Array.from({ length: 200 }, (_, i) => i);
    const e = t.map((i) => (i < 100 ? 0.5 * 0.9 ** i : 0.5 * 0.9 ** 100 * 0.97 ** (i - 100)));
    expect(linearRate(t, e)).toBeCloseTo(0.97, 6);
  });
  it('ignores points at float32 precision and needs three points', () => {
    const t = [0, 1, 2, 3, 4, 5];
    const e = [1e-3, 1e-4, 1e-5 * 1.01, 1e-6, 1e-6, 1e-6];
    expect(linearRate(t, e, 1)).toBeCloseTo(0.1, 3);
    expect(linearRate([0, 1], [1, 0.5])).toBeNull();
  });
});

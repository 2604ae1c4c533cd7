import { describe, expect, it } from 'vitest';
import { decimateToColumns } from '../src/ui/plotDecimation';

describe('decimateToColumns', () => {
  it('leaves a short trace alone', () => {
    expect(decimateToColumns([0, 1, 2], [3, 1, 2], 10)).toEqual({ x: [0, 1, 2], y: [3, 1, 2] });
  });

  it('thins a long run to the plot width', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => i);
    const out = decimateToColumns(xs, xs.map((i) => 1 / (1 + i)), 600);
    expect(out.x.length).toBeLessThanOrEqual(1202);
    expect(out.x.length).toBeGreaterThanOrEqual(600);
  });
});

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimateToColumns } from '../../src/ui/plotDecimation';

describe('decimateToColumns (property)', () => {
  it('keeps each column\'s extremes, the ends and x order, at most two points a column and the last', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 1, max: 400 }), (ys, columns) => {
        const xs = ys.map((_, i) => i);
        const out = decimateToColumns(xs, ys, columns);
        expect(out.x.length).toBeLessThanOrEqual(Math.max(ys.length <= 2 * columns ? ys.length : 0, 2 * columns + 2));
        expect(out.x[0]).toBe(0);
        expect(out.x[out.x.length - 1]).toBe(ys.length - 1);
        out.x.forEach((x, i) => {
          expect(out.y[i]).toBe(ys[x]);
          if (i > 0) expect(x).toBeGreaterThan(out.x[i - 1]);
        });
        expect(Math.max(...out.y)).toBe(Math.max(...ys));
        expect(Math.min(...out.y)).toBe(Math.min(...ys));
      }),
      { seed: 42, numRuns: Number(process.env.FUZZ_RUNS) || 100 },
    );
  });

});

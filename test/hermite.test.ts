import { describe, expect, it } from 'vitest';
import { activation, type ActivationName } from '../src/core/activations';
import { hermiteCoefficients, isIdentifiable, momentOrders, normFromMoment } from '../src/core/hermite';

const ROOT_2PI = Math.sqrt(2 * Math.PI);

describe('Hermite coefficients by quadrature', () => {
  it.each([0.3, 1, 2.5, 7])('match relu’s closed forms to 1e-6 at σ = %s', (sigma) => {
    const c = hermiteCoefficients(activation('relu'), sigma);
    const closed = [sigma / ROOT_2PI, sigma / 2, sigma / ROOT_2PI, 0, -sigma / ROOT_2PI];
    c.forEach((value, j) => expect(Math.abs(value - closed[j])).toBeLessThan(1e-6));
  });

  // SPEC §2's table, to the digits it gives (half a unit in the last place).
  const table: [ActivationName, number, (number | null)[], [number, number]][] = [
    ['relu', 0, [1 / 2, 0.39894, 0, -1 / ROOT_2PI], [2, 4]],
    ['leaky', 0.1, [(1 + 0.1) / 2, (1 - 0.1) / ROOT_2PI, 0, -(1 - 0.1) / ROOT_2PI], [2, 4]],
    ['leaky', 0.4, [(1 + 0.4) / 2, (1 - 0.4) / ROOT_2PI, 0, -(1 - 0.4) / ROOT_2PI], [2, 4]],
    ['sqrelu', 0, [0.79788, 1, 2 / ROOT_2PI, 0], [2, 3]],
    ['sigmoid', 0, [0.20662, 0, -0.0624, 0], [3, 3]],
    ['tanh', 0, [0.60571, 0, -0.3636, 0], [3, 3]],
  ];
  it.each(table)('%s (a = %s): c_1…c_4 at σ = 1 and (j2, j3) as in the SPEC table', (name, slope, values, [j2, j3]) => {
    const act = activation(name, slope);
    const c = hermiteCoefficients(act, 1);
    values.forEach((value, j) => expect(Math.abs(c[j + 1] - (value as number))).toBeLessThan(5e-6));
    const orders = momentOrders(act);
    expect(orders).not.toBeNull();
    expect([orders!.j2, orders!.j3]).toEqual([j2, j3]);
    // Odd order for the norms: c_1 ≠ 0 for all of these. Even order for the signs: none for sigmoid and tanh.
    expect(orders!.l1).toBe(1);
    expect(orders!.l2).toBe(name === 'sigmoid' || name === 'tanh' ? null : 2);
  });

  it.each([
    ['relu', 1],
    ['leaky', 1],
    ['sqrelu', 2],
  ] as const)('%s scales as σ^%s', (name, h) => {
    const act = activation(name, 0.2);
    const one = hermiteCoefficients(act, 1);
    const at = hermiteCoefficients(act, 3.7);
    at.forEach((value, j) => expect(Math.abs(value - 3.7 ** h * one[j])).toBeLessThan(1e-9));
  });

  it('leaky relu with a = 1 is linear: not identifiable; a < 1 is', () => {
    expect(isIdentifiable(activation('leaky', 1))).toBe(false);
    expect(momentOrders(activation('leaky', 1))).toBeNull();
    expect(isIdentifiable(activation('leaky', 0.9))).toBe(true);
  });
});

describe('norm from a moment', () => {
  it('undoes c_l for homogeneous activations, with the root (|z|/|c|)^{1/h}', () => {
    const sq = activation('sqrelu');
    expect(normFromMoment(sq, 1, 4 * (2 / ROOT_2PI)).sigma).toBeCloseTo(2, 12);
    expect(normFromMoment(activation('relu'), 1, 1.5).sigma).toBeCloseTo(3, 12);
  });

  it.each(['sigmoid', 'tanh'] as const)('inverts %s’s monotone c_1 numerically and flags saturation', (name) => {
    const act = activation(name);
    for (const sigma of [0.2, 1, 2, 4]) {
      const est = normFromMoment(act, 1, hermiteCoefficients(act, sigma)[1]);
      expect(est.saturated).toBe(false);
      expect(Math.abs(est.sigma - sigma)).toBeLessThan(1e-8 * sigma);
    }
    // Flat near the limit: the amplification of relative errors grows with σ.
    const amp = (s: number) => normFromMoment(act, 1, hermiteCoefficients(act, s)[1]).amplification;
    expect(amp(4)).toBeGreaterThan(amp(1));
    // A target above c_1's range (the limit is ϕ(0)·(φ(∞) − φ(−∞))) comes back saturated, σ a lower bound.
    const limit = (name === 'tanh' ? 2 : 1) / ROOT_2PI;
    const beyond = normFromMoment(act, 1, limit * 1.01);
    expect(beyond.saturated).toBe(true);
    expect(beyond.sigma).toBeGreaterThan(5);
  });
});

import { describe, expect, it } from 'vitest';
import { StepBudget } from '../src/engine/stepBudget';

describe('step budget', () => {
  it('starts slow: one step per eight done so far', () => {
    const b = new StepBudget();
    b.record(0, 1);
    b.record(1, 1.01);
    expect(b.next(0)).toBe(1);
    expect(b.next(80)).toBe(10);
  });
  it('spends the budget on steps, not on the fixed cost of a frame', () => {
    const b = new StepBudget();
    b.record(0, 30); // measuring alone costs 30 ms
    for (let i = 0; i < 10; i++) b.record(10, 30 + 10 * 0.5); // 0.5 ms a step
    expect(b.next(1e6)).toBeGreaterThanOrEqual(40);
    expect(b.next(1e6)).toBeLessThanOrEqual(60);
  });
  it('backs off when steps get expensive', () => {
    const b = new StepBudget();
    b.record(0, 1);
    for (let i = 0; i < 10; i++) b.record(4, 1 + 4 * 20);
    expect(b.next(1e6)).toBe(1);
  });
});

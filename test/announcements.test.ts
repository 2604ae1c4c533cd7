import { describe, expect, it } from 'vitest';
import { decade, quarter, RunAnnouncements, type RunFigures } from '../src/ui/a11y/milestones';
import { formatNumber, summarizeFigure } from '../src/ui/a11y/plotSummary';

const arms = (tensor: number, random: number): RunFigures['arms'] => [
  { name: 'tensor', initError: 0.05, error: tensor },
  { name: 'random', initError: 1.4, error: random },
];

/** First-below steps as a plot's series would give them. */
const steps: Record<string, number> = { '0:0.01': 240, '0:0.001': 400, '1:0.1': 900, '1:0.01': 1440 };
const firstBelow = (arm: number, threshold: number) => steps[`${arm}:${threshold}`] ?? null;

describe('run announcements', () => {
  it('writes decades with superscripts', () => {
    expect(decade(1e-3)).toBe('10⁻³');
    expect(decade(0.1)).toBe('10⁻¹');
  });

  it('announces a status change once, and milestones once per arm, compared with the arm that got there first', () => {
    const a = new RunAnnouncements();
    expect(a.update({ status: 'running', iteration: 0, arms: arms(0.05, 1.4) }, firstBelow)).toEqual({ milestones: [], status: 'Run started.' });
    expect(a.update({ status: 'running', iteration: 100, arms: arms(0.05, 1.3) }, firstBelow)).toEqual({ milestones: [], status: null });
    // The tensor arm started below 10⁻¹: nothing to say about it, until it passes 10⁻².
    const first = a.update({ status: 'running', iteration: 250, arms: arms(0.009, 1.2) }, firstBelow);
    expect(first.milestones).toEqual(['tensor init reached error 10⁻² at step 240.']);
    // Said once, however many readouts follow.
    expect(a.update({ status: 'running', iteration: 260, arms: arms(0.008, 1.2) }, firstBelow).milestones).toEqual([]);
    const random = a.update({ status: 'running', iteration: 1500, arms: arms(0.0009, 0.009) }, firstBelow);
    expect(random.milestones).toEqual([
      'random W, true v reached error 10⁻¹ at step 900; tensor init started below it.',
      'random W, true v reached error 10⁻² at step 1,440; tensor init got there at step 240, 6× sooner.',
      'tensor init reached error 10⁻³ at step 400.',
    ]);
    expect(a.update({ status: 'paused', iteration: 1500, arms: arms(0.0009, 0.009) }, firstBelow).status).toBe('Paused at iteration 1,500.');
    expect(a.update({ status: 'done', iteration: 2000, arms: arms(0.0005, 0.002) }, firstBelow).status)
      .toBe('Run done at iteration 2,000. Error: tensor init 5.00e-4, random W, true v 2.00e-3.');
  });

  it('forgets the milestones on reset (a new run), and ignores NaN errors', () => {
    const a = new RunAnnouncements();
    a.update({ status: 'running', iteration: 250, arms: arms(0.009, 1.2) }, firstBelow);
    a.reset();
    expect(a.update({ status: 'running', iteration: 250, arms: arms(0.009, NaN) }, firstBelow).milestones).toEqual(['tensor init reached error 10⁻² at step 240.']);
  });

  it('counts the map in quarters', () => {
    expect([0, 0.24, 0.25, 0.5, 0.74, 0.99, 1, 1.2].map(quarter)).toEqual([0, 0, 1, 2, 2, 3, 4, 4]);
  });
});

describe('plot summaries', () => {
  it('names the latest point of each legend line, the bars, and the range of a heatmap', () => {
    const layout = { xaxis: { title: { text: 'iteration' } }, yaxis: { title: { text: 'relative error' } } };
    const text = summarizeFigure(
      [
        { type: 'scatter', name: 'tensor init', x: [0, 10, 20], y: [0.5, 0.01, 0.00123] },
        { type: 'scatter', name: 'random', x: [0, 10, 20], y: [1.4, 1.2, null] },
        { type: 'scatter', name: 'ray 1', x: [0], y: [1], showlegend: false },
      ],
      layout,
    );
    expect(text).toBe('relative error: tensor init 1.23e-3 at iteration 20; random 1.2 at iteration 10.');
    expect(summarizeFigure([{ type: 'bar', name: 'chosen', x: [1, 2, 3], y: [4.5, null, 0.25] }], {})).toBe('y: chosen: 1: 4.5, 3: 0.25.');
    expect(summarizeFigure([{ type: 'heatmap', z: [[0.1, null], [0.9, -0.3]] }], {})).toBe('y: from -0.3 to 0.9.');
    expect(summarizeFigure([], {})).toBe('No data yet.');
  });

  it('writes numbers whole: integers with separators, small and large ones in exponent form', () => {
    expect([1240, 0.5, 0.00123, 12345.6, -2e-7].map(formatNumber)).toEqual(['1,240', '0.5', '1.23e-3', '1.23e+4', '-2.00e-7']);
  });
});

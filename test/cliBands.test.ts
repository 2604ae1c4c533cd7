// The CLI's band (--trials R) and float32 floor in its JSON.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args';
import { runCli } from '../src/cli/run';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe('CLI bands and float32 floor', () => {
  it('--trials 3 reports each arm\'s median, band and recovered seeds; every run reports its float32 floor', async () => {
    const options = parseArgs(['--act', 'sqrelu', '--d', '5', '--k', '2', '--n', '1000', '--lr', '0.05', '--iters', '30', '--trials', '3', '--seed', '4']);
    const report = await runCli(options, 'wasm');
    const json = report.json as {
      float32Floor: { error: number; reached: boolean; lr: number };
      trials: { seeds: number[]; bands: { name: string; error: { median: number[]; lo: number[]; hi: number[] }; success: number[]; finalError: number[] }[] };
      arms: { name: string; error: number[] }[];
    };
    expect(json.float32Floor.lr).toBe(0.05);
    expect(json.float32Floor.error).toBeGreaterThan(1e-8);
    expect(json.float32Floor.error).toBeLessThan(1e-4);
    expect(json.trials.seeds).toEqual([4, 5, 6]);
    const tensor = json.trials.bands.find((b) => b.name === 'tensor')!;
    expect(tensor.error.median).toHaveLength(31);
    tensor.error.median.forEach((m, t) => {
      expect(m).toBeGreaterThanOrEqual(tensor.error.lo[t]);
      expect(m).toBeLessThanOrEqual(tensor.error.hi[t]);
    });
    // Seed s's own curve is the arms' history, and one of the band's three.
    expect(json.arms[0].error).toHaveLength(31);
    expect(tensor.finalError[0]).toBeCloseTo(json.arms[0].error[30], 6);
    expect([...tensor.finalError].sort((a, b) => a - b)[1]).toBeCloseTo(tensor.error.median[30], 12);
    expect(report.text).toMatch(/tensor\s+3 seeds: final error median .* recovered \d\/3/);
    expect(report.text).toMatch(/float32 floor: /);
  }, 120_000);
});

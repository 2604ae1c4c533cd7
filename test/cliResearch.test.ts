// The CLI for research runs: --help, --iters 0 (the initialization only), both error metrics per arm,
// λ_min of the Hessian at each arm's start and end, the tensor method's total time.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args';
import { runCli } from '../src/cli/run';
import type { RunFile } from '../src/core/runFile';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const recover = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/recover.ts', ...args], { encoding: 'utf8' });

describe('CLI help', () => {
  it('--help anywhere asks for the usage', () => {
    expect(parseArgs(['--d', '6', '--help']).help).toBe(true);
    expect(parseArgs(['--d', '6']).help).toBe(false);
  });
  it.each([['--help'], ['-h']])('%s prints the usage and exits 0', (arg) => {
    const res = recover([arg]);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^usage: npm run recover/);
    expect(res.stdout).toMatch(/--shard i\/N/);
    expect(res.stdout).toMatch(/--merge/);
  });
});

describe('CLI --iters 0', () => {
  it('runs the initialization only and gives every arm both init errors', async () => {
    const res = recover(['--d', '6', '--k', '3', '--n', '2000', '--iters', '0', '--json']);
    expect(res.status).toBe(0);
    const doc = JSON.parse(res.stdout) as RunFile;
    expect(doc.settings.iters).toBe(0);
    expect(doc.iterations).toBe(0);
    expect(doc.arms.map((a) => a.name)).toEqual(['tensor', 'random', 'random-signs']);
    for (const arm of doc.arms) {
      expect(arm.error).toHaveLength(1);
      expect(arm.maxUnitError).toHaveLength(1);
      expect(arm.error[0]).toBeCloseTo(arm.initError, 6);
      expect(arm.initMaxUnitError).toBe(arm.maxUnitError![0]);
      expect(arm.initMaxUnitError).toBeGreaterThan(0);
    }
  });
  it('still refuses iterations below 0', () => {
    expect(() => parseArgs(['--iters', '-1'])).toThrow(/--iters -1 is not allowed/);
  });
});

describe('CLI --probe convexity', () => {
  it('gives λ_min at each arm\'s start and end: the tensor arm ends at W*, where λ_min is λ_min(W*)', async () => {
    const report = await runCli(parseArgs(['--act', 'sqrelu', '--d', '6', '--k', '3', '--n', '4000', '--lr', '0.05', '--iters', '300', '--probe', 'convexity']), 'wasm');
    const doc = report.json as unknown as RunFile;
    const c = doc.convexity!;
    expect(Object.keys(c.lambdaMinAtInit!)).toEqual(['tensor', 'random', 'random-signs']);
    expect(Object.keys(c.lambdaMinAtEnd!)).toEqual(['tensor', 'random', 'random-signs']);
    const tensor = doc.arms.find((a) => a.name === 'tensor')!;
    expect(tensor.error.at(-1)).toBeLessThan(1e-3);
    expect(c.lambdaMinAtEnd!.tensor).toBeCloseTo(c.lambdaMinAtStar, 2);
    // A random start is far from W*: the loss is not convex there (squared relu's φ″ > 0 lets it turn indefinite).
    expect(c.lambdaMinAtInit!.random!).toBeLessThan(0);
    expect(report.text).toMatch(/λ_min at init → end: tensor/);
  });
});

describe('CLI tensorInit', () => {
  it('reports each stage\'s time and their total', async () => {
    const report = await runCli(parseArgs(['--d', '6', '--k', '3', '--n', '2000', '--iters', '0']), 'wasm');
    const seconds = (report.json as unknown as RunFile).tensorInit!.seconds;
    const stages = seconds.moments + seconds.eigen + seconds.decomposition + seconds.magnitudes;
    expect(seconds.total).toBeGreaterThanOrEqual(stages * 0.999);
    expect(seconds.total).toBeLessThan(stages + 1);
  });
});

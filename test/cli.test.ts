import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, parseArgs } from '../src/cli/args';
import { runCli } from '../src/cli/run';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const SMALL = ['--d', '6', '--k', '3', '--n', '2000', '--iters', '40', '--lr', '0.1'];

describe('CLI arguments', () => {
  it('reads the same keys as the URL', () => {
    const { settings, json } = parseArgs(['--act', 'tanh', '--d', '12', '--k=4', '--json']);
    expect(settings).toMatchObject({ act: 'tanh', d: 12, k: 4 });
    expect(json).toBe(true);
  });
  it('takes --iters 0 (initialization only) only as a plain 0', () => {
    expect(parseArgs(['--iters', '0']).settings.iters).toBe(0);
    for (const text of ['0x0', '0b0', ' 0 ']) expect(() => parseArgs(['--iters', text]), text).toThrow(ArgumentError);
  });
  it('reads --json=true and --json=false as they say', () => {
    expect(parseArgs(['--json=true']).json).toBe(true);
    expect(parseArgs(['--json=false']).json).toBe(false);
    expect(parseArgs([]).json).toBe(false);
  });
  it.each([
    [['--json=no'], /--json takes no value, or =true \/ =false \(got 'no'\)/],
    [['--d', '-3'], /--d -3 is not allowed: it must be an integer from 2 to 200/],
    [['--act', 'swish'], /--act swish is not allowed: it must be one of relu, leaky, sqrelu, sigmoid, tanh/],
    [['--lr', 'abc'], /--lr abc is not allowed/],
    [['--n', '1e12'], /--n 1e12 is not allowed: it must be an integer from 50 to 1000000/],
    [['--bogus', '1'], /unknown argument --bogus/],
    [['--d'], /--d needs a value/],
    [['d', '3'], /unexpected argument 'd'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv as string[])).toThrow(ArgumentError);
    expect(() => parseArgs(argv as string[])).toThrow(message);
  });
});

describe('CLI runs', () => {
  it('is deterministic: same seed → identical JSON, another seed → different', async () => {
    const run = async (seed: string) => {
      const report = await runCli(parseArgs([...SMALL, '--seed', seed]), 'wasm');
      // Everything but wall-clock times.
      return JSON.stringify(report.json, (key, value) => (key === 'seconds' ? undefined : value));
    };
    const a = await run('7');
    expect(await run('7')).toBe(a);
    expect(await run('8')).not.toBe(a);
  });

  it('records error[t] from the initialization on, and the random arm converges', async () => {
    const report = await runCli(parseArgs(['--act', 'relu', '--d', '8', '--k', '3', '--n', '4000', '--iters', '300', '--lr', '0.2', '--seed', '3']), 'wasm');
    const arms = report.json.arms as { name: string; initError: number; error: number[]; loss: number[]; testLoss: number[]; stopped: string | null }[];
    const random = arms.find((a) => a.name === 'random')!;
    expect(random.error).toHaveLength(301);
    expect(random.loss).toHaveLength(301);
    expect(random.error[0]).toBeCloseTo(random.initError, 5);
    expect(random.error[300]).toBeLessThan(0.5 * random.error[0]);
    expect(random.stopped).toBeNull();
    expect(arms.map((a) => a.name)).toContain('random-signs');
  });

  it('stops a diverging arm with a message and keeps the others', async () => {
    const report = await runCli(parseArgs([...SMALL, '--act', 'sqrelu', '--lr', '50', '--seed', '1']), 'wasm');
    const arms = report.json.arms as { error: number[]; stopped: string | null }[];
    expect(arms.some((a) => a.stopped?.includes('learning rate is too large'))).toBe(true);
    for (const arm of arms) expect(arm.error.every(Number.isFinite)).toBe(true);
  });
});

describe('CLI process', () => {
  it('prints one JSON document with --json', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/recover.ts', ...SMALL, '--iters', '5', '--json'], { encoding: 'utf8' });
    const doc = JSON.parse(out);
    expect(doc.backend).toBe('wasm');
    expect(doc.settings.d).toBe(6);
    expect(doc.arms[0].error).toHaveLength(6);
  });
  it('writes a JSON document longer than a pipe buffer in full', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/recover.ts', ...SMALL, '--iters', '1500', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(out.length).toBeGreaterThan(65536);
    expect(JSON.parse(out).arms[0].error).toHaveLength(1501);
  });
  it('exits non-zero naming the bad argument', () => {
    const res = spawnSync('npx', ['tsx', 'src/cli/recover.ts', '--k', '0'], { encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/--k 0 is not allowed: it must be an integer from 1 to 20/);
  });
});

// The CLI's map mode: arguments, the map a researcher would run from a script, and the process's output.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, parseArgs } from '../src/cli/args';
import { parseMapArgs, runMapCli } from '../src/cli/map';
import { axisValues } from '../src/core/recoveryMap';
import { initNodeBackend } from '../src/engine/nodeBackend';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const mapOptions = (argv: string[]) => {
  const options = parseArgs(argv);
  return { options, map: parseMapArgs(options.map!, options.settings) };
};

describe('map arguments', () => {
  it('reads --map, --trials, --init, --batch, and --iters as the map\'s budget (0 allowed)', () => {
    const { options, map } = mapOptions(['--map', 'n=10000:100000:10000,d=10:50:10', '--trials', '10', '--init', 'random', '--iters', '0', '--batch', '2', '--act', 'sqrelu', '--json']);
    expect(options.settings.act).toBe('sqrelu');
    expect(options.json).toBe(true);
    expect(map.spec).toMatchObject({ trials: 10, init: 'random', iters: 0 });
    expect(axisValues(map.spec.grid.y)).toEqual([10, 20, 30, 40, 50]);
    expect(map.batch).toBe(2);
    expect(parseArgs(['--iters', '7']).settings.iters).toBe(7);
    // Outside map mode --trials and --batch are the live run's: a band's seeds and the SGD minibatch.
    expect(parseArgs(['--trials', '3', '--gd', 'sgd', '--batch', '64'])).toMatchObject({ map: null, settings: { trials: 3, gd: 'sgd', batch: 64 } });
  });
  it.each([
    [['--init', 'random'], /--init is for a recovery map: give --map too/],
    [['--map', 'n=1000:2000:*2,d=5:300:5'], /--map n=1000:2000:\*2,d=5:300:5 is not allowed: d to 300 is out of range/],
    [['--map', 'n=1000:2000:*2'], /--map n=1000:2000:\*2 is not allowed: A map has two axes/],
    [['--map', 'n=1000:2000:*2,d=5:10:5', '--trials', '0'], /--trials 0 is not allowed: it must be an integer from 1 to 100/],
    [['--map', 'n=1000:2000:*2,d=5:10:5', '--init', 'zero'], /--init zero is not allowed: it must be one of tensor, random/],
    [['--map', 'n=1000:2000:*2,d=5:10:5', '--batch', '0'], /--batch 0 is not allowed/],
    [['--map', 'n=1000:2000:*2,d=8:12:4', '--task', 'classification', '--model', 'cnn', '--k', '4'], /fully connected network/],
  ])('rejects %j', (argv, message) => {
    expect(() => mapOptions(argv as string[])).toThrow(ArgumentError);
    expect(() => mapOptions(argv as string[])).toThrow(message);
  });
});

describe('map on a small grid', () => {
  it('success rises with n at fixed d, and the smallest n with full success grows with d', async () => {
    // Label noise ν sets an error floor ~ ν√(d/n): recovery to 1% then needs n ∝ d, sharply (with noiseless
    // labels and three trials a cell, a random failure of the tensor decomposition at small n decides).
    const { options, map } = mapOptions([
      '--act', 'sqrelu', '--k', '3', '--noise', '0.3', '--lr', '0.05', '--seed', '1',
      '--map', 'n=1000:16000:*4,d=5:20:*4', '--trials', '3', '--iters', '500',
    ]);
    const progress: string[] = [];
    const report = await runMapCli(options.settings, map, 'wasm', { write: (s: string) => progress.push(s) } as unknown as NodeJS.WritableStream);
    const cells = report.json.cells as { x: number; y: number; successRate: number; meanInitError: number }[];
    const row = (d: number) => cells.filter((c) => c.y === d).sort((a, b) => a.x - b.x);
    for (const d of [5, 20]) {
      const rates = row(d).map((c) => c.successRate);
      for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1]);
      const errors = row(d).map((c) => c.meanInitError);
      for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]);
    }
    const smallestFull = (d: number) => row(d).find((c) => c.successRate === 1)?.x ?? Infinity;
    expect(smallestFull(5)).toBeLessThan(16000);
    expect(smallestFull(20)).toBeGreaterThan(smallestFull(5));
    expect(smallestFull(20)).toBeLessThanOrEqual(16000);
    expect(report.text).toMatch(/success rate/);
    expect(progress.join('')).toMatch(/map \[#+\] 6\/6 cells 100%/);
  });

  it('prints one JSON document, with a progress bar on stderr', () => {
    const res = spawnSync('npx', ['tsx', 'src/cli/recover.ts', '--k', '2', '--map', 'n=500:1000:500,d=4', '--trials', '2', '--iters', '20', '--json'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(doc.map).toMatchObject({ grid: 'n=500:1000:500,d=4', trials: 2, iters: 20 });
    expect(doc.cells).toHaveLength(2);
    expect(doc.cells[0].trials).toHaveLength(2);
    expect(doc.cells[0].trials[0]).toHaveProperty('initError');
    expect(res.stderr).toMatch(/map \[[#-]+\] 0\/2 cells/);
    expect(res.stderr).toMatch(/2\/2 cells 100%, \d+ s in all/);
  });
});

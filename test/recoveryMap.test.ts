// The recovery map's grid, settings table, cell runner and CSV.
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../src/core/build';
import {
  axisValues, batchSize, cellSettings, DEFAULT_GRID, formatDuration, formatGrid, mapCells, mapCsv, MAX_AXIS_VALUES, MAX_BATCH_ELEMENTS, parseGrid,
  runMap, summarizeCell, type MapProgress, type MapTrial,
} from '../src/core/recoveryMap';
import { initNodeBackend } from '../src/engine/nodeBackend';
import {
  encodeMapSettings, MAP_DEFAULTS, MAP_PRESETS, mapSettingsFromHash, parseMapSettings,
} from '../src/state/mapSettings';
import { DEFAULTS } from '../src/core/settings';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe('grid', () => {
  it('reads the CLI and URL forms, linear and geometric', () => {
    const { grid, problems } = parseGrid('n=10000:100000:10000,d=10:50:10');
    expect(problems).toEqual([]);
    expect(axisValues(grid.x)).toEqual([10000, 20000, 30000, 40000, 50000, 60000, 70000, 80000, 90000, 100000]);
    expect(axisValues(grid.y)).toEqual([10, 20, 30, 40, 50]);
    const url = parseGrid('n:1000:16000:*4,kappa:1:8:*2');
    expect(axisValues(url.grid.x)).toEqual([1000, 4000, 16000]);
    expect(axisValues(url.grid.y)).toEqual([1, 2, 4, 8]);
    expect(formatGrid(url.grid)).toBe('n:1000:16000:*4,kappa:1:8:*2');
    expect(formatGrid(url.grid, '=')).toBe('n=1000:16000:*4,kappa=1:8:*2');
    expect(parseGrid(formatGrid(grid)).grid).toEqual(grid);
    expect(axisValues(parseGrid('d=7,k=1:3:1').grid.x)).toEqual([7]);
  });

  it('clamps to the settings table and says so', () => {
    const { grid, problems } = parseGrid('d=1:300:100,n=500:100:100');
    expect(grid.x.from).toBe(2);
    expect(grid.x.to).toBe(200);
    expect([grid.y.from, grid.y.to]).toEqual([100, 500]);
    expect(problems.join(' ')).toMatch(/d from 1 is out of range; using 2/);
    expect(problems.join(' ')).toMatch(/d to 300 is out of range; using 200/);
    expect(problems.join(' ')).toMatch(/n: from 500 is above to 100; swapped/);
    const many = parseGrid('n=100:100000:100,d=5:10:5');
    expect(many.grid).toEqual(DEFAULT_GRID);
    expect(many.problems.join(' ')).toMatch(/n: step 100 would make 1000 values; at most 25 per axis: use a step of 4163 or more/);
    expect(axisValues(parseGrid('n=100:100000:4163,d=5:10:5').grid.x)).toHaveLength(24);
    expect(axisValues(parseGrid('n=1000:25000:1000,d=5:10:5').grid.x)).toHaveLength(MAX_AXIS_VALUES);
  });

  it.each([
    ['n=1000:2000:500', /has 1/],
    ['n=1:2:3,n=1:2:3', /Both axes are n/],
    ['lr=0.1:1:0.1,d=5:10:5', /cannot be a map axis/],
    ['n=a:b:c,d=5:10:5', /must be numbers/],
    ['n=1000:4000:*1,d=5:10:5', /must be a factor above 1/],
  ])('reports %s and falls back to a valid grid', (text, message) => {
    const { grid, problems } = parseGrid(text);
    expect(problems.join(' ')).toMatch(message);
    expect(grid.x.key).not.toBe(grid.y.key);
    expect(axisValues(grid.x).length).toBeGreaterThan(0);
  });

  it('gives trial t of a cell the live settings with the cell values and seed s + t', () => {
    const { grid } = parseGrid('n=1000:4000:*2,d=5:10:5');
    expect(cellSettings({ ...DEFAULTS, seed: 7 }, grid, 2000, 10, 3)).toEqual({ ...DEFAULTS, n: 2000, d: 10, seed: 10 });
    expect(mapCells(grid)[4]).toEqual({ x: 2000, y: 10 });
  });

  it('batches as many trials as keep T·n·d within 2^24; on WASM, only cells small enough to gain', () => {
    expect(batchSize(100_000, 50, 5, 10, undefined, 'webgl')).toBe(3);
    expect(3 * 100_000 * 50).toBeLessThanOrEqual(MAX_BATCH_ELEMENTS);
    expect(batchSize(1_000_000, 200, 5, 10, undefined, 'webgl')).toBe(1);
    expect(batchSize(1000, 10, 5, 10, undefined, 'wasm')).toBe(10);
    expect(batchSize(10_000, 20, 5, 10, undefined, 'wasm')).toBe(1);
    expect(batchSize(10_000, 20, 5, 10, 4, 'wasm')).toBe(4);
  });
});

describe('map settings', () => {
  it('round-trips through a readable fragment, defaults left out', () => {
    const m = { ...MAP_DEFAULTS, view: 'map' as const, map: parseGrid('n:1000:8000:*2,d:4:8:4').grid, trials: 3, iters: 0, show: 'error' as const };
    const hash = encodeMapSettings(m);
    expect(hash).toBe('view=map&map=n:1000:8000:*2,d:4:8:4&trials=3&iters=0&show=error');
    expect(mapSettingsFromHash(`#${hash}`)).toEqual({ settings: m, problems: [] });
    expect(encodeMapSettings(MAP_DEFAULTS)).toBe('');
  });

  it('clamps bad values with a notice and ignores unknown keys', () => {
    const { settings, problems } = parseMapSettings([['trials', '0'], ['iters', '1e9'], ['init', 'magic'], ['show', 'x'], ['bogus', '1'], ['map', 'n:1:2']]);
    expect(settings).toMatchObject({ trials: 1, iters: 100_000, init: 'tensor', show: 'success' });
    expect(problems.map((p) => p.key)).toEqual(['trials', 'iters', 'init', 'show', 'map']);
    expect(problems[0].message).toMatch(/trials=0 is out of range; using 1 \(trials per cell must be an integer from 1 to 100\)/);
  });

  it('has the Zhong et al. preset with the paper grid', () => {
    const zhong = MAP_PRESETS.find((p) => p.id === 'zhong-init-error-map')!;
    expect(zhong.settings).toMatchObject({ act: 'sqrelu', k: 5, kappa: 2 });
    expect(axisValues(zhong.map.map!.x)).toEqual([10000, 20000, 30000, 40000, 50000, 60000, 70000, 80000, 90000, 100000]);
    expect(axisValues(zhong.map.map!.y)).toEqual([10, 20, 30, 40, 50]);
    expect(zhong.map.trials).toBe(10);
  });
});

describe('map runner', () => {
  it('fills cells in order with progress, and says why a cell has no numbers', async () => {
    const base = { ...DEFAULTS, act: 'sqrelu' as const, k: 3, lr: 0.05 };
    // k = 3 > d = 2 cannot run; n = 100 < 10·d·k is too few samples for the tensor method.
    const { grid } = parseGrid('n=100:1600:*4,d=2:6:4');
    const seen: number[] = [];
    const progress: MapProgress[] = [];
    const cells = await runMap(base, { grid, trials: 2, init: 'tensor', iters: 40 }, {
      onCell: (_, i) => seen.push(i),
      onProgress: (p) => progress.push(p),
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(cells.slice(0, 3).every((c) => /k = 3 > d = 2/.test(c.reason!))).toBe(true);
    expect(cells[3].reason).toMatch(/n = 100 is too small: the tensor method needs at least 180 samples/);
    expect(cells[3].successRate).toBeNull();
    expect(cells[5].reason).toBeNull();
    expect(cells[5].meanInitError).toBeLessThan(cells[4].meanInitError!);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-12)).toBe(true);
    expect(progress[progress.length - 1]).toMatchObject({ cellsDone: 6, cells: 6, fraction: 1 });
    expect(progress.some((p) => p.etaSeconds !== null)).toBe(true);
  });

  it('random initialization: trial t starts where the live run\'s random arm (random W, true v) with seed s + t does', async () => {
    const { grid } = parseGrid('n=1000,d=4');
    const [cell] = await runMap({ ...DEFAULTS, k: 2 }, { grid, trials: 2, init: 'random', iters: 0 });
    for (const [t, trial] of cell.trials.entries()) {
      const { experiment } = await prepareRun({ ...DEFAULTS, k: 2, n: 1000, d: 4, seed: DEFAULTS.seed + t });
      expect(trial.result!.initErrorFro).toBe(experiment.arms.find((a) => a.name === 'random')!.initError);
      experiment.dispose();
      expect(trial.result!.iterations).toBe(0);
    }
  });
});

describe('CSV', () => {
  it('has one row per cell with the numbers shown, reasons quoted', () => {
    const trial = (initError: number, outcome: 'recovered' | 'budget', iterations: number): MapTrial => ({
      seed: 1, reason: null,
      result: { initError, initErrorFro: initError / 2, initSignsRight: true, finalError: 0.005, signsRight: true, iterations, outcome },
    });
    const a = summarizeCell(1000, 5, [trial(0.2, 'recovered', 40), trial(0.4, 'budget', 100)], 1.5);
    const b = summarizeCell(2000, 5, [{ seed: 1, reason: 'n = 2000 is too small, really', result: null }], 0);
    const { grid } = parseGrid('n=1000:2000:1000,d=5');
    const csv = mapCsv(grid, [a, b]).trim().split('\n');
    expect(csv[0]).toBe('n,d,trials,trials_with_init,success_rate,mean_init_error,mean_init_error_fro,mean_final_error,mean_iterations_to_success,init_signs_right,note');
    expect(csv[1]).toBe('1000,5,2,2,0.5,0.3,0.15,0.005,40,1,');
    expect(csv[2]).toBe('2000,5,1,0,,,,,,,"n = 2000 is too small, really"');
  });

  it('formats the time left', () => {
    expect([formatDuration(0.4), formatDuration(59), formatDuration(200), formatDuration(3725)]).toEqual(['0 s', '59 s', '3 min 20 s', '1 h 02 min']);
  });
});

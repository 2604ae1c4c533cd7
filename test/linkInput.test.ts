// Hostile and unlucky input in a link, a flag or a field: the map grid whose step never moves the value (it
// froze the tab), numbers that were changed without a word (d=2.5, d=0x10), values too long to echo, keys
// every object has. Each parse answers at once with a valid value and a problem naming what it did.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ArgumentError, parseArgs } from '../src/cli/args';
import { parseMapArgs } from '../src/cli/map';
import { CLIP_LENGTH } from '../src/core/clip';
import { axisValues, DEFAULT_GRID, formatGrid, MAX_AXIS_VALUES, parseGrid } from '../src/core/recoveryMap';
import { DEFAULTS, parseSettings, SETTING_KEYS, settingsFromSearch } from '../src/core/settings';
import { MAP_DEFAULTS, mapSettingsFromHash, parseMapSettings } from '../src/state/mapSettings';

/**
 * Runs `f`, failing if it takes longer than `ms` twice in a row: a slow input is slow every time, while a
 * loaded 2-core machine can pause any one call.
 */
function quickly<T>(f: () => T, ms = 50): T {
  const timed = () => {
    const started = performance.now();
    return { result: f(), ms: performance.now() - started };
  };
  const first = timed();
  if (first.ms < ms) return first.result;
  expect(timed().ms).toBeLessThan(ms);
  return first.result;
}

const HUGE = 'x'.repeat(100_000);

describe('map grid: a step must move the value within the cell cap', () => {
  it.each([
    ['n:1000:16000:1e-300,d:5:20:5', /n: step 1e-300 would make about 1\.5·10\^304 values; at most 25 per axis: use a step of 625 or more\./],
    ['n:1000:16000:*1.0000000000000002,d:5:20:5', /n: factor \*1\.0000000000000002 would make about 1\.2·10\^16 values; at most 25 per axis: use a factor of \*1\.13 or more\./],
    ['n:1000:16000:1e-9,d:5:20:5', /n: step 1e-9 would make about 1\.5·10\^13 values; .* use a step of 625 or more/],
    ['n:1000:16000:*2,d:2:200:1e-12', /d: step 1e-12 would make about 2\.0·10\^14 values; .* use a step of 9 or more/],
    ['n:1000:16000:*2,kappa:1:100:1e-300', /kappa: step 1e-300 would make .* use a step of 4\.13 or more/],
    ['n:1000:16000:0,d:5:20:5', /n: step 0 must be positive; at most 25 per axis: use a step of 625 or more/],
    ['n:1000:16000:*1,d:5:20:5', /n: factor \*1 must be a factor above 1; .* \*1\.13 or more/],
    ['n:1000:16000:1e999,d:5:20:5', /n: step 1e999 is not a finite number/],
  ])('refuses %s with the reason and the step that fits, keeping the default grid', (text, reason) => {
    const { grid, problems } = quickly(() => parseGrid(text));
    expect(grid).toEqual(DEFAULT_GRID);
    expect(problems.join(' ')).toMatch(reason);
    expect(problems[problems.length - 1]).toBe(`Using the map ${formatGrid(DEFAULT_GRID)}.`);
  });

  it('the suggested steps fit: 25 values at most, the range\'s end included', () => {
    expect(axisValues(parseGrid('n:1000:16000:625,d:5:20:5').grid.x)).toEqual(Array.from({ length: 25 }, (_, i) => 1000 + 625 * i));
    // Below 15000/25 = 600 the 26th value would be inside the range.
    expect(axisValues(parseGrid('n:1000:16000:601,d:5:20:5').grid.x)).toHaveLength(MAX_AXIS_VALUES);
    expect(parseGrid('n:1000:16000:600,d:5:20:5').problems[0]).toMatch(/n: step 600 would make 26 values/);
    expect(axisValues(parseGrid('n:1000:16000:*1.13,d:5:20:5').grid.x).length).toBeLessThanOrEqual(MAX_AXIS_VALUES);
    expect(axisValues(parseGrid('n:1000:16000:*2,d:2:200:9').grid.y).length).toBeLessThanOrEqual(MAX_AXIS_VALUES);
  });

  it('makes at most 25 values from any range, even one built by hand with a step that never moves', () => {
    for (const step of [1e-300, 0, -1, Number.NaN, 1 + 2 ** -52]) {
      const values = quickly(() => axisValues({ key: 'n', from: 1000, to: 16000, step, geometric: step > 1 }));
      expect(values.length).toBeGreaterThan(0);
      expect(values.length).toBeLessThanOrEqual(MAX_AXIS_VALUES);
    }
  });

  it('refuses over-long grid text unread, and keeps the previous grid when given one', () => {
    const previous = parseGrid('n:2000:8000:*2,k:1:4:1').grid;
    const { grid, problems } = quickly(() => parseGrid(`n:1000:16000:*2,d:5:20:5${' '.repeat(100_000)}`, previous), 250);
    expect(grid).toBe(previous);
    expect(problems.join(' ')).toMatch(/at most 200 characters; this one has 100024/);
  });

  it('a link with the blocker map opens on the default map with a notice that says why', () => {
    const { settings, problems } = quickly(() => mapSettingsFromHash('#view=map&map=n:1000:16000:1e-300,d:5:20:5'));
    expect(settings).toEqual({ ...MAP_DEFAULTS, view: 'map' });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^map=n:1000:16000:1e-300,d:5:20:5: n: step 1e-300 would make/);
  });

  it('an edit that is refused keeps the grid shown (the map view\'s fields)', () => {
    const shown = { ...MAP_DEFAULTS, map: parseGrid('n:2000:8000:*2,k:1:4:1').grid, trials: 7 };
    const { settings, problems } = parseMapSettings([['map', 'n:2000:8000:1e-300,k:1:4:1'], ['trials', '0x10']], shown);
    expect(settings.map).toEqual(shown.map);
    expect(settings.trials).toBe(7);
    expect(problems.map((p) => p.key)).toEqual(['map', 'trials']);
    expect(problems[1].message).toMatch(/trials=0x10 is not a plain decimal number; using 7/);
  });
});

describe('numbers in a link: every change is named', () => {
  it('rounds a non-integer for an integer setting, with a notice', () => {
    const { settings, problems } = settingsFromSearch('?d=12.5');
    expect(settings.d).toBe(13);
    expect(problems).toEqual([expect.objectContaining({ kind: 'value', key: 'd', given: '12.5', used: '13' })]);
    expect(problems[0].message).toMatch(/d=12\.5 is not an integer; using 13/);
    expect(settingsFromSearch('?d=2.5').problems[0].message).toMatch(/d=2\.5 is not an integer; using 3/);
  });

  it.each(['0x10', '0b11', '0o7', 'Infinity', '-Infinity', 'NaN', ' 10', '10 ', '1_000', '١٠'])('refuses %j (not a plain decimal) with a notice', (raw) => {
    const { settings, problems } = settingsFromSearch(`?d=${encodeURIComponent(raw)}`);
    expect(settings.d).toBe(DEFAULTS.d);
    expect(problems[0]).toMatchObject({ key: 'd', used: String(DEFAULTS.d) });
    expect(problems[0].message).toMatch(/is not a plain decimal number; using 10/);
  });

  it('reads plain decimals in any spelling of an exact value without a notice', () => {
    expect(settingsFromSearch('?d=1e1&k=5.0&noise=-0&lr=.5')).toEqual({ settings: { ...DEFAULTS, d: 10, k: 5, noise: 0, lr: 0.5 }, problems: [] });
    expect(Object.is(settingsFromSearch('?noise=-0').settings.noise, 0)).toBe(true);
  });

  it('cuts a 100 kB value in every message and in `given`, and answers at once', () => {
    for (const key of ['d', 'act', 'v']) {
      const { problems } = quickly(() => settingsFromSearch(`?${key}=${HUGE}`), 250);
      expect(problems).toHaveLength(1);
      expect(problems[0].message.length).toBeLessThan(400);
      expect(problems[0].message).toMatch(/… \(99940 more characters\)/);
      expect(problems[0].given.length).toBeLessThan(CLIP_LENGTH + 40);
    }
    const map = quickly(() => mapSettingsFromHash(`#trials=${HUGE}&map=${HUGE}`), 250);
    expect(map.problems.map((p) => p.message.length).every((n) => n < 400)).toBe(true);
  });

  it('keeps the problems per key few however often a key repeats; the last value counts, and a notice says so', () => {
    const pairs: [string, string][] = Array.from({ length: 20_000 }, (_, i) => ['d', i % 2 ? '0x10' : 'abc']);
    const { settings, problems } = quickly(() => parseSettings([...pairs, ['d', '12']]), 250);
    expect(settings.d).toBe(12);
    expect(problems.map((p) => p.message)).toEqual(['d is given 20001 times with different values; the last one counts: d=12.']);
    // The last value unreadable as well: the repeat and the value each get their notice.
    expect(quickly(() => parseSettings(pairs), 250).problems.map((p) => p.key)).toEqual(['d', 'd']);
  });

  it('the CLI takes a repeated flag\'s last value, as flags do, without an error', () => {
    expect(parseArgs(['--seed', '4', '--seed', '5']).settings.seed).toBe(5);
    expect(() => parseArgs(['--seed', '4', '--seed', 'x'])).toThrow(/--seed x is not allowed/);
  });

  it('the map fragment says which value of a repeated key counts', () => {
    const { settings, problems } = mapSettingsFromHash('#view=map&trials=2&trials=3&view=map');
    expect(settings.trials).toBe(3);
    expect(problems.map((p) => p.message)).toEqual(['trials is given 2 times with different values; the last one counts: trials=3.']);
  });

  it('says when a value too small for a double reads as 0, and only then', () => {
    for (const [search, key] of [['?seed=1e-400', 'seed'], ['?noise=-2.5e-999', 'noise']] as const) {
      const { settings, problems } = settingsFromSearch(search);
      expect(settings[key]).toBe(0);
      expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('is too small for a double and reads as 0')]);
    }
    for (const search of ['?seed=0e5', '?seed=0.000', '?noise=-0', '?noise=0e-999']) expect(settingsFromSearch(search).problems).toEqual([]);
    expect(() => parseArgs(['--seed', '1e-400'])).toThrow(/--seed 1e-400 is not allowed/);
    // Where 0 means something (a map's or the CLI's iters = 0: the initialization only), 1e-400 must not mean it silently.
    const map = mapSettingsFromHash('#view=map&iters=1e-400');
    expect(map.settings.iters).toBe(0);
    expect(map.problems.map((p) => p.message)).toEqual([expect.stringContaining('iters=1e-400 is too small for a double and reads as 0')]);
    expect(mapSettingsFromHash('#view=map&iters=0e9').problems).toEqual([]);
    expect(() => parseArgs(['--iters', '1e-400'])).toThrow(/--iters 1e-400 is not allowed/);
    expect(parseArgs(['--iters', '0']).settings.iters).toBe(0);
  });

  it('says nothing when a key repeats with the same value', () => {
    expect(settingsFromSearch('?seed=4&seed=4&d=12').problems).toEqual([]);
    const { settings, problems } = settingsFromSearch('?seed=4&d=12&seed=5');
    expect(settings.seed).toBe(5);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: 'seed', given: '5', used: '5' });
  });

  it('ignores keys every object has (toString, constructor, __proto__)', () => {
    const { settings, problems } = settingsFromSearch('?toString=1&constructor=2&__proto__=3&hasOwnProperty=4');
    expect(Object.keys(settings).sort()).toEqual([...SETTING_KEYS].sort());
    expect(settings).toEqual(DEFAULTS);
    expect(problems).toEqual([]);
    expect(mapSettingsFromHash('#toString=1&constructor=2').settings).toEqual(MAP_DEFAULTS);
    expect(() => parseArgs(['--constructor', '1'])).toThrow(/unknown argument --constructor/);
  });
});

describe('the CLI is strict', () => {
  const mapArgs = (argv: string[]) => {
    const options = parseArgs(argv);
    return parseMapArgs(options.map!, options.settings);
  };

  it.each([
    [['--d', '2.5'], /--d 2\.5 is not allowed: it must be an integer from 2 to 200/],
    [['--d', '0x10'], /--d 0x10 is not allowed/],
    [['--seed', ''], /--seed  is not allowed/],
    [['--map', 'n=1000:16000:1e-300,d=5:20:5'], /--map n=1000:16000:1e-300,d=5:20:5 is not allowed: n: step 1e-300 would make about 1\.5·10\^304 values; at most 25 per axis: use a step of 625 or more\.$/],
    [['--map', 'n=1000:16000:*2,d=5:20:5', '--batch', '0x10'], /--batch 0x10 is not allowed/],
    [['--map', 'n=1000:16000:*2,d=5:20:5', '--trials', '2.5'], /--trials 2\.5 is not allowed/],
  ])('refuses %j', (argv, message) => {
    expect(() => quickly(() => mapArgs(argv))).toThrow(ArgumentError);
    expect(() => mapArgs(argv)).toThrow(message);
  });

  it('cuts a long argument in its message', () => {
    expect(() => parseArgs([`--${HUGE}`, '1'])).toThrow(/unknown argument --x{60}… \(99940 more characters\)/);
    expect(() => parseArgs(['--d', HUGE])).toThrow(/^--d x{60}… \(99940 more characters\) is not allowed/);
  });

  it('exits with status 2 and the reason for a map whose step never moves', () => {
    // A bound on the run: the old generator looped for good here.
    const res = spawnSync('npx', ['tsx', 'src/cli/recover.ts', '--map', 'n=1000:16000:1e-300,d=5:20:5'], { encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^recover: --map n=1000:16000:1e-300,d=5:20:5 is not allowed: n: step 1e-300 would make .* use a step of 625 or more\.\n$/);
    expect(res.stdout).toBe('');
  }, 90_000);
});

// The recovery map's settings: one typed table, like settings.ts, read and written as readable per-field
// keys. In the app they live in the URL's fragment
//   #view=map&map=n:1000:16000:*2,d:5:20:5&trials=5&init=tensor&iters=500&show=success
// because the experiment's settings own the query string (urlSync rewrites it from the settings table and
// keeps only the fragment); the CLI reads the same keys as --map, --trials, --init, --iters. The experiment
// the map runs (activation, k, κ, η, seed…) is the live run's settings.
import { DEFAULT_GRID, formatGrid, MAP_INITS, parseGrid, type Grid, type MapInit, type MapSpec } from '../core/recoveryMap';
import { clip } from '../core/clip';
import { lastValues } from '../core/lastValues';
import { READS_AS_ZERO, readDecimal, refusedWhy, underflowsToZero } from '../core/decimal';
import type { Settings } from '../core/settings';
import { LESSON_IDS, MAX_STEPS } from '../core/lessons';
import { clampLessonStep } from './lessonFragment';

export const MAP_VIEWS = ['live', 'map', 'lesson'] as const;
export const MAP_SHOWS = ['success', 'error'] as const;

interface EnumField<T extends string> {
  kind: 'enum';
  options: readonly T[];
  default: T;
  label: string;
}
interface IntField {
  kind: 'int';
  min: number;
  max: number;
  default: number;
  label: string;
}
interface GridField {
  kind: 'grid';
  default: Grid;
  label: string;
}

export const MAP_FIELDS = {
  view: { kind: 'enum', options: MAP_VIEWS, default: 'live', label: 'view' } as EnumField<(typeof MAP_VIEWS)[number]>,
  map: { kind: 'grid', default: DEFAULT_GRID, label: 'map axes and ranges' } as GridField,
  trials: { kind: 'int', min: 1, max: 100, default: 5, label: 'trials per cell' } as IntField,
  init: { kind: 'enum', options: MAP_INITS, default: 'tensor', label: 'initialization' } as EnumField<MapInit>,
  iters: { kind: 'int', min: 0, max: 100_000, default: 500, label: 'gradient steps per trial (0: initialization only)' } as IntField,
  show: { kind: 'enum', options: MAP_SHOWS, default: 'success', label: 'cells show' } as EnumField<(typeof MAP_SHOWS)[number]>,
  lesson: { kind: 'enum', options: LESSON_IDS, default: LESSON_IDS[0], label: 'lesson' } as EnumField<(typeof LESSON_IDS)[number]>,
  step: { kind: 'int', min: 1, max: MAX_STEPS, default: 1, label: 'lesson step' } as IntField,
};

/** The lesson's keys travel only with the lesson view (and always with it: a posted link names its step). */
const LESSON_KEYS: readonly MapKey[] = ['lesson', 'step'];

export type MapKey = keyof typeof MAP_FIELDS;
type ValueOf<F> = F extends EnumField<infer T> ? T : F extends GridField ? Grid : number;
export type MapSettings = { -readonly [K in MapKey]: ValueOf<(typeof MAP_FIELDS)[K]> };
export const MAP_KEYS = Object.keys(MAP_FIELDS) as MapKey[];

export const MAP_DEFAULTS: MapSettings = Object.fromEntries(MAP_KEYS.map((key) => [key, MAP_FIELDS[key].default])) as MapSettings;

export interface MapProblem {
  key: MapKey;
  /** What was given, cut by clip() when long. */
  given: string;
  message: string;
}

/** The allowed values of a map setting, in words. */
export function describeMapRange(key: MapKey): string {
  const f = MAP_FIELDS[key];
  if (f.kind === 'enum') return `one of ${f.options.join(', ')}`;
  if (f.kind === 'int') return `an integer from ${f.min} to ${f.max}`;
  return 'two axes key:from:to:step (or :*factor) among n, d, k, kappa, e.g. n:1000:16000:*2,d:5:20:5';
}

/**
 * One value read through the table, as settings.ts does: unknown options and texts that are not plain decimals
 * keep `base`'s value, non-integers are rounded and out-of-range values clamped, each with a problem that
 * quotes the input cut by clip(). A grid that cannot be read keeps `base`'s grid (parseGrid's fallback).
 */
function parseField(key: MapKey, raw: string, base: MapSettings, problems: MapProblem[]): MapSettings[MapKey] {
  const f = MAP_FIELDS[key];
  const given = clip(raw);
  const problem = (why: string, used: string) =>
    problems.push({ key, given, message: `${key}=${given} ${why}; using ${used} (${f.label} must be ${describeMapRange(key)}).` });
  if (f.kind === 'grid') {
    const { grid, problems: gridProblems } = parseGrid(raw, base.map);
    if (gridProblems.length) problems.push({ key, given, message: `map=${given}: ${gridProblems.join(' ')}` });
    return grid;
  }
  if (f.kind === 'enum') {
    if ((f.options as readonly string[]).includes(raw)) return raw as MapSettings[MapKey];
    problem('is not a known value', String(base[key]));
    return base[key];
  }
  const value = readDecimal(raw);
  if (value === null) {
    problem(refusedWhy(raw), String(base[key]));
    return base[key];
  }
  const rounded = Math.round(value) + 0;
  const clamped = Math.min(f.max, Math.max(f.min, rounded));
  if (clamped !== value) problem(clamped === rounded ? 'is not an integer' : 'is out of range', String(clamped));
  else if (underflowsToZero(raw, value)) problem(READS_AS_ZERO, String(clamped));
  return clamped;
}

/**
 * Map settings from key/value pairs, starting from `base` (the defaults for a link; the settings shown, for an
 * edit): unknown keys ignored, bad values clamped or kept from `base`, each with a problem. A key given more
 * than once takes its last value, and only that value is read.
 */
export function parseMapSettings(pairs: Iterable<[string, string]>, base: MapSettings = MAP_DEFAULTS): { settings: MapSettings; problems: MapProblem[] } {
  const { last, repeats } = lastValues<MapKey>(pairs, MAP_FIELDS);
  const settings: MapSettings = { ...base };
  const problems: MapProblem[] = repeats.map(({ key, given, message }) => ({ key, given, message }));
  const record = settings as Record<MapKey, unknown>;
  for (const [key, raw] of last) record[key] = parseField(key, raw, base, problems);
  problems.push(...clampLessonStep(settings));
  return { settings, problems };
}

/** `view=map&map=n:1000:16000:*2,d:5:20:5&…`: defaults left out; ':' ',' '*' kept readable. */
export function encodeMapSettings(m: MapSettings): string {
  const parts: string[] = [];
  for (const key of MAP_KEYS) {
    const value = key === 'map' ? formatGrid(m.map) : String(m[key]);
    const def = key === 'map' ? formatGrid(MAP_DEFAULTS.map) : String(MAP_DEFAULTS[key]);
    const lessonKey = LESSON_KEYS.includes(key);
    if (lessonKey ? m.view === 'lesson' : value !== def) parts.push(`${key}=${encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`);
  }
  return parts.join('&');
}

/** Map settings from a URL fragment (`#view=map&…`). */
export function mapSettingsFromHash(hash: string): { settings: MapSettings; problems: MapProblem[] } {
  return parseMapSettings(new URLSearchParams(hash.replace(/^#/, '')).entries());
}

export function mapSpec(m: MapSettings): MapSpec {
  return { grid: m.map, trials: m.trials, init: m.init, iters: m.iters };
}

export interface MapPreset {
  id: string;
  title: string;
  paper: string;
  /** The experiment each trial runs (the rest of the live settings are left as they are). */
  settings: Partial<Settings>;
  map: Partial<MapSettings>;
  expect: string;
}

/** SPEC §5's map, with the paper's grid. */
export const MAP_PRESETS: MapPreset[] = [
  {
    id: 'zhong-init-error-map',
    title: 'Zhong et al.: initialization error map',
    paper: 'Zhong, Song, Jain, Bartlett, Dhillon (ICML 2017), Figure 1',
    settings: { task: 'regression', model: 'fcn', act: 'sqrelu', k: 5, kappa: 2, vstar: 'pm1', noise: 0, split: '0', lr: 0.02 },
    map: {
      view: 'map', map: parseGrid('n:10000:100000:10000,d:10:50:10').grid, trials: 10, init: 'tensor', iters: 0, show: 'error',
    },
    expect: 'The tensor initialization error falls as n grows (d=10: 0.19 → 0.05 from 10k to 100k) and rises with d; measured here, its growth with d is weaker than the paper\'s n ∝ d.',
  },
];

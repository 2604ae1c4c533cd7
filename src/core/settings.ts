// One typed table of every setting: its key (the same in the URL and on the CLI), type, range and default.
// Parsing, clamping, writing the query string and the CLI's argument errors are all driven from it.
import { ACTIVATIONS } from './activations';
import { clip } from './clip';
import { lastValues } from './lastValues';
import { READS_AS_ZERO, readDecimal, refusedWhy, underflowsToZero } from './decimal';

export const URL_VERSION = 1;

interface NumberField {
  kind: 'int' | 'float';
  min: number;
  max: number;
  default: number;
  /** Sliders move on a log scale. */
  log?: boolean;
  label: string;
}
interface EnumField<T extends string> {
  kind: 'enum';
  options: readonly T[];
  default: T;
  label: string;
}

const int = (label: string, min: number, max: number, def: number, log = false): NumberField => ({
  kind: 'int', label, min, max, default: def, log,
});
const float = (label: string, min: number, max: number, def: number, log = false): NumberField => ({
  kind: 'float', label, min, max, default: def, log,
});
const oneOf = <T extends string>(label: string, options: readonly T[], def: T): EnumField<T> => ({
  kind: 'enum', label, options, default: def,
});

export const GD_MODES = ['full', 'resample', 'sgd'] as const;
export type GdMode = (typeof GD_MODES)[number];

export const BACKENDS = ['auto', 'webgl', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendSetting = (typeof BACKENDS)[number];

export const SETTINGS = {
  task: oneOf('problem', ['regression', 'classification'] as const, 'regression'),
  model: oneOf('model', ['fcn', 'cnn'] as const, 'fcn'),
  loss: oneOf('loss', ['squared', 'cross-entropy'] as const, 'squared'),
  compare: oneOf('compare with squared loss', ['0', '1'] as const, '0'),
  act: oneOf('activation', ACTIVATIONS, 'relu'),
  slope: float('leaky slope a', 0, 1, 0.1),
  d: int('input dimension d', 2, 200, 10),
  k: int('hidden units k', 1, 20, 5),
  n: int('samples n', 50, 1_000_000, 10_000, true),
  lr: float('learning rate η', 1e-4, 100, 0.1, true),
  iters: int('iterations', 1, 1_000_000, 2000, true),
  kappa: float('condition number κ', 1, 100, 2, true),
  noise: float('label noise ν', 0, 10, 0),
  vstar: oneOf('output weights v*', ['pm1', 'ones'] as const, 'pm1'),
  rscale: float('random init scale', 0.01, 100, 1, true),
  split: oneOf('sample splitting', ['0', '1'] as const, '0'),
  seed: int('seed', 0, 2_147_483_647, 1),
  backend: oneOf('backend', BACKENDS, 'auto'),
  /** Where the engine runs in the browser: a Web Worker, or the page's main thread (the CLI ignores it). */
  thread: oneOf('engine thread', ['worker', 'main'] as const, 'worker'),
  /** Seeds s … s+R−1 trained together: the plots show the median and a 10–90% band per arm. The CLI's map mode
   * reads --trials as its trials per cell instead (cli/args.ts). */
  trials: int('seeds per run (band)', 1, 50, 1),
  /** How each gradient step sees the data: the fixed samples, a fresh sample set, or a minibatch of the fixed set. */
  gd: oneOf('gradient descent sees', GD_MODES, 'full'),
  batch: int('SGD minibatch size', 1, 1_000_000, 256, true),
} as const;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<F> = F extends EnumField<infer T> ? T : number;
export type Settings = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
/** The settings whose values are numbers (sliders, the seed box). */
export type NumberKey = { [K in SettingKey]: Settings[K] extends number ? K : never }[SettingKey];

export const DEFAULTS: Settings = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, SETTINGS[key].default]),
) as Settings;

/** What parsing changed, for the notice in the app and the error on the CLI. */
export interface Problem {
  /** 'value': out of range or unreadable; 'combination': does not fit the other settings; 'repeat': given more
   *  than once with different values (the last counts). */
  kind: 'value' | 'combination' | 'repeat';
  key: string;
  /** What was given, cut by clip() when long. */
  given: string;
  used: string;
  message: string;
}

/** The allowed values of a setting, in words. */
export function describeRange(key: SettingKey): string {
  const field = SETTINGS[key];
  if (field.kind === 'enum') return `one of ${field.options.join(', ')}`;
  return `${field.kind === 'int' ? 'an integer' : 'a number'} from ${field.min} to ${field.max}`;
}

/**
 * One raw value (a URL or CLI string) into a valid value, with a problem whenever the value used is not exactly
 * the one given: an unknown option or a text that is not a plain decimal (hex, `Infinity`, spaces, too long:
 * see decimal.ts) gets the default; a non-integer for an integer setting is rounded; out of range is clamped.
 */
function parseField(key: SettingKey, raw: string): { value: string | number; problem?: Problem } {
  const field = SETTINGS[key];
  const given = clip(raw);
  const problem = (used: string | number, why: string): Problem => ({
    kind: 'value',
    key,
    given,
    used: String(used),
    message: `${key}=${given} ${why}; using ${used} (${field.label} must be ${describeRange(key)}).`,
  });
  if (field.kind === 'enum') {
    if ((field.options as readonly string[]).includes(raw)) return { value: raw };
    return { value: field.default, problem: problem(field.default, 'is not a known value') };
  }
  const read = readDecimal(raw);
  if (read === null) {
    return { value: field.default, problem: problem(field.default, refusedWhy(raw)) };
  }
  const rounded = field.kind === 'int' ? Math.round(read) + 0 : read;
  const value = Math.min(field.max, Math.max(field.min, rounded));
  if (value !== rounded) return { value, problem: problem(value, 'is out of range') };
  if (value !== read) return { value, problem: problem(value, 'is not an integer') };
  // `1e-400` is not 0, but no double holds it: it reads as 0, which must not pass as what was given.
  if (underflowsToZero(raw, read)) return { value, problem: problem(value, READS_AS_ZERO) };
  return { value };
}

/**
 * A number typed into a field (the seed box): the value only when the text is exactly an allowed one, else null
 * and what is wrong. Unlike a link's value nothing is rounded or clamped: the person is still typing, so the
 * setting keeps its value and the field says why until the text is valid.
 */
export function readTypedNumber(key: NumberKey, text: string): { value: number | null; message: string | null } {
  const field = SETTINGS[key];
  const trimmed = text.trim();
  const rule = `${field.label} must be ${describeRange(key)}`;
  if (trimmed === '') return { value: null, message: `${rule}.` };
  const read = readDecimal(trimmed);
  if (read === null) return { value: null, message: `"${clip(trimmed, 24)}" is not a number: ${rule}.` };
  if (underflowsToZero(trimmed, read)) return { value: null, message: `${clip(trimmed, 24)} ${READS_AS_ZERO}: ${rule}.` };
  if (field.kind === 'int' && !Number.isInteger(read)) return { value: null, message: `${clip(trimmed, 24)} is not an integer: ${rule}.` };
  if (read < field.min || read > field.max) return { value: null, message: `${clip(trimmed, 24)} is out of range: ${rule}.` };
  return { value: read, message: null };
}

/**
 * Why a setting cannot take another value than the one `reconcile` forces, given the others; null when it is
 * free. The UI disables those controls and shows the reason.
 */
export function disabledReason(s: Settings, key: SettingKey): string | null {
  const classification = s.task === 'classification';
  switch (key) {
    case 'act':
      return classification ? 'Classification needs P(y=1|x) in [0, 1]: the sigmoid teacher of Fu et al.' : null;
    case 'loss':
      return classification ? null : 'Cross-entropy needs 0/1 labels: choose the classification problem.';
    case 'compare':
      return classification ? null : 'The loss comparison is for classification data.';
    case 'model':
      return classification ? null : 'The non-overlapping CNN is studied for classification (Fu et al.).';
    case 'vstar':
      return classification ? 'Output weights are all 1/k in the classification model.' : null;
    case 'noise':
      return classification ? 'Classification labels are already random (Bernoulli).' : null;
    case 'kappa':
      return s.model === 'cnn' ? 'One shared filter has no condition number.' : null;
    case 'split':
      return s.model === 'cnn' ? 'The CNN initialization uses one moment and no splitting.' : null;
    case 'batch':
      return s.gd === 'sgd' ? null : 'The minibatch size is for stochastic gradient descent (gd=sgd).';
    default:
      return null;
  }
}

/**
 * Combinations that make no sense, fixed in place. Returns one problem per fix; the UI disables the
 * same combinations with `disabledReason`.
 */
export function reconcile(s: Settings): Problem[] {
  const problems: Problem[] = [];
  const fix = <K extends SettingKey>(key: K, used: Settings[K], message: string) => {
    if (s[key] === used) return;
    problems.push({ kind: 'combination', key, given: String(s[key]), used: String(used), message });
    s[key] = used;
  };
  const forced = (key: SettingKey, used: string | number) =>
    fix(key, used as Settings[typeof key], `${key}=${s[key]} does not fit: ${disabledReason(s, key)} Using ${key}=${used}.`);
  if (s.task === 'classification') {
    forced('act', 'sigmoid');
    forced('noise', 0);
  } else {
    forced('loss', 'squared');
    forced('compare', '0');
    forced('model', 'fcn');
  }
  if (s.k > s.d) fix('k', s.d, `k=${s.k} is larger than d=${s.d}: the teacher's k directions must be independent in R^d; using k=${s.d}.`);
  if (s.model === 'cnn') {
    forced('kappa', 1);
    forced('split', '0');
    const d = Math.max(s.k, s.d - (s.d % s.k));
    fix('d', d, `d=${s.d} is not a multiple of k=${s.k}: the CNN splits x into k patches of d/k; using d=${d}.`);
  }
  if (s.gd === 'sgd' && s.batch > s.n) fix('batch', s.n, `batch=${s.batch} is larger than n=${s.n}: a minibatch is drawn from the n samples; using batch=${s.n}.`);
  return problems;
}

/**
 * Settings from query-string-like pairs: unknown keys are ignored, bad values clamped or defaulted. A key given
 * more than once takes its last value (as a CLI flag does), and only that value is read: the work and the list
 * of problems stay a few per setting, however long the input.
 */
export function parseSettings(pairs: Iterable<[string, string]>): { settings: Settings; problems: Problem[] } {
  const { last, repeats } = lastValues<SettingKey>(pairs, SETTINGS);
  const settings: Settings = { ...DEFAULTS };
  const record = settings as Record<SettingKey, string | number>;
  const problems: Problem[] = repeats.map(({ key, given, message }) => ({ kind: 'repeat', key, given, used: given, message }));
  for (const [key, raw] of last) {
    const { value, problem } = parseField(key, raw);
    record[key] = value;
    if (problem) problems.push(problem);
  }
  problems.push(...reconcile(settings));
  return { settings, problems };
}

/** The query string of a setting set, version first, defaults left out unless listed in `always`. */
export function encodeSettings(s: Settings, always: readonly SettingKey[] = []): string {
  const params = new URLSearchParams({ v: String(URL_VERSION) });
  for (const key of SETTING_KEYS) {
    if (s[key] !== DEFAULTS[key] || always.includes(key)) params.set(key, String(s[key]));
  }
  return params.toString();
}

/** Settings from a URL's search part (`?v=1&act=relu…`), with the notices to show. */
export function settingsFromSearch(search: string): { settings: Settings; problems: Problem[] } {
  const params = new URLSearchParams(search);
  const result = parseSettings(params.entries());
  const version = params.get('v');
  if (version !== null && version !== String(URL_VERSION)) {
    result.problems.unshift({
      kind: 'value',
      key: 'v', given: clip(version), used: String(URL_VERSION),
      message: `This link was made by URL version ${clip(version)}; this app reads version ${URL_VERSION}, so some settings may differ.`,
    });
  }
  return result;
}

/**
 * The learning rate each problem starts from. Classification's gradients carry the output weights 1/k and the
 * sigmoid's small slopes, so they need large steps: at the default classification settings cross-entropy moved the
 * error by 1% in 300 steps at η = 0.1 and by 8% at η = 10 (scripts/divergenceRuns.ts); the Fu presets use 10–20.
 */
export const PROBLEM_LR: Readonly<Record<Settings['task'], number>> = { regression: SETTINGS.lr.default, classification: 10 };

/** Settings that change the experiment itself (teacher, data); the learning rate and iterations apply live. */
export const REBUILD_KEYS: readonly SettingKey[] = [
  'task', 'model', 'loss', 'compare', 'act', 'slope', 'd', 'k', 'n', 'kappa', 'noise', 'vstar', 'rscale', 'split', 'seed', 'backend',
  'trials', 'gd', 'batch',
];

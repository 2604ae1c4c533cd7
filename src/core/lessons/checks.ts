// A step's check: a pure function of the figures the engine measured for the student's run (and, for a check that
// compares two settings, of the student's own earlier measurement). Checks are data (a kind and its numbers);
// `evaluate` reads them. A check never passes on a number it did not read off the student's run.
import { ARM_LABELS, type ArmName } from '../arms';
import { noiseFloor } from '../noiseFloor';
import { predictedRate } from '../convexity';
import { REBUILD_KEYS, SETTINGS, type SettingKey, type Settings } from '../settings';
import { findArm, read, type LessonFigures, type Measure, type MeasureKind } from './figures';

/** A setting the student must have set before the check means anything. */
export interface Requirement {
  key: SettingKey;
  min?: number;
  equals?: string | number;
}

/** How a compared setting must change from the student's first measurement. */
export interface Change {
  key: SettingKey;
  /** Numbers: the new value is this multiple of the old one (within 10%). */
  factor?: number;
  /** Enums: the new value. */
  to?: string;
}

export type Check =
  | { kind: 'below'; measure: Measure; value: number; requires?: Requirement[] }
  | { kind: 'above'; measure: Measure; value: number; requires?: Requirement[] }
  /** λ_min > 0 of the measured Hessian; empty for piecewise-linear φ (the Hessian never turns indefinite). */
  | { kind: 'positive'; measure: Measure; requires?: Requirement[] }
  /** `arm`'s measure at most `factor` times `other`'s, both measured now. */
  | { kind: 'beats'; of: MeasureKind; arm: ArmName; other: ArmName; factor: number; requires?: Requirement[] }
  /** `arm` stopped by divergence while `survives` trains on and has come down from its start. */
  | { kind: 'diverges'; arm: ArmName; survives: ArmName; requires?: Requirement[] }
  /** The measured rate of `arm` against 1 − ηλ_min(∇²f(W*)), to a relative `tolerance` of ηλ_min. */
  | { kind: 'rate-follows'; arm: ArmName; tolerance: number; requires?: Requirement[] }
  /** The measured floor against the formula's 0.8·ν·√(dk·ln n / n)/‖W*‖_F. */
  | { kind: 'floor-formula'; arm: ArmName; ratio: [number, number]; requires?: Requirement[] }
  /** The student's measurement before and after changing one setting: now ÷ before within `ratio`. */
  | { kind: 'compare'; measure: Measure; change: Change; ratio: [number, number]; requires?: Requirement[] };

/** The student's first measurement of a comparison, kept in the lesson's progress. */
export interface Baseline {
  value: number;
  /** The run's settings that the comparison holds fixed (all that rebuild it, and η). */
  settings: Partial<Record<SettingKey, string | number>>;
}

export type CheckState = 'pass' | 'fail' | 'waiting' | 'not-applicable';

export interface CheckResult {
  state: CheckState;
  message: string;
  /** What was measured, by name: shown beside the check and kept for the lesson's summary. */
  numbers: Record<string, number>;
  /** A comparison's first measurement, to be kept until the student changes the setting. */
  record?: Baseline;
}

const MEASURE_WORDS: Record<MeasureKind, string> = {
  initError: 'initial error',
  error: 'error',
  lambdaMinInit: 'λ_min(∇²f(W₀))',
  floor: 'error floor',
  rate: 'measured rate',
  errorAt: 'error',
};

export function measureLabel(m: Measure): string {
  return `${ARM_LABELS[m.arm]}: ${MEASURE_WORDS[m.of]}${m.of === 'errorAt' ? ` at iteration ${m.at}` : ''}`;
}

export const fmt = (x: number): string => (Math.abs(x) >= 1e-2 && Math.abs(x) < 1e3 ? x.toPrecision(3) : x.toExponential(2));

/** The settings a comparison holds fixed. Iterations only lengthen the run; the engine's backend and thread do not change it. */
const COMPARED_KEYS: readonly SettingKey[] = [...REBUILD_KEYS.filter((k) => k !== 'backend'), 'lr'];

function unmet(s: Settings, requires: Requirement[] | undefined): string | null {
  for (const r of requires ?? []) {
    const value = s[r.key];
    const label = SETTINGS[r.key].label;
    if (r.min !== undefined && !(Number(value) >= r.min)) return `First set ${label} to at least ${r.min} (now ${value}).`;
    if (r.equals !== undefined && value !== r.equals) return `First set ${label} to ${r.equals} (now ${value}).`;
  }
  return null;
}

const waiting = (message: string, numbers: Record<string, number> = {}): CheckResult => ({ state: 'waiting', message, numbers });
const verdict = (ok: boolean, yes: string, no: string, numbers: Record<string, number>): CheckResult =>
  ({ state: ok ? 'pass' : 'fail', message: ok ? yes : no, numbers });

/** Reads one measure into `numbers`, or returns why it cannot. */
function take(f: LessonFigures, m: Measure, numbers: Record<string, number>): number | string {
  const r = read(f, m);
  if (r.value === null) return `${measureLabel(m)}: ${r.why}.`;
  numbers[measureLabel(m)] = r.value;
  return r.value;
}

const PIECEWISE_LINEAR = new Set(['relu', 'leaky']);

export function evaluate(check: Check, f: LessonFigures, baseline: Baseline | null = null): CheckResult {
  const blocked = unmet(f.settings, check.requires);
  if (blocked) return waiting(blocked);
  const numbers: Record<string, number> = {};
  switch (check.kind) {
    case 'below':
    case 'above': {
      const v = take(f, check.measure, numbers);
      if (typeof v === 'string') return waiting(v);
      const ok = check.kind === 'below' ? v < check.value : v > check.value;
      const word = check.kind === 'below' ? 'below' : 'above';
      return verdict(ok, `${measureLabel(check.measure)} = ${fmt(v)}, ${word} ${fmt(check.value)}.`,
        `${measureLabel(check.measure)} = ${fmt(v)}: not yet ${word} ${fmt(check.value)}.`, numbers);
    }
    case 'positive': {
      if (PIECEWISE_LINEAR.has(f.settings.act)) {
        return { state: 'not-applicable', numbers, message: `For ${f.settings.act}, φ″ = 0: the Hessian is a Gram matrix and never turns indefinite, so λ_min ≥ 0 at every W and this check would say nothing. Choose squared relu, sigmoid or tanh.` };
      }
      const v = take(f, check.measure, numbers);
      if (typeof v === 'string') return waiting(v);
      return verdict(v > 0, `${measureLabel(check.measure)} = ${fmt(v)} > 0: this initialization starts where the loss is locally strongly convex.`,
        `${measureLabel(check.measure)} = ${fmt(v)} ≤ 0: this initialization starts outside the strongly convex region.`, numbers);
    }
    case 'beats': {
      const a = take(f, { of: check.of, arm: check.arm }, numbers);
      const b = take(f, { of: check.of, arm: check.other }, numbers);
      if (typeof a === 'string') return waiting(a);
      if (typeof b === 'string') return waiting(b);
      const ok = a <= check.factor * b;
      const what = `${ARM_LABELS[check.arm]} ${fmt(a)} against ${ARM_LABELS[check.other]} ${fmt(b)}`;
      return verdict(ok, `${MEASURE_WORDS[check.of]}: ${what}.`, `${MEASURE_WORDS[check.of]}: ${what}, not yet ${check.factor === 1 ? 'below it' : `${fmt(check.factor)}× of it or less`}.`, numbers);
    }
    case 'diverges': {
      const arm = findArm(f, check.arm);
      const other = findArm(f, check.survives);
      if (!arm || !other) return waiting(`this run lacks the ${check.arm} or the ${check.survives} arm.`);
      numbers[`${ARM_LABELS[check.survives]}: error`] = other.error;
      numbers['learning rate η'] = f.settings.lr;
      if (other.stopped) return verdict(false, '', `${ARM_LABELS[check.survives]} diverged too: η = ${fmt(f.settings.lr)} is too large for both. Lower it.`, numbers);
      if (!arm.stopped) return waiting(`${ARM_LABELS[check.arm]} has not diverged at η = ${fmt(f.settings.lr)} (iteration ${f.iteration}).`, numbers);
      return verdict(other.error < other.initError,
        `At η = ${fmt(f.settings.lr)} ${ARM_LABELS[check.arm]} diverged while ${ARM_LABELS[check.survives]} came down to ${fmt(other.error)}.`,
        `${ARM_LABELS[check.arm]} diverged, but ${ARM_LABELS[check.survives]} has not come down from its start (${fmt(other.initError)} → ${fmt(other.error)}).`, numbers);
    }
    case 'rate-follows': {
      if (!f.star) return waiting(f.probeNote ?? 'The Hessian at W* is being computed.');
      const rate = take(f, { of: 'rate', arm: check.arm }, numbers);
      if (typeof rate === 'string') return waiting(rate);
      const { lambdaMin, lambdaMax } = f.star;
      const eta = f.settings.lr;
      const predicted = predictedRate(lambdaMin, lambdaMax, eta);
      numbers['predicted rate 1 − ηλ_min'] = predicted.rate;
      if (lambdaMin <= 0) return verdict(false, '', `λ_min(∇²f(W*)) = ${fmt(lambdaMin)} ≤ 0: no linear rate is predicted here.`, numbers);
      if (!predicted.valid) return verdict(false, '', `η = ${fmt(eta)} > 1/λ_max = ${fmt(1 / lambdaMax)}: the bound 1 − ηλ_min does not apply. Lower η.`, numbers);
      const gap = Math.abs(1 - rate - eta * lambdaMin) / (eta * lambdaMin);
      return verdict(gap <= check.tolerance,
        `Measured ${rate.toFixed(5)} against predicted ${predicted.rate.toFixed(5)}: 1 − rate agrees with ηλ_min to ${(100 * gap).toFixed(0)}%.`,
        `Measured ${rate.toFixed(5)} against predicted ${predicted.rate.toFixed(5)}: 1 − rate is ${(100 * gap).toFixed(0)}% off ηλ_min (the check wants ≤ ${(100 * check.tolerance).toFixed(0)}%). Early on the faster modes still show: let it run.`, numbers);
    }
    case 'floor-formula': {
      const floor = take(f, { of: 'floor', arm: check.arm }, numbers);
      if (typeof floor === 'string') return waiting(floor);
      const predicted = noiseFloor(f.settings);
      numbers['predicted floor'] = predicted;
      const ratio = floor / predicted;
      const [lo, hi] = check.ratio;
      return verdict(ratio >= lo && ratio <= hi, `Measured floor ${fmt(floor)}, formula ${fmt(predicted)}: ratio ${ratio.toFixed(2)}.`,
        `Measured floor ${fmt(floor)}, formula ${fmt(predicted)}: ratio ${ratio.toFixed(2)}, outside ${lo}–${hi}.`, numbers);
    }
    case 'compare':
      return compare(check, f, baseline, numbers);
  }
}

function compare(check: Extract<Check, { kind: 'compare' }>, f: LessonFigures, baseline: Baseline | null, numbers: Record<string, number>): CheckResult {
  const { key } = check.change;
  const label = measureLabel(check.measure);
  const now = read(f, check.measure);
  const fixed = Object.fromEntries(COMPARED_KEYS.map((k) => [k, f.settings[k]]));
  if (!baseline) {
    if (now.value === null) return waiting(`First measure at these settings — ${label}: ${now.why}.`);
    numbers[`${label}, before`] = now.value;
    return { state: 'waiting', numbers, record: { value: now.value, settings: fixed },
      message: `Measured ${label} = ${fmt(now.value)} at ${key} = ${f.settings[key]}. Now ${changeWords(check.change, f.settings[key])}.` };
  }
  numbers[`${label}, before`] = baseline.value;
  const before = baseline.settings[key];
  const moved = COMPARED_KEYS.filter((k) => k !== key && baseline.settings[k] !== undefined && baseline.settings[k] !== f.settings[k]);
  if (moved.length) return waiting(`Change only ${key}: ${moved.map((k) => `${k} (${baseline.settings[k]} → ${f.settings[k]})`).join(', ')} moved too. Put them back, or measure again.`, numbers);
  if (!changedAsAsked(check.change, before, f.settings[key])) return waiting(`Measured ${label} = ${fmt(baseline.value)} at ${key} = ${before}. Now ${changeWords(check.change, before)}.`, numbers);
  if (now.value === null) return waiting(`${label} at ${key} = ${f.settings[key]}: ${now.why}.`, numbers);
  numbers[`${label}, after`] = now.value;
  const ratio = now.value / baseline.value;
  numbers['after ÷ before'] = ratio;
  const [lo, hi] = check.ratio;
  const said = `${label}: ${fmt(baseline.value)} at ${key} = ${before}, ${fmt(now.value)} at ${key} = ${f.settings[key]} (ratio ${ratio.toFixed(2)})`;
  return verdict(ratio >= lo && ratio <= hi, `${said}.`, `${said}: the check expects a ratio in ${lo}–${hi}.`, numbers);
}

function changedAsAsked(change: Change, before: string | number | undefined, now: string | number): boolean {
  if (before === undefined) return false;
  if (change.to !== undefined) return now === change.to && before !== change.to;
  const target = Number(before) * (change.factor ?? 1);
  return Math.abs(Number(now) - target) <= 0.1 * Math.abs(target);
}

function changeWords(change: Change, before: string | number | undefined): string {
  const label = SETTINGS[change.key].label;
  if (change.to !== undefined) return `set ${label} to ${change.to}, leaving everything else as it is`;
  const target = Number(before) * (change.factor ?? 1);
  return `set ${label} to about ${fmt(target)} (${change.factor}× ${before}), leaving everything else as it is`;
}

// The recovery map's grid: two axes, each a range of one setting, read from `n:1000:16000:*2,d:5:20:5` (the
// URL's form) or `n=1000:16000:*2,d=5:20:5` (the CLI's). The text comes from outside (links, flags, the map's
// fields), so reading it is total and bounded: the text's length is checked first, numbers are plain decimals,
// and an axis's value count is computed from its range and capped before any value is made. A step that would
// not move the value far enough (1e-300, *1.0000000000000002) is refused, with the step that would fit; it
// once made the value generator loop for good.
import { clip } from './clip';
import { readDecimal } from './decimal';
import { SETTINGS } from './settings';

export const MAP_AXES = ['n', 'd', 'k', 'kappa'] as const;
export type MapAxis = (typeof MAP_AXES)[number];
export const AXIS_SYMBOLS: Record<MapAxis, string> = { n: 'n', d: 'd', k: 'k', kappa: 'κ' };

/** Values from `from` to `to` (inclusive) by adding `step`, or by multiplying by it when `geometric`. */
export interface AxisRange {
  key: MapAxis;
  from: number;
  to: number;
  step: number;
  geometric: boolean;
}

export interface Grid {
  x: AxisRange;
  y: AxisRange;
}

/** At most this many values an axis. */
export const MAX_AXIS_VALUES = 25;
/** Longer grid texts are refused unread (a full grid is about 40 characters). */
export const MAX_GRID_LENGTH = 200;
/** Significant digits a float axis keeps: what formatting writes, so a grid reads back as itself. */
const DIGITS = 6;

export const DEFAULT_GRID: Grid = {
  x: { key: 'n', from: 1000, to: 16000, step: 2, geometric: true },
  y: { key: 'd', from: 5, to: 20, step: 5, geometric: false },
};

const roundTo = (key: MapAxis, v: number) => (SETTINGS[key].kind === 'int' ? Math.round(v) + 0 : Number(v.toPrecision(DIGITS)));

/** How many values the range asks for, from its ends and step alone; Infinity when the step never gets there. */
function valueCount(r: Omit<AxisRange, 'key'>): number {
  if (!(r.to > r.from)) return 1;
  const count = r.geometric ? Math.log(r.to / r.from) / Math.log(r.step) : (r.to - r.from) / r.step;
  return count >= 0 && count < Infinity ? Math.floor(count + 1e-9) + 1 : Infinity;
}

/** The axis's values, at most MAX_AXIS_VALUES, made by index (never by stepping until past `to`). */
export function axisValues(r: AxisRange): number[] {
  const field = SETTINGS[r.key];
  const count = Math.min(valueCount(r), MAX_AXIS_VALUES);
  const values = new Set<number>();
  for (let i = 0; i < count; i++) {
    const v = r.geometric ? r.from * r.step ** i : r.from + r.step * i;
    values.add(Math.min(r.to, field.max, Math.max(r.from, field.min, roundTo(r.key, v))));
  }
  return [...values].sort((a, b) => a - b);
}

const formatNumber = (x: number) => String(Number(x.toPrecision(DIGITS)));

/** `n:1000:16000:*2` (the URL's form) or, with sep '=', `n=1000:16000:*2` (the CLI's). */
export function formatRange(r: AxisRange, sep: ':' | '=' = ':'): string {
  if (r.from === r.to) return `${r.key}${sep}${formatNumber(r.from)}`;
  return `${r.key}${sep}${formatNumber(r.from)}:${formatNumber(r.to)}:${r.geometric ? '*' : ''}${formatNumber(r.step)}`;
}

export function formatGrid(grid: Grid, sep: ':' | '=' = ':'): string {
  return `${formatRange(grid.x, sep)},${formatRange(grid.y, sep)}`;
}

/** A round step (3 significant digits, an integer on an integer axis) that keeps the range within the cap. */
function fittingStep(key: MapAxis, from: number, to: number, geometric: boolean): number {
  const least = geometric ? (to / from) ** (1 / (MAX_AXIS_VALUES - 1)) : (to - from) / (MAX_AXIS_VALUES - 1);
  const unit = SETTINGS[key].kind === 'int' && !geometric ? 1 : 10 ** (Math.floor(Math.log10(least)) - 2);
  let step = Number((Math.ceil(least / unit - 1e-9) * unit).toPrecision(DIGITS));
  // Float rounding can leave the round step a hair short; one more unit always fits.
  if (valueCount({ from, to, step, geometric }) > MAX_AXIS_VALUES) step = Number((step + unit).toPrecision(DIGITS));
  return step;
}

/** "1000", or "about 1.5·10^304" for counts too large to write out. */
function describeCount(count: number): string {
  if (count < 1e6) return String(count);
  if (!Number.isFinite(count)) return 'more than 10^308';
  const e = Math.floor(Math.log10(count));
  return `about ${(count / 10 ** e).toFixed(1)}·10^${e}`;
}

/**
 * One axis from `key=from:to:step`, `key:from:to:step`, `key=from:to:*factor` or `key=value`. Ends outside
 * the setting's range are clamped, a non-integer end of an integer axis rounded, a float end kept to 6
 * significant digits, each with a problem. Returns null, with a problem saying why, for a text that cannot be
 * read or a step that does not fit MAX_AXIS_VALUES.
 */
function parseRange(text: string, problems: string[]): AxisRange | null {
  const at = text.search(/[=:]/);
  const parts = at < 0 ? [] : text.slice(at + 1).split(':').map((t) => t.trim());
  if (parts.length !== 1 && parts.length !== 3) {
    problems.push(`'${clip(text)}' is not an axis: write key=from:to:step (or :*factor), e.g. n=1000:16000:*2.`);
    return null;
  }
  const name = text.slice(0, at).trim();
  const key = (name === 'κ' ? 'kappa' : name.toLowerCase()) as MapAxis;
  if (!MAP_AXES.includes(key)) {
    problems.push(`'${clip(name)}' cannot be a map axis: choose one of ${MAP_AXES.join(', ')}.`);
    return null;
  }
  const [fromText, toText = fromText, stepPart = '1'] = parts;
  const geometric = /^[*x]/i.test(stepPart);
  const stepText = geometric ? stepPart.slice(1).trim() : stepPart;
  const numbers = [fromText, toText, stepText].map(readDecimal);
  if (numbers.some((v) => v === null)) {
    problems.push(`'${clip(text)}': from, to and step must be numbers, written as plain decimals (1000, 0.5, 1e4).`);
    return null;
  }
  const [fromGiven, toGiven, step] = numbers as number[];
  const field = SETTINGS[key];
  const fit = (v: number, what: string) => {
    const rounded = roundTo(key, v);
    const used = Math.min(field.max, Math.max(field.min, rounded));
    if (used !== rounded) problems.push(`${key} ${what} ${v} is out of range; using ${used} (${field.label} goes from ${field.min} to ${field.max}).`);
    else if (used !== v) problems.push(`${key} ${what} ${v} is not ${field.kind === 'int' ? 'an integer' : `kept beyond ${DIGITS} significant digits`}; using ${used}.`);
    return used;
  };
  let from = fit(fromGiven, 'from');
  let to = fit(toGiven, 'to');
  if (from > to) {
    problems.push(`${key}: from ${from} is above to ${to}; swapped.`);
    [from, to] = [to, from];
  }
  // One value: the step plays no part.
  if (from === to) return { key, from, to, step: 1, geometric: false };
  const what = geometric ? `factor *${clip(stepText)}` : `step ${clip(stepText)}`;
  if (!Number.isFinite(step)) {
    problems.push(`${key}: ${what} is not a finite number.`);
    return null;
  }
  const used = Number(step.toPrecision(DIGITS));
  const moves = geometric ? used > 1 : used > 0;
  const count = moves ? valueCount({ from, to, step: used, geometric }) : Infinity;
  if (count > MAX_AXIS_VALUES) {
    const asked = valueCount({ from, to, step, geometric });
    const why = !(geometric ? step > 1 : step > 0)
      ? `must be ${geometric ? 'a factor above 1' : 'positive'}`
      : `would make ${describeCount(asked > MAX_AXIS_VALUES ? asked : count)} values`;
    const least = fittingStep(key, from, to, geometric);
    problems.push(`${key}: ${what} ${why}; at most ${MAX_AXIS_VALUES} per axis: use a ${geometric ? `factor of *${least}` : `step of ${least}`} or more.`);
    return null;
  }
  if (used !== step) problems.push(`${key}: ${what} is not kept beyond ${DIGITS} significant digits; using ${geometric ? '*' : ''}${used}.`);
  return { key, from, to, step: used, geometric };
}

/**
 * Two axes, comma-separated, ends clamped with a problem each. A grid that cannot be read (too long, not two
 * axes, an unknown or repeated axis, a step that does not fit) is refused whole: `fallback` (the default grid,
 * or the one shown before the edit) is used, and the problems say why.
 */
export function parseGrid(text: string, fallback: Grid = DEFAULT_GRID): { grid: Grid; problems: string[] } {
  const problems: string[] = [];
  const refuse = () => {
    problems.push(`Using the map ${formatGrid(fallback)}.`);
    return { grid: fallback, problems };
  };
  if (text.length > MAX_GRID_LENGTH) {
    problems.push(`A map text has at most ${MAX_GRID_LENGTH} characters; this one has ${text.length}.`);
    return refuse();
  }
  const parts = text.split(',').filter((p) => p.trim() !== '');
  if (parts.length !== 2) {
    problems.push(`A map has two axes, e.g. n=1000:16000:*2,d=5:20:5; '${clip(text)}' has ${parts.length}.`);
    return refuse();
  }
  const x = parseRange(parts[0], problems);
  const y = parseRange(parts[1], problems);
  if (!x || !y) return refuse();
  if (x.key === y.key) {
    problems.push(`Both axes are ${x.key}: the second must be another setting.`);
    return refuse();
  }
  const grid = { x, y };
  if (problems.length) problems.push(`Using the map ${formatGrid(grid)}.`);
  return { grid, problems };
}

// What a parsed value may hold, read from the settings tables themselves (settings.ts, mapSettings.ts): a key
// added to a table later is checked, and generated, without a change here.
import * as fc from 'fast-check';
import { axisValues, MAP_AXES, MAX_AXIS_VALUES, type AxisRange, type Grid } from '../../src/core/recoveryMap';
import { reconcile, SETTINGS, type Settings } from '../../src/core/settings';
import { MAP_FIELDS, type MapSettings } from '../../src/state/mapSettings';

/** The shape every table field has: an enum of options, an int or float range, or (the map's) a grid. */
interface FieldLike {
  kind: string;
  options?: readonly string[];
  min?: number;
  max?: number;
}

function fieldViolations(key: string, field: FieldLike, value: unknown): string[] {
  const shown = `${key}=${String(value).slice(0, 80)}`;
  if (field.kind === 'enum') return field.options!.includes(value as string) ? [] : [`${shown} is not one of its options`];
  if (field.kind === 'grid') return gridViolations(value as Grid);
  if (typeof value !== 'number' || !Number.isFinite(value)) return [`${shown} is not a finite number`];
  if (value < field.min! || value > field.max!) return [`${shown} is outside ${field.min}…${field.max}`];
  if (field.kind === 'int' && !Number.isInteger(value)) return [`${shown} is not an integer`];
  if (Object.is(value, -0)) return [`${key} is -0`];
  return [];
}

/** Every key of the table present, no other own key, and each value valid for its field. */
export function tableViolations(table: Record<string, FieldLike>, values: Record<string, unknown>): string[] {
  const keys = Object.keys(table);
  const extra = Object.keys(values).filter((key) => !Object.hasOwn(table, key));
  return [
    ...extra.map((key) => `unexpected key ${key.slice(0, 80)}`),
    ...keys.flatMap((key) => (Object.hasOwn(values, key) ? fieldViolations(key, table[key], values[key]) : [`${key} is missing`])),
  ];
}

/** The table's ranges, and a combination `reconcile` leaves as it is. */
export function settingsViolations(s: Settings): string[] {
  const fixes = reconcile({ ...s });
  return [...tableViolations(SETTINGS, s), ...fixes.map((p) => `not reconciled: ${p.message}`)];
}

export function rangeViolations(r: AxisRange): string[] {
  if (!MAP_AXES.includes(r.key)) return [`axis ${String(r.key)} is not a map axis`];
  const field = SETTINGS[r.key];
  const out = [r.from, r.to].flatMap((v) => fieldViolations(r.key, field, v));
  if (!(r.from <= r.to)) out.push(`${r.key}: from ${r.from} above to ${r.to}`);
  if (!(r.geometric ? r.step > 1 : r.step > 0) || !Number.isFinite(r.step)) out.push(`${r.key}: step ${r.step} does not move`);
  const values = axisValues(r);
  if (values.length < 1 || values.length > MAX_AXIS_VALUES) out.push(`${r.key}: ${values.length} values`);
  out.push(...values.flatMap((v) => fieldViolations(r.key, field, v)));
  return out;
}

export function gridViolations(g: Grid): string[] {
  const out = [...rangeViolations(g.x), ...rangeViolations(g.y)];
  if (g.x.key === g.y.key) out.push(`both axes are ${g.x.key}`);
  return out;
}

export function mapViolations(m: MapSettings): string[] {
  return tableViolations(MAP_FIELDS, m);
}

/** A value text for a table field: in range, at its ends, just outside, or an option. */
export function fieldValue(field: FieldLike): fc.Arbitrary<string> {
  if (field.kind === 'enum') return fc.constantFrom(...field.options!);
  if (field.kind === 'grid') return gridText;
  const min = field.min!;
  const max = field.max!;
  return fc.oneof(
    fc.double({ min, max, noNaN: true }).map(String),
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map(String),
    fc.constantFrom(min, max, min - 1, max + 1, (min + max) / 2 + 0.5).map(String),
  );
}

/** Value texts for any key of a table. */
export const tableValue = (table: Record<string, FieldLike>) => fc.oneof(...Object.values(table).map(fieldValue));

const axisNumber = fc.oneof(
  fc.integer({ min: -10, max: 2_000_000 }).map(String),
  fc.double({ min: 0, max: 200, noNaN: true }).map(String),
  fc.constantFrom('1e-300', '1e-9', '1e-12', '5e-324', '1.0000000000000002', '0', '-0', '1e999', 'NaN', '0x10', ''),
);

/** Axis texts `key:from:to:step` in both forms, good and bad. */
export const axisText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...MAP_AXES, 'κ', 'N', 'lr', ''),
    fc.constantFrom(':', '='),
    axisNumber,
    fc.option(fc.tuple(axisNumber, fc.constantFrom('', '*', 'x', '**'), axisNumber)),
  )
  .map(([key, sep, from, rest]) => (rest ? `${key}${sep}${from}:${rest[0]}:${rest[1]}${rest[2]}` : `${key}${sep}${from}`));

export const gridText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(axisText, axisText).map(([x, y]) => `${x},${y}`) },
  { weight: 1, arbitrary: fc.array(axisText, { maxLength: 4 }).map((axes) => axes.join(',')) },
);

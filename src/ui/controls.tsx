// One control per setting, generated from the settings table: a labelled slider (linear or log) with its value
// readout, or a labelled select. Native inputs, so every control works from the keyboard.
import { useId, useState } from 'react';
import { readTypedNumber, SETTINGS, type NumberKey, type SettingKey, type Settings } from '../core/settings';
import { useAppStore } from '../state/store';
import { useLecturerAccess } from './share/lecturerAccess';

type EnumKey = Exclude<SettingKey, NumberKey>;

const STEPS = 1000;

/** Integers on a linear scale move one by one (so an arrow key always changes them); the rest in 1000 steps. */
function positions(key: NumberKey): number {
  const f = SETTINGS[key];
  return f.kind === 'int' && !f.log ? f.max - f.min : STEPS;
}

function toPosition(key: NumberKey, value: number): number {
  const f = SETTINGS[key];
  const steps = positions(key);
  if (f.log && f.min > 0) return Math.round((steps * Math.log(value / f.min)) / Math.log(f.max / f.min));
  return Math.round((steps * (value - f.min)) / (f.max - f.min));
}

function fromPosition(key: NumberKey, position: number): number {
  const f = SETTINGS[key];
  const t = position / positions(key);
  const raw = f.log && f.min > 0 ? f.min * Math.pow(f.max / f.min, t) : f.min + t * (f.max - f.min);
  return f.kind === 'int' ? Math.round(raw) : Number(raw.toPrecision(3));
}

export function formatValue(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 0.01 && Math.abs(value) < 1000 ? String(Number(value.toPrecision(3))) : value.toExponential(2);
}

/** A slider for a numeric setting. `disabled` carries the reason, shown beside it. */
export function SettingSlider({ name, disabled: why }: { name: NumberKey; disabled?: string | null }) {
  const id = useId();
  const value = useAppStore((s) => s.settings[name]);
  const setSetting = useAppStore((s) => s.setSetting);
  const { hidden, disabled } = useLecturerAccess(name, why);
  const field = SETTINGS[name];
  if (hidden) return null;
  return (
    <div className="control">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type="range"
        min={0}
        max={positions(name)}
        value={toPosition(name, value)}
        disabled={!!disabled}
        aria-describedby={disabled ? `${id}-why` : undefined}
        aria-valuetext={formatValue(value)}
        onChange={(e) => setSetting(name, fromPosition(name, Number(e.target.value)))}
      />
      <output htmlFor={id} data-testid={`value-${name}`}>{formatValue(value)}</output>
      {disabled && <small className="reason" id={`${id}-why`}>{disabled}</small>}
    </div>
  );
}

/** A select for an enumerated setting; `labels` gives readable names for the options. */
export function SettingSelect({ name, labels, disabled: why }: { name: EnumKey; labels?: Record<string, string>; disabled?: string | null }) {
  const id = useId();
  const value = useAppStore((s) => s.settings[name]) as string;
  const setSetting = useAppStore((s) => s.setSetting);
  const { hidden, disabled } = useLecturerAccess(name, why);
  const field = SETTINGS[name];
  if (hidden) return null;
  return (
    <div className="control">
      <label htmlFor={id}>{field.label}</label>
      <select id={id} value={value} disabled={!!disabled} aria-describedby={disabled ? `${id}-why` : undefined} onChange={(e) => setSetting(name, e.target.value as Settings[typeof name])}>
        {field.options.map((option) => (
          <option key={option} value={option}>{labels?.[option] ?? option}</option>
        ))}
      </select>
      {disabled && <small className="reason" id={`${id}-why`}>{disabled}</small>}
    </div>
  );
}

/**
 * The seed as a number field: any integer in range, or a fresh random one. Typing edits a draft, and the seed
 * changes when the draft is committed (Enter, or leaving the field) and valid: a half-typed number never starts a
 * run. Until then the field says what is wrong; an invalid draft is dropped on leaving. The arrow keys and the
 * spinner step the seed at once.
 */
export function SeedInput() {
  const id = useId();
  const seed = useAppStore((s) => s.settings.seed);
  const setSetting = useAppStore((s) => s.setSetting);
  const { hidden, disabled } = useLecturerAccess('seed');
  const [draft, setDraft] = useState<{ text: string; value: number | null; message: string | null } | null>(null);
  const field = SETTINGS.seed;
  if (hidden) return null;
  const message = draft?.message ?? null;
  const describedBy = [disabled ? `${id}-why` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const commit = () => {
    if (draft?.value != null && draft.value !== seed) setSetting('seed', draft.value);
    setDraft(null);
  };
  return (
    <div className="control">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type="number"
        min={field.min}
        max={field.max}
        step={1}
        value={draft?.text ?? String(seed)}
        disabled={!!disabled}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const read = readTypedNumber('seed', e.target.value);
          // A step (arrow keys, spinner) has no inputType: it is a whole new seed, taken at once.
          const stepped = !(e.nativeEvent as InputEvent).inputType;
          if (stepped && read.value !== null) {
            setDraft(null);
            setSetting('seed', read.value);
          } else setDraft({ text: e.target.value, ...read });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        onBlur={commit}
      />
      <button type="button" disabled={!!disabled} onClick={() => { setDraft(null); setSetting('seed', Math.floor(Math.random() * 1_000_000)); }}>New seed</button>
      {message && <small id={`${id}-error`} className="reason" role="alert" data-testid="seed-error">{message} The run keeps seed {seed}.</small>}
      {disabled && <small id={`${id}-why`} className="reason">{disabled}</small>}
    </div>
  );
}

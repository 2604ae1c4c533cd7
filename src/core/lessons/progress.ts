// A student's progress through the lessons, as kept in the browser: which steps passed, with the numbers they
// measured, and the first measurement of each comparison. What is read back is outside input (another version,
// another tab, a hand edit): it is size-bounded and validated, and whatever does not fit is dropped with a note.
import { z } from 'zod';
import type { Baseline } from './checks';
import { LESSON_IDS, LESSONS, type LessonId } from './index';

export const PROGRESS_VERSION = 1;
/** Far above what three lessons can hold; a longer value is not ours. */
export const MAX_PROGRESS_CHARS = 50_000;
const MAX_NUMBERS = 12;
const MAX_NAME = 80;

export interface StepRecord {
  /** Epoch ms the check passed. */
  at: number;
  numbers: Record<string, number>;
}

export interface LessonProgress {
  passed: Record<number, StepRecord>;
  baselines: Record<number, Baseline>;
}

export type Progress = Record<LessonId, LessonProgress>;

export const emptyProgress = (): Progress =>
  Object.fromEntries(LESSON_IDS.map((id) => [id, { passed: {}, baselines: {} }])) as unknown as Progress;

const finite = z.number().refine(Number.isFinite);
const numbers = z.record(z.string().max(MAX_NAME), finite).refine((r) => Object.keys(r).length <= MAX_NUMBERS);
const stepRecord = z.object({ at: finite, numbers });
const baseline = z.object({ value: finite, settings: z.record(z.string().max(MAX_NAME), z.union([finite, z.string().max(MAX_NAME)])) });

/** Keeps the entries whose key is a step of `lesson` and whose value parses; counts the rest. */
function steps<T>(raw: unknown, count: number, schema: z.ZodType<T>, dropped: { n: number }): Record<number, T> {
  const out: Record<number, T> = {};
  if (typeof raw !== 'object' || raw === null) {
    if (raw !== undefined) dropped.n++;
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    const index = Number(key);
    const parsed = schema.safeParse(value);
    if (Number.isInteger(index) && index >= 0 && index < count && parsed.success) out[index] = parsed.data;
    else dropped.n++;
  }
  return out;
}

/** Progress from its stored text: always a valid value, and a note when something had to be dropped. */
export function parseProgress(text: string | null): { progress: Progress; note: string | null } {
  const progress = emptyProgress();
  if (text === null || text === '') return { progress, note: null };
  const unreadable = { progress, note: 'Your saved lesson progress could not be read and was reset.' };
  if (text.length > MAX_PROGRESS_CHARS) return unreadable;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return unreadable;
  }
  if (typeof raw !== 'object' || raw === null || (raw as { v?: unknown }).v !== PROGRESS_VERSION) return unreadable;
  const lessons = (raw as { lessons?: unknown }).lessons;
  if (typeof lessons !== 'object' || lessons === null) return unreadable;
  const dropped = { n: 0 };
  for (const id of LESSON_IDS) {
    const entry = (lessons as Record<string, unknown>)[id] as { passed?: unknown; baselines?: unknown } | undefined;
    if (entry === undefined) continue;
    const count = LESSONS[id].steps.length;
    progress[id] = {
      passed: steps(entry?.passed, count, stepRecord, dropped),
      baselines: steps(entry?.baselines, count, baseline as z.ZodType<Baseline>, dropped),
    };
  }
  const note = dropped.n ? `${dropped.n} saved lesson entr${dropped.n === 1 ? 'y was' : 'ies were'} unreadable and left out.` : null;
  return { progress, note };
}

export function serializeProgress(progress: Progress): string {
  return JSON.stringify({ v: PROGRESS_VERSION, lessons: progress });
}

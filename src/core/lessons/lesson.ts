// A lesson is data: steps of text (KaTeX between $…$), the settings each starts from, which controls the student
// may move, a task, a check on the measured figures, hints and the take-away. The view renders any lesson.
import { type SettingKey, type Settings } from '../settings';
import type { Check } from './checks';

/** Panels a step can show beside the error plot and the readouts. */
export const LESSON_PANELS = ['loss'] as const;
export type LessonPanel = (typeof LESSON_PANELS)[number];

export interface LessonStep {
  title: string;
  /** Paragraphs; `$…$` is typeset by KaTeX. */
  text: string[];
  /** Where the step starts: defaults for everything it does not name (like a preset). */
  settings: Partial<Settings>;
  /** The controls the student moves; every other setting is hidden. */
  controls: SettingKey[];
  /** Shown but fixed: the claim of the step holds only at their values (the reason is in `text`). */
  lock: SettingKey[];
  /** Panels shown besides the error plot. */
  panels: LessonPanel[];
  task: string;
  check: Check;
  hints: string[];
  takeaway: string;
}

export interface Lesson {
  id: string;
  title: string;
  paper: string;
  summary: string;
  steps: LessonStep[];
}

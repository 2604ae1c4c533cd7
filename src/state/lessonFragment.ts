// The lesson's part of the URL fragment (`#view=lesson&lesson=zhang&step=3`), read by the map's fragment table
// (mapSettings.ts) with the view. Steps count from 1 in the URL; a step past the lesson's end is clamped.
import { clip } from '../core/clip';
import { lessonById, type LessonId } from '../core/lessons';
import type { MapProblem, MapSettings } from './mapSettings';

/** A step beyond the lesson's last becomes its last, with a notice. */
export function clampLessonStep(m: MapSettings): MapProblem[] {
  const lesson = lessonById(m.lesson);
  const count = lesson.steps.length;
  if (m.step <= count) return [];
  const given = String(m.step);
  m.step = count;
  return [{ key: 'step', given, message: `step=${clip(given)} is past the end of “${lesson.title}”, which has ${count} steps; using step ${count}.` }];
}

/** The link a lecturer posts for one step: the step brings its own settings, so the query stays empty. */
export function stepLink(base: string, lesson: LessonId, step: number): string {
  return `${base}#view=lesson&lesson=${lesson}&step=${step}`;
}

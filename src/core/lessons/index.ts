// The lessons, one per paper, by id (the `lesson=` key of the URL fragment).
import { fu } from './fu';
import type { Lesson } from './lesson';
import { zhang } from './zhang';
import { zhong } from './zhong';

export const LESSON_IDS = ['zhong', 'zhang', 'fu'] as const;
export type LessonId = (typeof LESSON_IDS)[number];

export const LESSONS: Record<LessonId, Lesson> = { zhong, zhang, fu };

/** The fragment's step key is read up to this; past a lesson's own length it is clamped with a notice naming it. */
export const MAX_STEPS = 99;

export function lessonById(id: LessonId): Lesson {
  return LESSONS[id];
}

export type { Lesson, LessonStep, LessonPanel } from './lesson';

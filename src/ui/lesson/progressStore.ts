// The student's lesson progress, kept in localStorage. Reading it back is reading outside input: parseProgress
// validates and bounds it, and a storage that throws (private mode, a full quota) leaves progress in memory only.
import { create } from 'zustand';
import type { Baseline } from '../../core/lessons/checks';
import type { LessonId } from '../../core/lessons';
import { emptyProgress, parseProgress, serializeProgress, type Progress } from '../../core/lessons/progress';

export const PROGRESS_KEY = 'recovery-lab:lessons';

function load(): { progress: Progress; note: string | null } {
  try {
    return parseProgress(localStorage.getItem(PROGRESS_KEY));
  } catch {
    return { progress: emptyProgress(), note: 'This browser does not let the page keep lesson progress: it lasts until the tab closes.' };
  }
}

function save(progress: Progress): string | null {
  try {
    localStorage.setItem(PROGRESS_KEY, serializeProgress(progress));
    return null;
  } catch {
    return 'This browser does not let the page keep lesson progress: it lasts until the tab closes.';
  }
}

interface ProgressState {
  progress: Progress;
  /** What went wrong reading or writing the saved progress, shown once in the lesson view. */
  note: string | null;
  pass: (lesson: LessonId, step: number, numbers: Record<string, number>) => void;
  setBaseline: (lesson: LessonId, step: number, baseline: Baseline | null) => void;
  reset: (lesson: LessonId) => void;
  dismissNote: () => void;
}

const initial = typeof localStorage === 'undefined' ? { progress: emptyProgress(), note: null } : load();

export const useProgress = create<ProgressState>()((set, get) => {
  const update = (lesson: LessonId, change: (p: Progress[LessonId]) => Progress[LessonId]) => {
    const progress = { ...get().progress, [lesson]: change(get().progress[lesson]) };
    const note = save(progress);
    set(note ? { progress, note } : { progress });
  };
  return {
    ...initial,
    pass: (lesson, step, numbers) => update(lesson, (p) => ({ ...p, passed: { ...p.passed, [step]: { at: Date.now(), numbers } } })),
    setBaseline: (lesson, step, baseline) =>
      update(lesson, (p) => {
        const baselines = { ...p.baselines };
        if (baseline) baselines[step] = baseline;
        else delete baselines[step];
        return { ...p, baselines };
      }),
    reset: (lesson) => update(lesson, () => ({ passed: {}, baselines: {} })),
    dismissNote: () => set({ note: null }),
  };
});

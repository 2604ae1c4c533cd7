// Evaluates the step's check on the figures the page already receives (frames, the probes' state, readouts), a
// few times a second, and records what passes and the first measurement of a comparison in the progress.
// Only runs built from the step's settings or later count: a frame of the run before the step never passes it.
import { useEffect, useState } from 'react';
import { evaluate, type CheckResult } from '../../core/lessons/checks';
import type { LessonId, LessonStep } from '../../core/lessons';
import { REBUILD_KEYS, type Settings } from '../../core/settings';
import { controller } from '../../state/controller';
import { convexityMirror } from '../../engine/convexityMirror';
import { series } from '../../engine/series';
import { lessonFigures } from '../../state/lessonFigures';
import { useAppStore } from '../../state/store';
import { useProgress } from './progressStore';

const EVALUATE_MS = 250;

const sameRun = (a: Settings, b: Settings) => REBUILD_KEYS.every((key) => a[key] === b[key]);

/** Evaluates the step's check whenever its figures move (throttled); returns the stopper. */
function watchStep(lesson: LessonId, index: number, step: LessonStep, applied: Settings, onResult: (result: CheckResult) => void): () => void {
  let firstGeneration: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    const view = controller.view();
    if (!view) return;
    if (firstGeneration === null) {
      if (!sameRun(view.run.settings, applied)) return;
      firstGeneration = view.run.generation;
    }
    if (view.run.generation < firstGeneration) return;
    const app = useAppStore.getState();
    const figures = lessonFigures({
      run: view.run,
      iteration: view.latest?.iteration ?? 0,
      done: app.run.status === 'done',
      traces: series.arms.map((s) => ({ x: s.error.x, y: s.error.y })),
      errors: series.arms.map((s) => s.error.y.at(-1) ?? NaN),
      stopped: view.run.arms.map((arm) => app.run.arms.find((r) => r.name === arm.name)?.stopped ?? null),
      probe: convexityMirror.state,
      lr: app.settings.lr,
    });
    const progress = useProgress.getState();
    const mine = progress.progress[lesson];
    const next = evaluate(step.check, figures, mine.baselines[index] ?? null);
    if (next.record) progress.setBaseline(lesson, index, next.record);
    if (next.state === 'pass' && !mine.passed[index]) progress.pass(lesson, index, next.numbers);
    onResult(next);
  };
  const schedule = () => {
    timer ??= setTimeout(run, EVALUATE_MS);
  };
  const stops = [controller.onFrame(schedule), convexityMirror.subscribe(schedule), useAppStore.subscribe(schedule), useProgress.subscribe(schedule)];
  schedule();
  return () => {
    stops.forEach((stop) => stop());
    clearTimeout(timer);
  };
}

export function useLessonCheck(lesson: LessonId, index: number, step: LessonStep, applied: Settings): CheckResult | null {
  // Tagged with the step it belongs to: a new step shows no result until its own first evaluation.
  const [latest, setLatest] = useState<{ step: LessonStep; result: CheckResult } | null>(null);
  useEffect(() => watchStep(lesson, index, step, applied, (result) => setLatest({ step, result })), [lesson, index, step, applied]);
  return latest?.step === step ? latest.result : null;
}

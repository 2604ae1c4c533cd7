// The lesson checks' figures from what the page already receives: the run it built, its error traces (the
// plots' series), the convexity probes' state and the learning rate in force. Tests build the same figures from
// the same engine events in Node.
import type { LessonFigures } from '../core/lessons/figures';
import type { ConvexityState } from '../engine/convexityState';
import type { BuiltRun } from '../engine/protocol';

export interface FigureSources {
  run: BuiltRun;
  iteration: number;
  done: boolean;
  /** Per arm, in the run's order: the error trace, its last value, and why it stopped. */
  traces: { x: readonly number[]; y: readonly number[] }[];
  errors: number[];
  stopped: (string | null)[];
  probe: ConvexityState | null;
  lr: number;
}

export function lessonFigures(src: FigureSources): LessonFigures {
  const probe = src.probe && src.probe.generation === src.run.generation ? src.probe : null;
  const probeNote = probe ? probe.unavailable ?? probe.hessianSkipped : null;
  return {
    settings: { ...src.run.settings, lr: src.lr },
    iteration: src.iteration,
    done: src.done,
    arms: src.run.arms.map((arm, a) => ({
      name: arm.name,
      initError: arm.initError,
      error: src.errors[a] ?? NaN,
      stopped: src.stopped[a] ?? null,
      lambdaMinInit: probe?.arms[a]?.atInit?.lambdaMin ?? null,
      trace: src.traces[a] ?? { x: [], y: [] },
    })),
    star: probe?.star ? { lambdaMin: probe.star.lambdaMin, lambdaMax: probe.star.lambdaMax } : null,
    probeNote,
  };
}

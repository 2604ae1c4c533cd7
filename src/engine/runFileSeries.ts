// The page's run as a run file and back: what the plots hold (series), the built run and its last frame, into the
// schema the CLI's --json writes (src/core/runFile.ts); and a saved file's curves into plot series for a replay.
import type { FrameFigures } from '../core/experiment';
import { armCurve, finiteOrNull, runFileHeader, type RunFile, type RunFileArm } from '../core/runFile';
import type { BuiltRun } from './protocol';
import { Trace, type ArmSeries } from './series';

export interface PageRun {
  run: BuiltRun;
  latest: FrameFigures;
  arms: ArmSeries[];
  backend: { name: string; detail: string } | null;
  /** Per arm, why it stopped (or null). */
  stopped: (string | null)[];
  url: string;
  createdAt: string;
}

/** Bits of the backend's floats: WebGL may render to half floats (its detail says which). */
const precision = (detail: string | undefined): 16 | 32 => (detail?.includes('float16') ? 16 : 32);

const points = (trace: Trace) => ({ values: finiteOrNull(trace.y), at: trace.x.slice() });

export function runFileFromPage({ run, latest, arms, backend, stopped, url, createdAt }: PageRun): RunFile {
  return {
    ...runFileHeader('app'),
    createdAt,
    url,
    settings: run.settings,
    backend: backend?.name ?? 'unknown',
    precision: precision(backend?.detail),
    seeds: [run.settings.seed],
    messages: run.messages,
    iterations: latest.iteration,
    tensorInit: run.tensor && {
      subspaceAngle: run.tensor.subspaceAngle,
      signsCorrect: run.tensor.signsCorrect,
      signsRecovered: run.tensor.signsRecovered,
      seconds: run.tensor.seconds,
    },
    teacher: { W: Array.from(run.teacherW), v: Array.from(run.teacherV) },
    arms: arms.map((s, a): RunFileArm => {
      const error = points(s.error);
      const maxUnit = points(s.maxUnitError);
      const loss = points(s.loss);
      const testLoss = points(s.testLoss);
      return {
        name: s.name,
        initError: run.arms[a].initError,
        ...(s.maxUnitError.x[0] === 0 ? { initMaxUnitError: s.maxUnitError.y[0] } : {}),
        error: error.values,
        maxUnitError: maxUnit.values,
        loss: loss.values,
        testLoss: testLoss.values,
        at: { error: error.at, maxUnitError: maxUnit.at, loss: loss.at, testLoss: testLoss.at },
        W: Array.from(latest.arms[a]?.W ?? []),
        v: Array.from(latest.arms[a]?.v ?? []),
        stopped: stopped[a] ?? null,
      };
    }),
  };
}

const traceOf = (curve: { x: number[]; y: number[] }) => Trace.from(curve.x, curve.y);

/** A saved run's curves as the plots' series (long CLI runs thinned as the live plots thin theirs). */
export function seriesFromRunFile(file: RunFile): ArmSeries[] {
  return file.arms.map((arm) => ({
    name: arm.name,
    error: traceOf(armCurve(arm, 'error')),
    maxUnitError: traceOf(armCurve(arm, 'maxUnitError')),
    loss: traceOf(armCurve(arm, 'loss')),
    testLoss: traceOf(armCurve(arm, 'testLoss')),
  }));
}

// "Download run": the live run as a run file (src/core/runFile.ts, the schema the CLI's --json writes), from what
// the page already holds — the plots' curves, the last frame's W and v, the teacher — with no read from the engine.
import { finiteOrNull, runFileCsv, runFileHeader, type RunFile, type RunFileArm } from '../../core/runFile';
import { encodeSettings } from '../../core/settings';
import { controller } from '../../engine/controller';
import { series, type Trace } from '../../engine/series';
import { useAppStore } from '../../state/store';
import { downloadText } from '../download';

/** Bits of the backend's floats: WebGL may render to half floats (its badge says which). */
const precision = (detail: string | undefined): 16 | 32 => (detail?.includes('float16') ? 16 : 32);

const points = (trace: Trace) => ({ values: finiteOrNull(trace.y), at: trace.x.slice() });

/** The run the page shows as a run file; a replay gives back the file it replays; null before the first frame. */
export function currentRunFile(): RunFile | null {
  if (series.replay) return series.replay.file;
  const view = controller.view();
  if (!view?.latest) return null;
  const { run, latest } = view;
  const { backend, arms: readouts } = useAppStore.getState().run;
  const arms = series.arms.map((s, a): RunFileArm => {
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
      stopped: readouts[a]?.stopped ?? null,
    };
  });
  return {
    ...runFileHeader('app'),
    createdAt: new Date().toISOString(),
    url: `${location.origin}${location.pathname}?${encodeSettings(run.settings)}`,
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
    arms,
  };
}

/** recovery-run_sqrelu_d10_k5_n10000_seed1_it2000 */
export function runFileName(file: RunFile): string {
  const s = file.settings;
  return `recovery-run_${s.act}_d${s.d}_k${s.k}_n${s.n}_seed${s.seed}_it${file.iterations}`;
}

export function downloadRun(file: RunFile): void {
  downloadText(`${JSON.stringify(file)}\n`, `${runFileName(file)}.json`, 'application/json');
}

export function downloadRunCsv(file: RunFile): void {
  downloadText(runFileCsv(file), `${runFileName(file)}.csv`, 'text/csv');
}

// "Download run": the live run as a run file (src/core/runFile.ts, the schema the CLI's --json writes), from what
// the page already holds — the plots' curves, the last frame's W and v, the teacher — with no read from the engine.
import { runFileCsv, type RunFile } from '../../core/runFile';
import { encodeSettings } from '../../core/settings';
import { controller } from '../../state/controller';
import { runFileFromPage } from '../../engine/runFileSeries';
import { series } from '../../engine/series';
import { useAppStore } from '../../state/store';
import { downloadText } from '../download';

/** The run the page shows as a run file; a replay gives back the file it replays; null before the first frame. */
export function currentRunFile(): RunFile | null {
  if (series.replay) return series.replay.file;
  const view = controller.view();
  if (!view?.latest) return null;
  const { backend, arms: readouts } = useAppStore.getState().run;
  return runFileFromPage({
    run: view.run,
    latest: view.latest,
    arms: series.arms,
    backend,
    stopped: series.arms.map((_, a) => readouts[a]?.stopped ?? null),
    url: `${location.origin}${location.pathname}?${encodeSettings(view.run.settings)}`,
    createdAt: new Date().toISOString(),
  });
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

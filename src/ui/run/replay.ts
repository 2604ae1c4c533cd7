// "Open run": a saved run file replayed in the live view — its curves drawn from the file, nothing computed, the
// engine paused — and "Re-run", which loads its settings and runs them live. Any rebuild ends the replay.
import { MAX_DOCUMENT_BYTES } from '../../core/jsonDocument';
import { readRunFile, type OpenedRun } from '../../core/runFile';
import { reconcile, SETTINGS } from '../../core/settings';
import { linearRate } from '../../core/rate';
import { clip } from '../../core/clip';
import { seriesFromRunFile } from '../../engine/runFileSeries';
import { series, type Trace } from '../../engine/series';
import { useAppStore, type ArmReadout } from '../../state/store';

const last = (t: Trace) => t.y[t.y.length - 1] ?? NaN;

/** Shows an opened run in the plots and readouts; the live run pauses. */
export function replayRun(opened: OpenedRun, name: string): void {
  const { file, settings } = opened;
  const store = useAppStore.getState();
  store.send('pause');
  const arms = seriesFromRunFile(file);
  series.load(arms, { file, name, settings });
  const readouts: ArmReadout[] = arms.map((s, a) => ({
    name: s.name,
    initError: file.arms[a].initError,
    error: last(s.error),
    loss: last(s.loss),
    testLoss: last(s.testLoss),
    accuracy: NaN,
    testAccuracy: NaN,
    rate: linearRate(s.error.x, s.error.y),
    stopped: file.arms[a].stopped,
    suggestedLr: null,
  }));
  store.setRun({ iteration: file.iterations, arms: readouts });
}

/** Reads a chosen or dropped file and replays it; returns what went wrong, or null. Never throws. */
export async function openRunFile(file: File): Promise<{ error: string } | { notes: string[] }> {
  if (file.size > MAX_DOCUMENT_BYTES) {
    return { error: `${clip(file.name)} is ${(file.size / 2 ** 20).toFixed(0)} MB: more than the ${MAX_DOCUMENT_BYTES / 2 ** 20} MB a run file may have.` };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    return { error: `${clip(file.name)} could not be read (${clip(err instanceof Error ? err.message : String(err), 120)}).` };
  }
  const read = readRunFile(text);
  if (!read.ok) return { error: `${clip(file.name)}: ${read.message}` };
  replayRun(read.value, file.name);
  return { notes: read.notes };
}

/** Runs the replayed file's settings live (the CLI's iters 0, initialization only, becomes the app's least budget). */
export function rerun(): void {
  const replay = series.replay;
  if (!replay) return;
  const settings = { ...replay.settings, iters: Math.max(SETTINGS.iters.min, replay.settings.iters) };
  reconcile(settings);
  const store = useAppStore.getState();
  store.setSettings(settings);
  store.send('play');
  store.send('reset');
}

/** Leaves the replay: the live run is rebuilt from the current settings and plays. */
export function backToLive(): void {
  const store = useAppStore.getState();
  store.send('play');
  store.send('reset');
}

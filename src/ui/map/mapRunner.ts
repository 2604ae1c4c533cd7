// Asks the engine (worker or main-thread fallback) for the map: waits for the backend the live run started, holds
// the live run paused (both share one backend and one thread), and fills the store as the engine reports cells.
// When the map finishes or is cancelled the live run plays again if it was playing; opening a cell hands the
// backend back to the live run.
import { cellSettings, mapCells, mapProblem } from '../../core/recoveryMap';
import type { BackendInfo } from '../../engine/browserBackend';
import { controller as engine } from '../../state/controller';
import { mapSpec } from '../../state/mapSettings';
import { reconcile, SETTINGS } from '../../core/settings';
import { useAppStore } from '../../state/store';
import { useMapStore } from './mapStore';

/** The computation under way: its cancel signal and the hold on the live run. */
let current: { controller: AbortController; release: () => void } | null = null;
let mapId = 0;

/**
 * Whether the live run plays, or will once built: it runs, or it builds, starts or finished with no Pause or One
 * step from the user as the last command.
 */
function livePlaying(): boolean {
  const { run, command } = useAppStore.getState();
  if (run.status === 'running') return true;
  if (run.status === 'paused' || run.status === 'error') return false;
  return command?.kind !== 'pause' && command?.kind !== 'step';
}

/** Keeps the live run paused until the returned function is called, which lets it play again if it was playing. */
function holdLiveRun(): () => void {
  const wasPlaying = livePlaying();
  const pause = () => {
    const { run, send } = useAppStore.getState();
    if (run.status === 'running') send('pause');
  };
  pause();
  const unsubscribe = useAppStore.subscribe((state, prev) => {
    if (state.run.status !== prev.run.status) pause();
  });
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    unsubscribe();
    if (wasPlaying) useAppStore.getState().send('play');
  };
}

/** The backend the live run started (the map uses the same), once it is up. */
function backendReady(signal: AbortSignal): Promise<BackendInfo> {
  return new Promise((resolve, reject) => {
    const done = () => {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    };
    const check = () => {
      const { run } = useAppStore.getState();
      if (run.backend) {
        done();
        resolve(run.backend);
      } else if (run.status === 'error') {
        done();
        reject(new Error(run.error ?? 'No tfjs backend started.'));
      }
    };
    const onAbort = () => {
      done();
      reject(signal.reason);
    };
    const unsubscribe = useAppStore.subscribe(check);
    signal.addEventListener('abort', onAbort);
    check();
  });
}

export async function computeMap(): Promise<void> {
  cancelMap();
  const controller = new AbortController();
  const { setRun } = useMapStore.getState();
  const base = { ...useAppStore.getState().settings };
  const spec = mapSpec(useMapStore.getState().settings);
  const problem = mapProblem(base);
  setRun({ status: problem ? 'error' : 'waiting', base, spec, cells: mapCells(spec.grid).map(() => null), progress: null, error: problem, opened: null });
  if (problem) return;
  const mine = { controller, release: holdLiveRun() };
  current = mine;
  try {
    await backendReady(controller.signal);
    setRun({ status: 'running' });
    const id = ++mapId;
    await new Promise<void>((resolve, reject) => {
      const off = engine.onMap((event) => {
        if (event.id !== id) return;
        if (event.type === 'map-progress') setRun({ progress: event.progress });
        if (event.type === 'map-cell') {
          const cells = [...useMapStore.getState().run.cells];
          cells[event.index] = event.cell;
          setRun({ cells });
        }
        if (event.type !== 'map-end') return;
        off();
        controller.signal.removeEventListener('abort', onAbort);
        if (event.status === 'done') resolve();
        else reject(new Error(event.error ?? 'cancelled'));
      });
      // The engine ends the map with a 'cancelled' event; the page does not wait for it.
      const onAbort = () => {
        off();
        engine.send({ type: 'map-cancel' });
        reject(controller.signal.reason);
      };
      controller.signal.addEventListener('abort', onAbort);
      engine.send({ type: 'map', id, base, spec });
    });
    setRun({ status: 'done' });
  } catch (err) {
    if (controller.signal.aborted) setRun({ status: 'cancelled' });
    else setRun({ status: 'error', error: err instanceof Error ? err.message : String(err) });
  } finally {
    mine.release();
    if (current === mine) current = null;
  }
}

/** Stops the computation and lets the live run go at once (the cells already finished stay). */
export function cancelMap(): void {
  current?.controller.abort();
  current?.release();
  current = null;
}

/** Opens trial `trial` of a cell in the live run: the same settings and seed, so the same experiment. */
export function openCell(x: number, y: number, trial = 0): void {
  const { base, spec } = useMapStore.getState().run;
  if (!base || !spec) return;
  cancelMap();
  const settings = cellSettings(base, spec.grid, x, y, trial);
  if (spec.iters > 0) settings.iters = Math.min(SETTINGS.iters.max, Math.max(SETTINGS.iters.min, spec.iters));
  reconcile(settings);
  const app = useAppStore.getState();
  // Play first: a rebuild autoplays unless the run is paused, and the map had paused it.
  app.send('play');
  app.setSettings(settings);
  useMapStore.getState().set('view', 'live');
}

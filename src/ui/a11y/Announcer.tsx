// The page's polite live region: run started, paused, done, error milestones, the map's progress by quarters.
// It follows the stores outside React renders and speaks once things settle (a slider dragged across ten
// values rebuilds ten runs, and says "Run started." once).
import { useEffect, useRef } from 'react';
import { series } from '../../engine/series';
import { useAppStore } from '../../state/store';
import { useMapStore } from '../map/mapStore';
import { mapSummary } from '../map/mapSummary';
import { quarter, RunAnnouncements, type FirstBelow } from './milestones';

/** Quiet time before speaking: long enough to merge a burst, short enough to follow the run. */
const SETTLE_MS = 800;

const firstBelow: FirstBelow = (arm, threshold) => {
  const trace = series.arms[arm]?.error;
  const i = trace ? trace.y.findIndex((y) => y < threshold) : -1;
  return i >= 0 ? trace!.x[i] : null;
};

function mapLine(status: string, prevStatus: string, fraction: number, prevFraction: number): string | null {
  const run = useMapStore.getState().run;
  if (status !== prevStatus) {
    if (status === 'running') return `Map started: ${run.cells.length} cells.`;
    if (status === 'done' && run.spec) return `Map done. ${mapSummary(run.spec, run.cells, useMapStore.getState().settings.show)}`;
    if (status === 'cancelled') return 'Map cancelled.';
  }
  if (status === 'running' && quarter(fraction) > quarter(prevFraction) && quarter(fraction) < 4) {
    const done = run.cells.filter((c) => c !== null).length;
    return `Map ${25 * quarter(fraction)}% done (${done} of ${run.cells.length} cells).`;
  }
  return null;
}

export function Announcer() {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const tracker = new RunAnnouncements();
    let status: string | null = null;
    let milestones: string[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const speak = () => {
      const text = [...milestones, status].filter(Boolean).join(' ');
      milestones = [];
      status = null;
      if (region.current && text) region.current.textContent = text;
    };
    const say = (said: { milestones: string[]; status: string | null }) => {
      if (!said.milestones.length && !said.status) return;
      milestones.push(...said.milestones);
      status = said.status ?? status;
      clearTimeout(timer);
      timer = setTimeout(speak, SETTLE_MS);
    };
    const offRun = useAppStore.subscribe((state, prev) => {
      const run = state.run;
      if (run === prev.run) return;
      if (run.status === 'building') tracker.reset();
      say(tracker.update(run, firstBelow));
    });
    const offMap = useMapStore.subscribe((state, prev) => {
      const line = mapLine(state.run.status, prev.run.status, state.run.progress?.fraction ?? 0, prev.run.progress?.fraction ?? 0);
      say({ milestones: line ? [line] : [], status: null });
    });
    return () => {
      clearTimeout(timer);
      offRun();
      offMap();
    };
  }, []);
  return <div ref={region} role="status" aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="announcer" />;
}

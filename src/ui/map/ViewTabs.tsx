// "Live run | Recovery map": which view shows, kept in the URL's fragment with the map's settings. While a map
// computes, its tab shows how far it is, from either view.
import { useEffect } from 'react';
import { useMapStore } from './mapStore';
import { startMapUrlSync } from './mapUrl';

export function ViewTabs() {
  const view = useMapStore((s) => s.settings.view);
  const set = useMapStore((s) => s.set);
  const busy = useMapStore((s) => s.run.status === 'running' || s.run.status === 'waiting');
  const fraction = useMapStore((s) => s.run.progress?.fraction ?? 0);
  useEffect(() => startMapUrlSync(), []);
  const choose = (next: 'live' | 'map' | 'lesson') => {
    set('view', next);
    // Plots drawn while hidden have no size: a resize makes plotly's responsive plots measure again.
    if (next === 'live') requestAnimationFrame(() => window.dispatchEvent(new Event('resize')));
  };
  return (
    <nav className="view-tabs" role="tablist" aria-label="view">
      <button type="button" role="tab" aria-selected={view === 'live'} onClick={() => choose('live')}>Live run</button>
      <button type="button" role="tab" aria-selected={view === 'map'} onClick={() => choose('map')}>
        Recovery map
        {busy && <small aria-hidden="true"> {Math.round(100 * fraction)}%</small>}
      </button>
      <button type="button" role="tab" aria-selected={view === 'lesson'} onClick={() => choose('lesson')}>Lessons</button>
    </nav>
  );
}

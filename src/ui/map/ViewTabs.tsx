// The views ("Live run | Recovery map"), as an ARIA tab list: which one shows is kept in the URL's fragment
// with the map's settings. Arrow keys, Home and End move between tabs (roving tabindex: one Tab stop for the
// list); a tab selects its view as it takes focus. While a map computes, its tab shows how far it is.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { MAP_VIEWS } from '../../state/mapSettings';
import { useLecturerAccess } from '../share/lecturerAccess';
import { useMapStore } from './mapStore';
import { startMapUrlSync } from './mapUrl';

export type View = (typeof MAP_VIEWS)[number];

const VIEW_LABELS: Record<View, string> = { live: 'Live run', map: 'Recovery map', lesson: 'Lessons' };

export const tabId = (view: View) => `view-tab-${view}`;
export const panelId = (view: View) => `view-panel-${view}`;

/** The tab that a key moves to from `index`, or null for keys the tab list does not handle. */
function target(key: string, index: number, count: number): number | null {
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

export function chooseView(next: View): void {
  useMapStore.getState().set('view', next);
  // Plots drawn while hidden have no size: a resize makes plotly's responsive plots measure again.
  requestAnimationFrame(() => window.dispatchEvent(new Event('resize')));
}

function MapProgress() {
  const busy = useMapStore((s) => s.run.status === 'running' || s.run.status === 'waiting');
  const fraction = useMapStore((s) => s.run.progress?.fraction ?? 0);
  return busy ? <small aria-hidden="true"> {Math.round(100 * fraction)}%</small> : null;
}

/** The view that shows: a lecturer's link that hides the map always shows the live run, whatever the fragment says. */
function useShownView(): View {
  const chosen = useMapStore((s) => s.settings.view);
  return useLecturerAccess('map').hidden ? 'live' : chosen;
}

export function ViewTabs() {
  const view = useShownView();
  const map = useLecturerAccess('map');
  const reasonId = useId();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => startMapUrlSync(), []);
  const shown = MAP_VIEWS.filter((v) => v !== 'map' || !map.hidden);
  const selectable = shown.filter((v) => v !== 'map' || !map.disabled);
  const onKeyDown = (e: KeyboardEvent) => {
    const next = target(e.key, Math.max(0, selectable.indexOf(view)), selectable.length);
    if (next === null || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    chooseView(selectable[next]);
    tabs.current[shown.indexOf(selectable[next])]?.focus();
  };
  return (
    <nav className="view-tabs" aria-label="views">
      <div role="tablist" aria-label="view" onKeyDown={onKeyDown}>
        {shown.map((v, i) => (
          <button
            key={v}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={tabId(v)}
            aria-selected={view === v}
            aria-controls={panelId(v)}
            tabIndex={view === v ? 0 : -1}
            onClick={() => chooseView(v)}
            disabled={v === 'map' && !!map.disabled}
            title={v === 'map' ? map.disabled ?? undefined : undefined}
            aria-describedby={v === 'map' && map.disabled ? reasonId : undefined}
          >
            {VIEW_LABELS[v]}
            {v === 'map' && <MapProgress />}
          </button>
        ))}
      </div>
      {map.disabled && <span id={reasonId} hidden>{map.disabled}</span>}
    </nav>
  );
}

/**
 * A view's panel. Always in the page (the tabs point at it), hidden while another view shows; `lazy` views
 * mount their content only while shown.
 */
export function ViewPanel({ view, lazy = false, children }: { view: View; lazy?: boolean; children: ReactNode }) {
  const shown = useShownView() === view;
  return (
    <div role="tabpanel" id={panelId(view)} aria-labelledby={tabId(view)} className="view" hidden={!shown}>
      {(shown || !lazy) && children}
    </div>
  );
}

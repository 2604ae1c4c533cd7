// The recovery map's state: its settings (mirrored in the URL's fragment) apart from the computation
// (transient). Progress changes every frame; components that show it select only it.
import { create } from 'zustand';
import type { CellResult, MapProgress, MapSpec } from '../../core/recoveryMap';
import { mapSettingsFromHash, type MapKey, type MapProblem, type MapSettings } from '../../state/mapSettings';
import type { Settings } from '../../core/settings';

export type MapStatus = 'idle' | 'waiting' | 'running' | 'done' | 'cancelled' | 'error';

export interface MapRun {
  status: MapStatus;
  /** The experiment and map the cells shown were computed for (the settings may have moved on since). */
  base: Settings | null;
  spec: MapSpec | null;
  /** In mapCells order; null until the cell finishes. */
  cells: (CellResult | null)[];
  progress: MapProgress | null;
  error: string | null;
  /** The map file these cells were opened from ("Open map"), or null when computed here. */
  opened: { name: string; notes: string[]; provenance: string } | null;
}

export interface MapState {
  settings: MapSettings;
  notices: MapProblem[];
  run: MapRun;
  set: <K extends MapKey>(key: K, value: MapSettings[K]) => void;
  setAll: (settings: MapSettings, notices?: MapProblem[]) => void;
  dismissNotices: () => void;
  /** Adds what a control had to change (a clamped value) to the notices. */
  notify: (problems: MapProblem[]) => void;
  setRun: (patch: Partial<MapRun>) => void;
}

const initial = typeof location === 'undefined' ? mapSettingsFromHash('') : mapSettingsFromHash(location.hash);

export const useMapStore = create<MapState>()((set) => ({
  // Read before the first render, so a link to the map opens on the map.
  settings: initial.settings,
  notices: initial.problems,
  run: { status: 'idle', base: null, spec: null, cells: [], progress: null, error: null, opened: null },
  set: (key, value) => set((s) => ({ settings: { ...s.settings, [key]: value } })),
  setAll: (settings, notices = []) => set({ settings, notices }),
  dismissNotices: () => set({ notices: [] }),
  notify: (problems) => set((s) => ({ notices: [...s.notices, ...problems] })),
  setRun: (patch) => set((s) => ({ run: { ...s.run, ...patch } })),
}));

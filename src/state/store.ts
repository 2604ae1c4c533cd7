// The app's state: settings (mirrored in the URL) apart from run state (transient). Per-frame plot data does
// not pass through here (see engine/series.ts); only the small readouts the panels show.
import { create } from 'zustand';
import type { ArmName } from '../core/arms';
import type { TensorReport } from '../core/tensorArm';
import type { BackendInfo } from '../engine/browserBackend';
import { DEFAULTS, reconcile, type Problem, type SettingKey, type Settings } from '../core/settings';

export type RunStatus = 'starting' | 'building' | 'running' | 'paused' | 'done' | 'error';

export interface ArmReadout {
  name: ArmName;
  initError: number;
  error: number;
  loss: number;
  testLoss: number;
  /** Classification: train and test accuracy of 1[H > 1/2]; NaN otherwise. */
  accuracy: number;
  testAccuracy: number;
  /** Per-step contraction of the error over the recent half of the run; null until measurable. */
  rate: number | null;
  stopped: string | null;
}

export interface RunState {
  status: RunStatus;
  iteration: number;
  itersPerSecond: number;
  arms: ArmReadout[];
  backend: BackendInfo | null;
  /** Where the engine runs, and why not in a worker when it was asked to (null until it started). */
  engine: { thread: 'worker' | 'main'; fallback: string | null } | null;
  /** Why the run cannot go on (a size that does not fit, a backend that failed). */
  error: string | null;
  /** The engine itself is down (its code did not load): only a reload helps. */
  fatal: boolean;
  /** What the user should know about this run (symmetries, an arm that could not be built). */
  messages: string[];
  /** How the tensor initialization went (null without a tensor arm). */
  tensor: TensorReport | null;
}

export interface AppState {
  settings: Settings;
  /** What was changed when reading a URL: listed in the notice until dismissed. */
  notices: Problem[];
  run: RunState;
  /** Requests to the engine; it watches these. */
  command: { kind: 'play' | 'pause' | 'step' | 'reset'; at: number } | null;
  setSetting: <K extends SettingKey>(key: K, value: Settings[K]) => void;
  setSettings: (settings: Settings, notices?: Problem[]) => void;
  dismissNotices: () => void;
  send: (kind: 'play' | 'pause' | 'step' | 'reset') => void;
  setRun: (patch: Partial<RunState>) => void;
}

export const initialRun: RunState = {
  status: 'starting', iteration: 0, itersPerSecond: 0, arms: [], backend: null, engine: null, error: null, fatal: false, messages: [], tensor: null,
};

export const useAppStore = create<AppState>()((set) => ({
  settings: { ...DEFAULTS },
  notices: [],
  run: initialRun,
  command: null,
  setSetting: (key, value) =>
    set((state) => {
      const settings = { ...state.settings, [key]: value };
      reconcile(settings);
      return { settings };
    }),
  setSettings: (settings, notices = []) => set({ settings, notices }),
  dismissNotices: () => set({ notices: [] }),
  send: (kind) => set({ command: { kind, at: performance.now() } }),
  setRun: (patch) => set((state) => ({ run: { ...state.run, ...patch } })),
}));

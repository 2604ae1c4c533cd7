// The app's state: settings (mirrored in the URL) apart from run state (transient). Per-frame plot data does
// not pass through here (see engine/series.ts); only the small readouts the panels show.
import { create } from 'zustand';
import type { ArmName } from '../core/arms';
import type { ArmBand } from '../core/bands';
import type { BuildStage } from '../core/buildStages';
import type { TensorReport } from '../core/tensorArm';
import type { BackendInfo } from '../engine/browserBackend';
import { DEFAULTS, PROBLEM_LR, reconcile, type Problem, type SettingKey, type Settings } from '../core/settings';

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
  /** The learning rate a stopped arm's verdict suggests. */
  suggestedLr: number | null;
  /** Many seeds (settings.trials > 1): median, 10–90% band and success fraction over them; null for one seed. */
  band?: ArmBand | null;
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
  /** The stage the build is in (null once built). */
  build: { stage: BuildStage; fraction: number } | null;
}

export interface AppState {
  settings: Settings;
  /** What was changed when reading a URL: listed in the notice until dismissed. */
  notices: Problem[];
  /**
   * The learning rate is the user's own: set in this session, or by a link (or preset) to another value than its
   * problem's default. Until then, switching the problem moves it to that problem's default.
   */
  lrChosen: boolean;
  /** What a change of setting changed besides itself (the learning rate on a problem switch), politely announced. */
  settingNote: string | null;
  run: RunState;
  /** Requests to the engine; it watches these. */
  command: { kind: 'play' | 'pause' | 'step' | 'reset'; at: number } | null;
  setSetting: <K extends SettingKey>(key: K, value: Settings[K]) => void;
  setSettings: (settings: Settings, notices?: Problem[]) => void;
  dismissNotices: () => void;
  dismissSettingNote: () => void;
  send: (kind: 'play' | 'pause' | 'step' | 'reset') => void;
  setRun: (patch: Partial<RunState>) => void;
}

export const initialRun: RunState = {
  status: 'starting', iteration: 0, itersPerSecond: 0, arms: [], backend: null, engine: null, error: null, fatal: false, messages: [], tensor: null, build: null,
};

/** On a problem switch, moves `next.lr` to the new problem's default; returns the note that says so, or null. */
export function followProblemLr(prev: Settings, next: Settings): string | null {
  const lr = PROBLEM_LR[next.task];
  if (next.task === prev.task || next.lr === lr) return null;
  const from = next.lr;
  next.lr = lr;
  const why = next.task === 'classification'
    ? 'classification needs large steps (the output weights 1/k make the gradient small)'
    : 'regression needs small steps (larger ones diverge)';
  return `The learning rate moved from η = ${from} to η = ${lr} for ${next.task}: ${why}. Set η yourself and it stays.`;
}

export const useAppStore = create<AppState>()((set) => ({
  settings: { ...DEFAULTS },
  notices: [],
  lrChosen: false,
  settingNote: null,
  run: initialRun,
  command: null,
  setSetting: (key, value) =>
    set((state) => {
      const settings = { ...state.settings, [key]: value };
      const lrChosen = state.lrChosen || key === 'lr';
      const note = lrChosen ? null : followProblemLr(state.settings, settings);
      reconcile(settings);
      return { settings, lrChosen, settingNote: note ?? (key === 'lr' ? null : state.settingNote) };
    }),
  setSettings: (settings, notices = []) => set({ settings, notices, lrChosen: settings.lr !== PROBLEM_LR[settings.task], settingNote: null }),
  dismissNotices: () => set({ notices: [] }),
  dismissSettingNote: () => set({ settingNote: null }),
  send: (kind) => set({ command: { kind, at: performance.now() } }),
  setRun: (patch) => set((state) => ({ run: { ...state.run, ...patch } })),
}));

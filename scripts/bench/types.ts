// What the runners hand to the report: per runtime and backend, one outcome per size.
import type { ProfileSummary } from './profile';
import type { ThreadShares } from './threads';
import type { BenchSize, CellResult, InitResult, KernelCounts } from '../../src/bench/measure';

export type CellOutcome = { size: BenchSize; result: CellResult } | { size: BenchSize; skipped: string } | { size: BenchSize; failed: string };

export interface BackendRun {
  runtime: 'node' | 'chromium';
  /** The backend asked for. */
  backend: string;
  /** Threads, SIMD, renderer: what actually ran. */
  detail: string;
  /** Why the whole backend did not run (absent, or fell back to another one). */
  skipped?: string;
  kernels?: KernelCounts;
  /** One tiny kernel, dispatched and finished: the fixed cost every op pays. */
  opOverheadUs?: number;
  cells: CellOutcome[];
  /** The tensor initialization alone at the --init-sizes (Node only). */
  inits?: { size: BenchSize; init: InitResult }[];
}

/** The NumPy float32 peer at one size, with its BLAS threads as found and with one thread. */
export interface PeerCell {
  size: BenchSize;
  stepsPerSecond: number | null;
  stepsPerSecond1Thread: number | null;
  skipped?: string;
}

export interface PeerRun {
  available: boolean;
  /** NumPy version and BLAS, or why the peer was skipped. */
  detail: string;
  cells: PeerCell[];
}

/** The real app page, measured while a run goes. */
export interface UiCell {
  backend: string;
  size: BenchSize;
  /** The backend the page reported, and its fallback message if it fell back. */
  actual?: string;
  /** Where the page's engine ran: 'worker' or 'main'. */
  thread?: string;
  skipped?: string;
  failed?: string;
  /** Iterations per second of the whole page (engine, plots, React) over the window. */
  itersPerSecond?: number;
  windowSeconds?: number;
  /** 'alone': the rate and CPU by thread come from a window without the profiler and frame monitor (older reports: one window with both). */
  rateWindow?: 'alone';
  /** Longest gap between animation frames, and long tasks (≥ 50 ms) in the window. */
  longestFrameMs?: number;
  framesPerSecond?: number;
  longTasks?: { count: number; longestMs: number; totalMs: number };
  /** Redraws of the two convergence plots in the window: how many, and their median and longest cost (ms). */
  plotDrawMs?: { count: number; median: number; max: number };
  /** Learning-rate slider change → the next point on the error plot (ms), each try. */
  lrToPointMs?: number[];
  /** Samples slider change → the error plot restarts with its first point (debounce and rebuild included). */
  nToPointMs?: number[];
  /** Longest task while the n change rebuilt the experiment. */
  rebuildLongestTaskMs?: number;
  /** Main-thread time by origin over the window (a sampled CPU profile). */
  profile?: ProfileSummary;
  /** The same, from the first samples-n change until its first point. */
  rebuildProfile?: ProfileSummary;
  /** CPU by Chromium thread group over the window, in cores (Linux only; absent in older reports). */
  threads?: ThreadShares;
  /** Each samples-n try by phase, from the engine's messages as the page got them (worker engine only). */
  rebuildPhases?: RebuildPhases[];
}

/** Milliseconds of one rebuild, each phase from the end of the one before (they add up to n→point). */
export interface RebuildPhases {
  /** Key press → the engine's 'building' (the page's debounce and message, the frame or probe piece in flight). */
  answered: number;
  /** → 'built': teacher, samples, tensor initialization, upload. */
  built: number;
  /** → the first frame's figures on the page. */
  firstFrame: number;
  /** → the error plot showing it. */
  drawn: number;
  /** The build's stages (ms), as the engine timed them. */
  stages: Record<string, number>;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  chromium: string | null;
  os: string;
  /** The 1-minute load average when the run started and ended: the machine is shared. */
  load: number[];
}

export interface BenchReport {
  version: 1;
  date: string;
  options: { quick: boolean; budgetMs: number; sizes: BenchSize[]; backends: string[]; ui: boolean; initSizes?: BenchSize[] };
  machine: Machine;
  runs: BackendRun[];
  peer: PeerRun;
  /** The same NumPy step at the app's width (k × the app's arms columns): like for like with the app's step. */
  peerWide?: PeerRun;
  ui: UiCell[];
  notes: string[];
}

// The messages between the page and the engine (a Web Worker, or the page itself as the fallback). Every field is
// plain data, so the same messages cross a worker boundary by structured clone or stay in the page as they are.
import type { ArmName } from '../core/arms';
import type { BandFrame } from '../core/bands';
import type { BuildStage } from '../core/buildStages';
import type { Float32Floor } from '../core/float32Floor';
import type { FrameFigures } from '../core/experiment';
import type { CellResult, MapProgress, MapSpec } from '../core/recoveryMap';
import type { TensorReport } from '../core/tensorArm';
import type { Settings } from '../core/settings';
import type { BackendInfo } from './browserBackend';
import type { ConvexityState } from './convexityState';
import type { Trace } from './series';

export type EngineCommand =
  /** Disposes the current run and builds one from `settings`; plays at once when `autoplay`. */
  | { type: 'build'; settings: Settings; autoplay: boolean }
  | { type: 'lr'; lr: number }
  | { type: 'iters'; iters: number }
  | { type: 'play' }
  | { type: 'pause' }
  /** One frame of one step, then paused. */
  | { type: 'step' }
  /**
   * Starts (true) or stops the strong-convexity probes; their state comes back as `probe` events. `inView`:
   * whether the explorer is on screen (default true); off screen, its rays and landscape wait until it is.
   */
  | { type: 'probe'; attach: boolean; inView?: boolean }
  /** `id` tags the map's events: a cancelled map's last events are not taken for the next one's. */
  | { type: 'map'; id: number; base: Settings; spec: MapSpec }
  | { type: 'map-cancel' }
  /** Loses the WebGL context on purpose, as a GPU reset would: the engine must rebuild and go on (tests use it). */
  | { type: 'lose-context' };

export type LoopStatus = 'running' | 'paused' | 'done';

/** What the page needs of a freshly built run (the experiment itself stays with the engine). */
export interface BuiltRun {
  generation: number;
  settings: Settings;
  d: number;
  k: number;
  /** The teacher's W (d×k row-major): the overlap map compares the students' units with it. */
  teacherW: Float64Array;
  /** The teacher's output weights v* (saved in run files beside W*). */
  teacherV: Float64Array;
  arms: { name: ArmName; initError: number }[];
  messages: string[];
  tensor: TensorReport | null;
}

export type EngineEvent =
  /** The engine's code loaded and listens (the worker's handshake). */
  | { type: 'ready' }
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'building'; generation: number }
  /** A build entered `stage`; `fraction`: how far through the build's stages, `seconds` since the build began. */
  | { type: 'build-progress'; generation: number; stage: BuildStage; fraction: number; seconds: number }
  | ({ type: 'built' } & BuiltRun)
  /** One frame's figures; `stoppedBefore[a]`: arm a had stopped before this frame (its points are not plotted);
   * `band`: every seed's arms when the run trains many seeds (settings.trials > 1), else null. */
  | { type: 'frame'; generation: number; figures: FrameFigures; stoppedBefore: boolean[]; stopped: (string | null)[]; band: BandFrame | null }
  /** The float32 floor of this run's error curves, measured after the build (and again when η changes). */
  | { type: 'floor'; generation: number; floor: Float32Floor }
  | { type: 'status'; generation: number; status: LoopStatus }
  | { type: 'error'; generation: number; message: string }
  /** The convexity probes' results. */
  | { type: 'probe'; state: ConvexityState }
  /** Every frame: only the landscape's trajectories moved (a few numbers, not the whole state). */
  | { type: 'probe-paths'; generation: number; paths: Trace[] }
  | { type: 'map-progress'; id: number; progress: MapProgress }
  | { type: 'map-cell'; id: number; index: number; cell: CellResult }
  | { type: 'map-end'; id: number; status: 'done' | 'cancelled' | 'error'; error: string | null };

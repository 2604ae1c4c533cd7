// The recovery map (Zhong et al., Figure 1; Fu, Chi, Liang): success rate and initialization error over a
// grid of two settings (n against d by default), each cell averaged over trials. Trial t of a cell is exactly
// the app's experiment with the cell's settings and seed = base seed + t: same teacher, samples and
// initialization, so a cell click can open it. The trials of a cell train as one batched program (trials.ts).
import * as tf from '@tensorflow/tfjs-core';
import { randomWeights } from './arms';
import { flipSymmetric, makeData, sizeProblem } from './build';
import { knownOutputs } from './tensorArm';
import { tensorInit, TensorInitError } from './tensorInit';
import { SUCCESS_ERROR, trainTrials, type PreparedTrial, type TrainedTrial } from './trials';
import { axisValues, type Grid } from './mapGrid';
import { SETTINGS, type Settings } from './settings';

// The grid (axes, ranges, its text form) lives in mapGrid.ts; the map's users import it from here.
export {
  AXIS_SYMBOLS, axisValues, DEFAULT_GRID, formatGrid, formatRange, MAP_AXES, MAX_AXIS_VALUES, MAX_GRID_LENGTH, parseGrid,
  type AxisRange, type Grid, type MapAxis,
} from './mapGrid';

export const MAP_INITS = ['tensor', 'random'] as const;
export type MapInit = (typeof MAP_INITS)[number];
export const INIT_LABELS: Record<MapInit, string> = { tensor: 'tensor method', random: 'random W, true v' };

/** Trials of one batched program hold at most this many sample numbers T·n·d (64 MiB of float32 for X). */
export const MAX_BATCH_ELEMENTS = 2 ** 24;

export interface MapSpec {
  grid: Grid;
  trials: number;
  init: MapInit;
  /** Gradient-descent steps after the initialization; 0 measures the initialization alone. */
  iters: number;
}

/** Seed of trial t: the base seed + t, kept within the seed's range. */
export function trialSeed(base: Settings, trial: number): number {
  return (base.seed + trial) % (SETTINGS.seed.max + 1);
}

/** The app's settings for trial `trial` of the cell at axis values (x, y): a cell click opens exactly these. */
export function cellSettings(base: Settings, grid: Grid, x: number, y: number, trial: number): Settings {
  return { ...base, [grid.x.key]: x, [grid.y.key]: y, seed: trialSeed(base, trial) };
}

/** Why no trial of the map can run with these base settings, or null. */
export function mapProblem(base: Settings): string | null {
  if (base.model === 'cnn') return 'The recovery map is for the fully connected network: the CNN has one filter and no units to match.';
  return null;
}

/** Why a cell cannot run (before any trial), or null. */
export function cellProblem(s: Settings, maxElements: number): string | null {
  if (s.k > s.d) return `k = ${s.k} > d = ${s.d}: the teacher's k directions must be independent in R^d.`;
  return sizeProblem(s.n, s.d, maxElements);
}

export interface MapTrial {
  seed: number;
  /** Why this trial has no initialization (the tensor method's message), or null. */
  reason: string | null;
  result: TrainedTrial | null;
}

export interface CellResult {
  x: number;
  y: number;
  trials: MapTrial[];
  /** Why the cell has no numbers (every trial failed the same way), or null. */
  reason: string | null;
  /** Over the trials that had an initialization; null when none had. */
  successRate: number | null;
  /** Mean over trials of max_j ‖w_j − w*_j‖/‖w*_j‖ at the initialization. */
  meanInitError: number | null;
  /** Mean ‖W₀ − W*‖_F/‖W*‖_F at the initialization (the live view's "init error"). */
  meanInitErrorFro: number | null;
  /** Mean max unit error where the trials stopped. */
  meanFinalError: number | null;
  /** Mean steps to recovery over the recovered trials; null when none was. */
  meanItersToSuccess: number | null;
  /** Fraction of trials whose initialization had the right output signs. */
  initSignsRight: number | null;
  seconds: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function summarizeCell(x: number, y: number, trials: MapTrial[], seconds: number, cellReason: string | null = null): CellResult {
  const done = trials.flatMap((t) => (t.result ? [t.result] : []));
  const reasons = [...new Set(trials.flatMap((t) => (t.reason ? [t.reason] : [])))];
  const recovered = done.filter((r) => r.outcome === 'recovered');
  return {
    x,
    y,
    trials,
    reason: cellReason ?? (done.length ? null : reasons.join(' ') || null),
    successRate: done.length ? recovered.length / done.length : null,
    meanInitError: mean(done.map((r) => r.initError)),
    meanInitErrorFro: mean(done.map((r) => r.initErrorFro)),
    meanFinalError: mean(done.map((r) => r.finalError)),
    meanItersToSuccess: mean(recovered.map((r) => r.iterations)),
    initSignsRight: mean(done.map((r) => (r.initSignsRight ? 1 : 0))),
    seconds,
  };
}

/** The trial's samples on the device and its initialization, or why the tensor method has none. */
async function prepareTrial(s: Settings, init: MapInit): Promise<PreparedTrial | { reason: string }> {
  const { teacher, train } = makeData(s);
  const X = tf.tensor2d(train.X, [train.n, train.d]);
  const y = tf.tensor1d(train.y);
  if (init === 'random') {
    return { teacher, X, y, W: randomWeights(teacher, s.rscale, s.seed, 'init:random'), v: teacher.v.slice() };
  }
  try {
    const r = await tensorInit({ X, y, act: s.act, slope: s.slope, k: s.k, split: s.split === '1', knownV: knownOutputs(s, teacher), seed: s.seed });
    return { teacher, X, y, W: r.W, v: r.v };
  } catch (err) {
    X.dispose();
    y.dispose();
    if (err instanceof TensorInitError) return { reason: err.message };
    throw err;
  }
}

export interface CellOptions {
  signal?: AbortSignal;
  /** Fraction of the cell done. */
  onProgress?: (fraction: number) => void;
  /** Most trials in one batched program; default: batchSize's choice. */
  maxBatch?: number;
  frameMs?: number;
  yieldToHost?: () => Promise<void>;
  /** The largest n·d the backend holds in one tensor. */
  maxElements?: number;
}

/**
 * On WASM a product over a batch of trials is a scalar loop (trials.ts), against XNNPACK for one trial: one
 * program for all trials beats one trial at a time while per-op dispatch dominates, that is while n·d·k is at
 * most about this (measured, 10 trials: 2.3× at n·d·k = 4·10³, 1.4× at 6·10⁴, break-even near 10⁵, 0.4× at 10⁶).
 */
export const WASM_BATCH_MAX_NDK = 1e5;

/** Trials per batched program: as many as fit MAX_BATCH_ELEMENTS, or one on WASM for large cells. */
export function batchSize(n: number, d: number, k: number, trials: number, maxBatch?: number, backend = tf.getBackend()): number {
  if (maxBatch === undefined && backend === 'wasm' && n * d * k > WASM_BATCH_MAX_NDK) return 1;
  return Math.max(1, Math.min(trials, maxBatch ?? trials, Math.floor(MAX_BATCH_ELEMENTS / (n * d))));
}

/** All trials of one cell: prepared one by one, trained in batches of batchSize trials. */
export async function runCell(base: Settings, spec: MapSpec, x: number, y: number, options: CellOptions = {}): Promise<CellResult> {
  const started = performance.now();
  const s0 = cellSettings(base, spec.grid, x, y, 0);
  const seconds = () => (performance.now() - started) / 1000;
  const problem = mapProblem(s0) ?? cellProblem(s0, options.maxElements ?? Infinity);
  const seeds = Array.from({ length: spec.trials }, (_, t) => trialSeed(base, t));
  if (problem) return summarizeCell(x, y, seeds.map((seed) => ({ seed, reason: problem, result: null })), seconds(), problem);
  const size = batchSize(s0.n, s0.d, s0.k, spec.trials, options.maxBatch);
  const chunks = Math.ceil(spec.trials / size);
  const trials: MapTrial[] = [];
  const report = (chunk: number, prepared: number, count: number, trained: number) => {
    const part = spec.iters > 0 ? 0.3 * (prepared / count) + 0.7 * trained : prepared / count;
    options.onProgress?.((chunk + part) / chunks);
  };
  for (let chunk = 0; chunk < chunks; chunk++) {
    const members = seeds.slice(chunk * size, (chunk + 1) * size).map((seed, i) => ({ seed, trial: chunk * size + i }));
    const prepared: { at: number; trial: PreparedTrial }[] = [];
    try {
      for (const m of members) {
        options.signal?.throwIfAborted();
        const p = await prepareTrial(cellSettings(base, spec.grid, x, y, m.trial), spec.init);
        if ('reason' in p) trials.push({ seed: m.seed, reason: p.reason, result: null });
        else {
          prepared.push({ at: trials.length, trial: p });
          trials.push({ seed: m.seed, reason: null, result: null });
        }
        report(chunk, trials.length - chunk * size, members.length, 0);
        await (options.yieldToHost ?? (() => Promise.resolve()))();
      }
    } catch (err) {
      prepared.forEach(({ trial }) => [trial.X, trial.y].forEach((t) => t.dispose()));
      throw err;
    }
    if (!prepared.length) continue;
    const trained = await trainTrials(prepared.map((p) => p.trial), {
      act: s0.act, slope: s0.slope, loss: s0.loss, lr: s0.lr, allowFlip: flipSymmetric(s0),
    }, {
      iters: spec.iters, signal: options.signal, frameMs: options.frameMs, yieldToHost: options.yieldToHost,
      onProgress: (f) => report(chunk, members.length, members.length, f),
    });
    trained.forEach((result, i) => (trials[prepared[i].at].result = result));
  }
  return summarizeCell(x, y, trials, seconds());
}

export interface MapProgress {
  cellsDone: number;
  cells: number;
  /** Fraction of the estimated work done. */
  fraction: number;
  elapsedSeconds: number;
  /** Estimated seconds left, null until a cell has finished. */
  etaSeconds: number | null;
}

export interface MapOptions extends Omit<CellOptions, 'onProgress'> {
  /** Indices into mapCells' order of the cells to run (one shard of the map); all of them when absent. */
  only?: number[];
  /** `index`: the cell's place in mapCells' order. */
  onCell?: (cell: CellResult, index: number) => void;
  onProgress?: (progress: MapProgress) => void;
}

/** The map's cells in the order they run: row by row (y), each row along x. */
export function mapCells(grid: Grid): { x: number; y: number }[] {
  const xs = axisValues(grid.x);
  return axisValues(grid.y).flatMap((y) => xs.map((x) => ({ x, y })));
}

/**
 * Relative work of a cell, for the progress bar and the time left: sample generation and the tensor method's
 * moments grow like n·d·(d + const), each step like n·d·k. Early stops make the estimate pessimistic at first;
 * the time left is rescaled by the work actually measured.
 */
export function cellCost(s: Settings, trials: number, iters: number): number {
  if (s.k > s.d) return 0;
  return trials * s.n * s.d * (s.d + 50 + 4 * s.k * iters);
}

export async function runMap(base: Settings, spec: MapSpec, options: MapOptions = {}): Promise<CellResult[]> {
  const all = mapCells(spec.grid);
  const indices = options.only ?? all.map((_, i) => i);
  const cells = indices.map((i) => all[i]);
  const costs = cells.map(({ x, y }) => cellCost(cellSettings(base, spec.grid, x, y, 0), spec.trials, spec.iters));
  const total = costs.reduce((a, b) => a + b, 0) || 1;
  const started = performance.now();
  let doneCost = 0;
  /** Seconds per unit of cost, measured over the finished cells (trials that stop early make it smaller). */
  let rate: number | null = null;
  const progress = (cellsDone: number, partial: number) => {
    const fraction = Math.min(1, (doneCost + partial) / total);
    const elapsedSeconds = (performance.now() - started) / 1000;
    const etaSeconds = rate === null ? null : rate * Math.max(0, total - doneCost - partial);
    options.onProgress?.({ cellsDone, cells: cells.length, fraction, elapsedSeconds, etaSeconds });
  };
  const results: CellResult[] = [];
  for (const [i, { x, y }] of cells.entries()) {
    options.signal?.throwIfAborted();
    const cell = await runCell(base, spec, x, y, { ...options, onProgress: (f) => progress(i, f * costs[i]) });
    doneCost += costs[i];
    if (doneCost > 0) rate = (performance.now() - started) / 1000 / doneCost;
    results.push(cell);
    options.onCell?.(cell, indices[i]);
    progress(i + 1, 0);
  }
  return results;
}

const csvNumber = (x: number | null) => (x === null || Number.isNaN(x) ? '' : Number.isFinite(x) ? String(Number(x.toPrecision(8))) : String(x));
const csvText = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One row per cell: the numbers the map shows and the ones its tooltips show. */
export function mapCsv(grid: Grid, cells: CellResult[]): string {
  const header = [
    grid.x.key, grid.y.key, 'trials', 'trials_with_init', 'success_rate', 'mean_init_error', 'mean_init_error_fro',
    'mean_final_error', 'mean_iterations_to_success', 'init_signs_right', 'note',
  ];
  const rows = cells.map((c) => [
    csvNumber(c.x), csvNumber(c.y), String(c.trials.length), String(c.trials.filter((t) => t.result).length),
    csvNumber(c.successRate), csvNumber(c.meanInitError), csvNumber(c.meanInitErrorFro), csvNumber(c.meanFinalError),
    csvNumber(c.meanItersToSuccess), csvNumber(c.initSignsRight), csvText(c.reason ?? ''),
  ].join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

export { SUCCESS_ERROR };

/** "45 s", "3 min 20 s", "1 h 05 min": the time left, as the progress bars show it. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

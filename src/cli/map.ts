// `npm run recover -- --map n=10000:100000:10000,d=10:50:10 --trials 10 [--init tensor|random] [--iters 0]
// [--batch T] [--json]`: the app's recovery map from a script. The other arguments set the experiment each
// trial runs, as in a single run; a progress bar with the time left goes to stderr.
import { cellToFile, mapFileHeader, shardCells } from '../core/mapFile';
import { axisValues, formatDuration, formatGrid, mapCells, mapProblem, parseGrid, runMap, type CellResult, type MapProgress, type MapSpec } from '../core/recoveryMap';
import { describeMapRange, mapSpec, parseMapSettings, type MapKey } from '../state/mapSettings';
import { clip } from '../core/clip';
import { readDecimal } from '../core/decimal';
import type { Settings } from '../core/settings';
import { ArgumentError } from './args';
import type { CliReport } from './run';
import { resolveShard, type ResolvedShard } from './shard';

export interface MapCliOptions {
  spec: MapSpec;
  /** Most trials per batched program (1: one trial at a time); null: as many as fit. */
  batch: number | null;
  /** The slice of the cells to run (--shard, or the scheduler's environment); null: every cell. */
  shard: ResolvedShard | null;
}

/** The keys the CLI's map mode takes, beside the experiment's settings. */
const CLI_MAP_KEYS: MapKey[] = ['map', 'trials', 'init', 'iters'];

/** Strict, like the rest of the CLI: a bad value is an error naming the argument, never clamped. */
export function parseMapArgs(raw: Record<string, string>, settings: Settings, env: Record<string, string | undefined> = process.env): MapCliOptions {
  if (raw.map === undefined) {
    throw new ArgumentError(`--${Object.keys(raw)[0]} is for a recovery map: give --map too, e.g. --map n=1000:16000:*2,d=5:20:5`);
  }
  const pairs = CLI_MAP_KEYS.flatMap((key): [string, string][] => (raw[key] === undefined ? [] : [[key, raw[key]]]));
  const { settings: map, problems } = parseMapSettings(pairs);
  const p = problems[0];
  if (p) {
    // The grid's own reasons, without the notice's "Using the map …": the CLI uses none.
    const why = p.key === 'map' ? parseGrid(raw.map).problems.slice(0, -1).join(' ') : `it must be ${describeMapRange(p.key)}.`;
    throw new ArgumentError(`--${p.key} ${p.given} is not allowed: ${why}`);
  }
  const problem = mapProblem(settings);
  if (problem) throw new ArgumentError(problem);
  let batch: number | null = null;
  if (raw.batch !== undefined) {
    batch = readDecimal(raw.batch);
    if (batch === null || !Number.isInteger(batch) || batch < 1) {
      throw new ArgumentError(`--batch ${clip(raw.batch)} is not allowed: it must be a positive integer (trials per batched program).`);
    }
  }
  return { spec: mapSpec(map), batch, shard: resolveShard(raw.shard, env) };
}

const WIDTH = 24;

/** A progress bar redrawn in place on a terminal; one line per finished cell when stderr is a file or pipe. */
function progressWriter(stderr: NodeJS.WriteStream | NodeJS.WritableStream): (p: MapProgress) => void {
  const tty = 'isTTY' in stderr && stderr.isTTY;
  let lastDraw = 0;
  let cellsDone = -1;
  return (p) => {
    const now = performance.now();
    const cellDone = p.cellsDone !== cellsDone;
    cellsDone = p.cellsDone;
    if (!cellDone && (!tty || now - lastDraw < 200)) return;
    lastDraw = now;
    const done = p.cellsDone === p.cells;
    const filled = Math.round(p.fraction * WIDTH);
    const time = done ? `, ${formatDuration(p.elapsedSeconds)} in all` : p.etaSeconds === null ? '' : `, about ${formatDuration(p.etaSeconds)} left`;
    const line = `map [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${p.cellsDone}/${p.cells} cells ${(100 * p.fraction).toFixed(0).padStart(3)}%${time}`;
    stderr.write(tty ? `\r${line}\u001b[K${done ? '\n' : ''}` : `${line}\n`);
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(0)}%`);
const sci = (x: number | null) => (x === null ? '—' : Number.isFinite(x) ? x.toExponential(2) : String(x));

/** One table of the map: rows y (top: largest), columns x. */
function table(spec: MapSpec, cells: CellResult[], title: string, value: (c: CellResult) => string): string {
  const xs = axisValues(spec.grid.x);
  const ys = axisValues(spec.grid.y);
  const at = (x: number, y: number) => cells.find((c) => c.x === x && c.y === y);
  const width = Math.max(9, ...xs.map((x) => String(x).length + 1));
  const lines = [title, `${`${spec.grid.y.key} \\ ${spec.grid.x.key}`.padStart(10)}${xs.map((x) => String(x).padStart(width)).join('')}`];
  for (const y of [...ys].reverse()) {
    lines.push(`${String(y).padStart(10)}${xs.map((x) => {
      const c = at(x, y);
      return (c ? value(c) : '').padStart(width);
    }).join('')}`);
  }
  return lines.join('\n');
}

export async function runMapCli(
  settings: Settings, options: MapCliOptions, backend: string, stderr: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr,
): Promise<CliReport> {
  const { spec, shard } = options;
  const started = performance.now();
  const only = shard ? shardCells(mapCells(spec.grid).length, shard) : undefined;
  if (shard) stderr.write(`map: shard ${shard.index}/${shard.count} (${shard.source}): ${only!.length} of ${mapCells(spec.grid).length} cells\n`);
  const cells = await runMap(settings, spec, { maxBatch: options.batch ?? undefined, frameMs: 500, onProgress: progressWriter(stderr), only });
  const seconds = (performance.now() - started) / 1000;
  const json = {
    ...mapFileHeader(settings, spec, options.batch, shard && { index: shard.index, count: shard.count }),
    backend,
    seconds,
    cells: cells.map(cellToFile),
  };
  return { ok: true, text: mapText(settings, spec, cells, backend, seconds, shard), json };
}

/** The map's text report: both tables (a shard's other cells left blank), and why cells have no numbers. */
export function mapText(settings: Settings, spec: MapSpec, cells: CellResult[], backend: string, seconds: number, shard: { index: number; count: number } | null): string {
  const reasons = [...new Set(cells.flatMap((c) => (c.reason ? [c.reason] : [])))];
  return [
    `Recovery map — ${formatGrid(spec.grid, '=')}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}, ${spec.trials} trials a cell, ${spec.init} initialization, ` +
      `${spec.iters} steps, ${settings.act}, k=${settings.k}, κ=${settings.kappa}, η=${settings.lr}, seeds ${settings.seed}…, backend ${backend}`,
    '',
    table(spec, cells, `success rate (max_j ‖w_j − w*_j‖/‖w*_j‖ ≤ 0.01 with the right output signs${spec.iters === 0 ? ', initialization alone' : ''})`, (c) => pct(c.successRate)),
    '',
    table(spec, cells, 'mean initialization error (max_j ‖w_j − w*_j‖/‖w*_j‖)', (c) => sci(c.meanInitError)),
    ...reasons.map((r) => `— ${r}`),
    `${seconds.toFixed(1)} s`,
    '',
  ].join('\n');
}

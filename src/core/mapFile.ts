// A map file: the recovery map's cells as the CLI's `--json` writes them, whole or one shard (`--shard i/N`) of
// them, and the join of the shards (`--merge`) that the app's "Open map" reads. One schema for all three.
import { z } from 'zod';
import { clip } from './clip';
import { readDocument, writer, writerSchema, type ReadResult } from './jsonDocument';
import { axisValues, formatGrid, MAP_INITS, mapCells, parseGrid, type CellResult, type MapSpec, type MapTrial } from './recoveryMap';
import { parseSettings, type Settings } from './settings';

export const MAP_FILE_KIND = 'recovery-lab/map';
export const MAP_FILE_VERSION = 1;

/** Axis values at most 25 × 25 cells, trials at most 100 a cell (the map's own limits, with room). */
const MAX_CELLS = 1000;
const MAX_TRIALS = 1000;

const num = z.number().nullable();
const axis = z.object({ key: z.string().max(20), values: z.array(z.number()).max(100) });

const trialSchema = z.object({
  seed: z.number().int(),
  reason: z.string().max(2000).nullable(),
  /** JSON has no NaN: a diverged trial's error is written as null. */
  initError: num.optional(),
  finalError: num.optional(),
  initErrorFro: num.optional(),
  initSignsRight: z.boolean().optional(),
  signsRight: z.boolean().optional(),
  iterations: z.number().int().min(0).optional(),
  outcome: z.enum(['recovered', 'budget', 'diverged']).optional(),
});

const cellSchema = z.object({
  x: z.number(),
  y: z.number(),
  trials: z.array(trialSchema).max(MAX_TRIALS),
  reason: z.string().max(2000).nullable(),
  successRate: num,
  meanInitError: num,
  meanInitErrorFro: num,
  meanFinalError: num,
  meanItersToSuccess: num,
  initSignsRight: num,
  seconds: z.number(),
});

const mapSchema = z.object({
  grid: z.string().max(200),
  x: axis,
  y: axis,
  trials: z.number().int().min(1).max(100),
  init: z.enum(MAP_INITS),
  iters: z.number().int().min(0).max(100_000),
  batch: z.number().int().min(1).nullable(),
});

export const mapFileSchema = z.object({
  kind: z.literal(MAP_FILE_KIND),
  version: z.literal(MAP_FILE_VERSION),
  app: writerSchema,
  settings: z.record(z.string().max(40), z.union([z.string().max(200), z.number()])),
  map: mapSchema,
  /** Which slice of the cells this file holds (cell i belongs to shard i mod count); null: all of them. */
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }).nullable(),
  backend: z.string().max(200),
  seconds: z.number(),
  cells: z.array(cellSchema).max(MAX_CELLS),
}).loose();

export type MapFile = z.infer<typeof mapFileSchema>;
export type Shard = NonNullable<MapFile['shard']>;

/** The cells of shard `index` of `count`, as indices into mapCells' order: every count-th, so costs spread evenly. */
export function shardCells(cellCount: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < cellCount; i += shard.count) out.push(i);
  return out;
}

/** The map file's fields that say which map it is (the CLI's --json in map mode). */
export function mapFileHeader(settings: Settings, spec: MapSpec, batch: number | null, shard: Shard | null) {
  return {
    kind: MAP_FILE_KIND, version: MAP_FILE_VERSION, app: writer('cli'), settings,
    map: {
      grid: formatGrid(spec.grid, '='),
      x: { key: spec.grid.x.key, values: axisValues(spec.grid.x) },
      y: { key: spec.grid.y.key, values: axisValues(spec.grid.y) },
      trials: spec.trials, init: spec.init, iters: spec.iters, batch,
    },
    shard,
  } as const;
}

/** A cell as the file writes it: each trial's result spread beside its seed. */
export function cellToFile(c: CellResult): MapFile['cells'][number] {
  return { ...c, trials: c.trials.map((t) => ({ seed: t.seed, reason: t.reason, ...t.result })) };
}

function cellFromFile(c: MapFile['cells'][number]): CellResult {
  const trials = c.trials.map(({ seed, reason, ...r }): MapTrial => ({
    seed, reason,
    result: r.initError === undefined || r.outcome === undefined ? null : {
      initError: r.initError ?? NaN, finalError: r.finalError ?? NaN, initErrorFro: r.initErrorFro ?? NaN,
      initSignsRight: r.initSignsRight ?? false, signsRight: r.signsRight ?? false, iterations: r.iterations ?? 0, outcome: r.outcome,
    },
  }));
  return { ...c, trials };
}

export interface OpenedMap {
  file: MapFile;
  base: Settings;
  spec: MapSpec;
  /** In mapCells order; null where this file has no cell (another shard's). */
  cells: (CellResult | null)[];
}

/** A map file's text as the document it is (checked, not yet opened), with what reading it changed. */
export const readMapDocument = (text: string): ReadResult<MapFile> => readDocument(text, MAP_FILE_KIND, MAP_FILE_VERSION, mapFileSchema);

/** A map file's text into the map it holds, or a message. */
export function readMapFile(text: string): ReadResult<OpenedMap> {
  const read = readMapDocument(text);
  if (!read.ok) return read;
  const opened = openMapFile(read.value);
  return opened.ok ? { ...opened, notes: [...read.notes, ...opened.notes] } : opened;
}

/** A checked map file's cells placed on its grid, or a message when they do not fit it. */
export function openMapFile(file: MapFile): ReadResult<OpenedMap> {
  const { grid, problems } = parseGrid(file.map.grid);
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (problems.length || !same(axisValues(grid.x), file.map.x.values) || !same(axisValues(grid.y), file.map.y.values)) {
    return { ok: false, message: `This map file's grid (${clip(file.map.grid)}) does not match its axis values: it is damaged.` };
  }
  const { settings: base, problems: settingProblems } = parseSettings(Object.entries(file.settings).map(([key, value]) => [key, String(value)]));
  const spec: MapSpec = { grid, trials: file.map.trials, init: file.map.init, iters: file.map.iters };
  const index = new Map(mapCells(grid).map(({ x, y }, i) => [`${x}:${y}`, i]));
  const cells: (CellResult | null)[] = mapCells(grid).map(() => null);
  for (const c of file.cells) {
    const at = index.get(`${c.x}:${c.y}`);
    if (at === undefined) return { ok: false, message: `This map file has a cell (${c.x}, ${c.y}) outside its grid: it is damaged.` };
    cells[at] = cellFromFile(c);
  }
  const notes = settingProblems.map((p) => p.message);
  if (file.shard) {
    notes.push(`This file is shard ${file.shard.index} of ${file.shard.count}: ${file.cells.length} of the map's ${cells.length} cells. Join the shards with npm run recover -- --merge.`);
  }
  return { ok: true, value: { file, base, spec, cells }, notes };
}

/** Canonical JSON (sorted keys), to compare settings written by different machines. */
const canonical = (o: Record<string, unknown>) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));

/**
 * Joins map shards into the one map they slice. They must share the settings, grid, trials, initialization and
 * budget, and cover every cell exactly once; otherwise the message says which file or cell does not fit.
 */
export function mergeMapFiles(parts: { name: string; file: MapFile }[]): { ok: true; file: MapFile } | { ok: false; message: string } {
  if (!parts.length) return { ok: false, message: 'No map files to merge.' };
  const [first] = parts;
  const identity = (f: MapFile) => canonical({ settings: canonical(f.settings), grid: f.map.grid, trials: f.map.trials, init: f.map.init, iters: f.map.iters });
  const odd = parts.find((p) => identity(p.file) !== identity(first.file));
  if (odd) {
    return { ok: false, message: `${odd.name} is not a slice of the same map as ${first.name}: settings, grid, trials, initialization and budget (--iters) must all be the same.` };
  }
  const { grid } = parseGrid(first.file.map.grid);
  const order = mapCells(grid);
  const where = new Map<string, string>();
  const cells: (MapFile['cells'][number] | null)[] = order.map(() => null);
  const index = new Map(order.map(({ x, y }, i) => [`${x}:${y}`, i]));
  for (const { name, file } of parts) {
    for (const c of file.cells) {
      const key = `${c.x}:${c.y}`;
      const at = index.get(key);
      const label = `${grid.x.key}=${c.x}, ${grid.y.key}=${c.y}`;
      if (at === undefined) return { ok: false, message: `${name} has a cell (${label}) outside the map's grid.` };
      const before = where.get(key);
      if (before) return { ok: false, message: `The cell ${label} is in both ${before} and ${name}: each cell must come from exactly one shard.` };
      where.set(key, name);
      cells[at] = c;
    }
  }
  const missing = order.filter((_, i) => cells[i] === null);
  if (missing.length) {
    const list = missing.slice(0, 5).map(({ x, y }) => `${grid.x.key}=${x}, ${grid.y.key}=${y}`).join('; ');
    return { ok: false, message: `${missing.length} of the map's ${order.length} cells are in none of the files (${list}${missing.length > 5 ? '; …' : ''}): is a shard missing?` };
  }
  const batches = new Set(parts.map((p) => p.file.map.batch));
  const backends = [...new Set(parts.map((p) => p.file.backend))];
  return {
    ok: true,
    file: {
      ...first.file,
      app: writer('cli'),
      map: { ...first.file.map, batch: batches.size === 1 ? first.file.map.batch : null },
      shard: null,
      backend: backends.join(', '),
      seconds: parts.reduce((sum, p) => sum + p.file.seconds, 0),
      cells: cells as MapFile['cells'],
    },
  };
}

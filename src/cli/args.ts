// Command-line arguments: the same keys, types and ranges as the URL (one settings table), but strict — a bad
// value is an error naming the argument and its allowed range, never silently clamped.
import { clip } from '../core/clip';
import { readDecimal, underflowsToZero } from '../core/decimal';
import { describeRange, parseSettings, SETTINGS, type Settings } from '../core/settings';

export interface CliOptions {
  settings: Settings;
  json: boolean;
  /** `--help` / `-h`: print the usage and exit 0. */
  help: boolean;
  /** `--merge a.json b.json …`: the map shards to join (the other arguments are not read then). */
  merge: string[] | null;
  /** Extra measurements: 'convexity' adds the strong-convexity probe. */
  probe: string[];
  /** Recovery-map mode (--map, --init; --iters, --trials and --batch are the map's then): raw values, read by cli/map.ts. */
  map: Record<string, string> | null;
}

export class ArgumentError extends Error {}

const FLAGS = new Set(['json']);
const EXTRA_VALUES = new Set(['probe']);
const MAP_VALUES = new Set(['map', 'init', 'shard']);
/** Settings keys that mean the map's own in map mode: its budget, trials per cell and trials per program. Outside
 * it they are the live run's: the iteration budget, the seeds of a band, the SGD minibatch. */
const MAP_MODE_VALUES = new Set(['iters', 'trials', 'batch']);

export const USAGE = `usage: npm run recover -- [--key value …] [--json] [--probe convexity]
       npm run recover -- --map x=from:to:step,y=from:to:step [map options] [--shard i/N] [--json]
       npm run recover -- --merge shard-0.json shard-1.json … [--json]
       npm run recover -- --help
settings (the same keys and ranges as the app's URL; --iters 0 runs the initialization only):
${Object.entries(SETTINGS)
  .map(([key, field]) => `  --${key.padEnd(8)} ${field.label}: ${describeRange(key as keyof typeof SETTINGS)} (default ${field.default})`)
  .join('\n')}
recovery map: --map n=1000:16000:*2,d=5:20:5 [--trials 5] [--init tensor|random] [--iters 500 (0: init only)] [--batch T]
  (with --map, --trials is the trials per cell and --batch the trials per batched program; without it they are
  the band's seeds and the SGD minibatch)
  --shard i/N   run slice i of N (0 ≤ i < N) of the map's cells; without it, SLURM_ARRAY_TASK_ID and
                SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX and RECOVER_SHARD_COUNT, choose the slice
  --merge a.json b.json …   join the slices' --json documents into one map (exit 2 if they do not fit)
--json writes one run file (or map file) that the app's "Open run" (or "Open map") reads.`;

/** `--iters 0`: the initialization only. The settings table keeps iters ≥ 1 (the app's log slider). */
const initOnly = (key: string, value: string) => key === 'iters' && readDecimal(value) === 0 && !underflowsToZero(value, 0);

export function parseArgs(argv: string[]): CliOptions {
  if (argv.includes('--help') || argv.includes('-h')) return { settings: parseSettings([]).settings, json: false, help: true, merge: null, probe: [], map: null };
  const pairs: [string, string][] = [];
  let merge: string[] | null = null;
  let itersZero = false;
  const probe: string[] = [];
  let json = false;
  let map: Record<string, string> | null = null;
  const mapMode = argv.some((a) => a === '--map' || a.startsWith('--map='));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new ArgumentError(`unexpected argument '${clip(arg)}': settings are given as --key value`);
    const [rawKey, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (FLAGS.has(rawKey)) {
      // `--json` alone; `--json=true|false` says it outright. Any other value is refused, not read as true.
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        throw new ArgumentError(`--${rawKey} takes no value, or =true / =false (got '${clip(inline)}')`);
      }
      json = inline !== 'false';
      continue;
    }
    if (rawKey === 'merge') {
      merge = inline === undefined ? [] : [inline];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) merge.push(argv[++i]);
      if (!merge.length) throw new ArgumentError('--merge needs the map shards to join: --merge shard-0.json shard-1.json …');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ArgumentError(`--${clip(rawKey)} needs a value`);
    if (MAP_VALUES.has(rawKey) || (mapMode && MAP_MODE_VALUES.has(rawKey))) {
      (map ??= {})[rawKey] = value;
      continue;
    }
    if (EXTRA_VALUES.has(rawKey)) {
      if (value !== 'convexity') throw new ArgumentError(`--probe must be one of convexity (got '${clip(value)}')`);
      probe.push(value);
      continue;
    }
    // Own keys only: `--constructor` is in every object.
    if (!Object.hasOwn(SETTINGS, rawKey)) throw new ArgumentError(`unknown argument --${clip(rawKey)}\n${USAGE}`);
    if (rawKey === 'iters') itersZero = initOnly(rawKey, value);
    if (!itersZero || rawKey !== 'iters') pairs.push([rawKey, value]);
  }
  const { settings, problems } = parseSettings(pairs);
  const given = new Set(pairs.map(([key]) => key));
  // Settings left at their defaults follow the ones given (classification → sigmoid); given ones must fit.
  // A flag given twice takes its last value, as flags do; the browser's notice for a repeated key is not an error here.
  const p = problems.find((problem) => problem.kind !== 'repeat' && (problem.kind === 'value' || given.has(problem.key)));
  if (p?.kind === 'value') {
    throw new ArgumentError(`--${p.key} ${p.given} is not allowed: it must be ${describeRange(p.key as keyof typeof SETTINGS)}.`);
  }
  if (p) throw new ArgumentError(`--${p.key} ${p.given} does not fit the other arguments: ${p.message}`);
  if (itersZero) settings.iters = 0;
  return { settings, json, help: false, merge, probe, map };
}

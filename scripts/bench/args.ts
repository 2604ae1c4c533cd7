// `npm run bench -- [options]`: what to run, how long each measurement may take, and how to print it.
import type { BenchSize } from '../../src/bench/measure';
import { readDecimal } from '../../src/core/decimal';

export const ALL_BACKENDS = ['node', 'webgl', 'wasm', 'cpu', 'webgpu'] as const;
export type BackendKey = (typeof ALL_BACKENDS)[number];

/** The sizes: 10⁵, 5·10⁶ and 10⁸ numbers in X. */
export const DEFAULT_SIZES: BenchSize[] = [
  { n: 10_000, d: 10, k: 5 },
  { n: 100_000, d: 50, k: 10 },
  { n: 1_000_000, d: 100, k: 20 },
];

/** Issue 15's large-k initialization: measured alone, its decomposition against its moments. */
export const DEFAULT_INIT_SIZES: BenchSize[] = [{ n: 100_000, d: 100, k: 20 }];

export interface BenchOptions {
  quick: boolean;
  /** Sizes at which the tensor initialization runs alone (Node), none with --quick unless given. */
  initSizes: BenchSize[];
  json: boolean;
  sizes: BenchSize[];
  backends: BackendKey[];
  /** Milliseconds per timed part of a cell (app, one-arm engine, raw step, the peer). */
  budgetMs: number;
  ui: boolean;
  peer: boolean;
  server: 'build' | 'dev';
  /** Also write the report as JSON to this file (stdout may carry the build's own lines). */
  out: string | null;
  /** Print a saved --json report as tables instead of measuring. */
  from: string | null;
  help: boolean;
}

export const USAGE = `npm run bench -- [options]
  --quick              smallest size only, short timings (about a minute)
  --json               one JSON document on stdout instead of the tables (progress goes to stderr)
  --sizes LIST         sizes as NxDxK, comma-separated (default 1e4x10x5,1e5x50x10,1e6x100x20)
  --backends LIST      any of ${ALL_BACKENDS.join(',')} (node = the CLI's WASM backend in Node; the rest run in Chromium)
  --init-sizes LIST    sizes (NxDxK) at which Node times the tensor initialization alone (default 1e5x100x20; none with --quick)
  --budget MS          milliseconds per timed measurement (default 2500; --quick 800)
  --no-ui              skip the app page (slider → plot latency, longest frame, profile)
  --no-peer            skip the NumPy peer
  --server dev         drive the Vite dev server instead of a production build in a temporary folder
  --out FILE           also write the report as JSON to FILE (the safe way to keep one: Vite's build prints to stdout)
  --from FILE          print a report saved with --json as tables (or again as JSON with --json), measuring nothing`;

export class ArgsError extends Error {}

export function parseSize(text: string): BenchSize {
  const parts = text.toLowerCase().split('x').map((part) => readDecimal(part) ?? NaN);
  const [limitN, limitDK] = [1e8, 10_000];
  if (parts.length !== 3 || !parts.every((p, i) => Number.isInteger(p) && p > 0 && p <= (i === 0 ? limitN : limitDK))) {
    throw new ArgsError(`--sizes: "${text}" is not NxDxK with positive integers (e.g. 1e5x50x10)`);
  }
  const [n, d, k] = parts;
  if (k > d) throw new ArgsError(`--sizes: "${text}" has k = ${k} > d = ${d}; the teacher needs k ≤ d`);
  return { n, d, k };
}

function parseBackends(text: string): BackendKey[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(ALL_BACKENDS as readonly string[]).includes(name)) throw new ArgsError(`--backends: unknown backend "${name}"; use ${ALL_BACKENDS.join(', ')}`);
  }
  return ALL_BACKENDS.filter((b) => names.includes(b));
}

export function parseArgs(argv: string[]): BenchOptions {
  const opts: BenchOptions = {
    quick: false, json: false, sizes: DEFAULT_SIZES, initSizes: DEFAULT_INIT_SIZES, backends: [...ALL_BACKENDS], budgetMs: 2500, ui: true, peer: true, server: 'build', from: null, out: null, help: false,
  };
  let sizesGiven = false;
  let budgetGiven = false;
  let initSizesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.trim() === '') throw new ArgsError(`${flag} needs a value`);
      return v;
    };
    // An on/off flag takes no value: `--json=false` must not turn JSON on.
    const flagOnly = () => {
      if (inline !== undefined) throw new ArgsError(`${flag} takes no value (got "${inline.slice(0, 40)}")`);
      return true;
    };
    switch (flag) {
      case '--quick': opts.quick = flagOnly(); break;
      case '--json': opts.json = flagOnly(); break;
      case '--no-ui': opts.ui = !flagOnly(); break;
      case '--no-peer': opts.peer = !flagOnly(); break;
      case '--help': case '-h': opts.help = true; break;
      case '--sizes': opts.sizes = value().split(',').map(parseSize); sizesGiven = true; break;
      case '--init-sizes': opts.initSizes = value().split(',').map(parseSize); initSizesGiven = true; break;
      case '--backends': opts.backends = parseBackends(value()); break;
      case '--budget': {
        const ms = readDecimal(value());
        if (ms === null || !(ms >= 50 && ms <= 600_000)) throw new ArgsError('--budget must be a number of milliseconds, from 50 to 600000');
        opts.budgetMs = ms;
        budgetGiven = true;
        break;
      }
      case '--from': opts.from = value(); break;
      case '--out': opts.out = value(); break;
      case '--server': {
        const mode = value();
        if (mode !== 'build' && mode !== 'dev') throw new ArgsError('--server must be build or dev');
        opts.server = mode;
        break;
      }
      default: throw new ArgsError(`unknown option ${argv[i]}`);
    }
  }
  if (opts.quick) {
    if (!sizesGiven) opts.sizes = [opts.sizes.reduce((a, b) => (a.n * a.d <= b.n * b.d ? a : b))];
    if (!budgetGiven) opts.budgetMs = 800;
    if (!initSizesGiven) opts.initSizes = [];
  }
  return opts;
}

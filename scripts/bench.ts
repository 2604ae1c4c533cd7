// `npm run bench`: the engine's speed on every backend and size, against a NumPy peer, and the app page's
// responsiveness while it runs. Progress goes to stderr; the tables (or, with --json, one JSON document) to stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Browser } from '@playwright/test';
import { ArgsError, parseArgs, USAGE, type BackendKey } from './bench/args';
import { launchChromium, runBrowserBackend } from './bench/browser';
import { formatReport } from './bench/format';
import { describeMachine } from './bench/machine';
import { runNode } from './bench/node';
import { runNumpyPeer } from './bench/peer';
import { serve, type Served } from './bench/server';
import type { BenchReport, CellOutcome, PeerRun } from './bench/types';
import { measureUi } from './bench/ui';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const BROWSER_BACKENDS: BackendKey[] = ['webgl', 'wasm', 'cpu', 'webgpu'];

/** The app page is measured where the bench page ran the engine, and where a step is short enough to watch. */
const UI_MAX_STEP_SECONDS = 2;

function uiSkip(cell: CellOutcome | undefined): string | null | 'quiet' {
  if (!cell || !('result' in cell)) return 'quiet';
  const step = 1 / cell.result.app.stepsPerSecond;
  if (step > UI_MAX_STEP_SECONDS) return `one app step takes ${step.toFixed(1)} s on the bench page: the page would show a point every few seconds`;
  return null;
}

/**
 * A report saved with --out or --json, or why it is not one. Read from the first line that opens a JSON object:
 * a `--json > file` also catches npm's and Vite's own lines above the report.
 */
function readReport(path: string): BenchReport | string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return (err as Error).message;
  }
  const start = text.search(/^\{/m);
  if (start < 0) return 'no JSON report in the file (save one with --out FILE)';
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start));
  } catch (err) {
    return `not a JSON report (${(err as Error).message.slice(0, 120)})`;
  }
  const report = json as Partial<BenchReport> | null;
  if (!report || report.version !== 1 || !Array.isArray(report.runs) || !report.machine) return 'JSON, but not a bench report of version 1';
  return report as BenchReport;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ArgsError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.from) {
    const saved = readReport(options.from);
    if (typeof saved === 'string') {
      process.stderr.write(`--from ${options.from}: ${saved}\n`);
      return 2;
    }
    process.stdout.write(options.json ? `${JSON.stringify(saved, null, 2)}\n` : formatReport(saved));
    return 0;
  }
  const { sizes, budgetMs, quick } = options;
  const browserBackends = BROWSER_BACKENDS.filter((b) => options.backends.includes(b));
  const report: BenchReport = {
    version: 1,
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    options: { quick, budgetMs, sizes, backends: options.backends, ui: options.ui, initSizes: options.initSizes },
    machine: describeMachine(null),
    runs: [],
    peer: { available: false, detail: 'NumPy peer: not run (--no-peer).', cells: [] } as PeerRun,
    ui: [],
    notes: [],
  };

  if (options.peer) {
    log('NumPy peer…');
    report.peer = runNumpyPeer(sizes, budgetMs);
    log(report.peer.detail);
  }
  if (options.backends.includes('node')) report.runs.push(await runNode(sizes, budgetMs, log, options.initSizes));

  if (browserBackends.length) {
    let served: Served | null = null;
    let browser: Browser | null = null;
    try {
      served = await serve(options.server, log);
      browser = await launchChromium();
      report.machine.chromium = browser.version();
      for (const backend of browserBackends) report.runs.push(await runBrowserBackend(browser, served.url, backend, sizes, budgetMs, log));
      if (options.ui) {
        for (const backend of browserBackends) {
          const run = report.runs.find((r) => r.runtime === 'chromium' && r.backend === backend);
          for (const size of sizes) {
            const skip = uiSkip(run?.cells.find((c) => c.size === size));
            if (skip === 'quiet') continue;
            if (skip) {
              report.ui.push({ backend, size, skipped: skip });
              continue;
            }
            // WASM, the default here, also with the engine on the main thread: the worker's effect, in one run.
            for (const thread of backend === 'wasm' ? (['worker', 'main'] as const) : (['worker'] as const)) {
              log(`app page, ${backend}, ${thread}, n=${size.n} d=${size.d} k=${size.k}…`);
              report.ui.push(await measureUi(browser, served.url, backend, size, {
                windowMs: quick ? 1500 : 3000, lrTries: quick ? 1 : 3, nTries: quick ? 1 : 2, outDir: served.outDir, thread,
              }));
            }
          }
        }
      }
    } catch (err) {
      report.notes.push(`The browser part stopped: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      await browser?.close();
      await served?.close();
    }
  }
  const arms = report.runs.flatMap((r) => r.cells).find((c) => 'result' in c);
  if (options.peer && report.peer.available && arms && 'result' in arms) {
    log(`NumPy peer at the app's width (${arms.result.app.arms} arms)…`);
    report.peerWide = runNumpyPeer(sizes.map((s) => ({ ...s, k: s.k * arms.result.app.arms })), budgetMs);
  }
  report.machine.load.push(loadavg()[0]);
  if (options.out) writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return 0;
}

process.exitCode = await main();

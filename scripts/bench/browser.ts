// The browser half: headless Chromium (the e2e tests' binary and flags), one fresh page of bench.html per backend.
import { chromium, type Browser, type Page } from '@playwright/test';
import playwrightConfig from '../../playwright.config';
import type { BenchSize, CellResult } from '../../src/bench/measure';
import type { PageCell, PageStart } from '../../src/bench/page';
import { planCell } from './plan';
import type { BackendRun, CellOutcome } from './types';

/** WebGPU is off in headless Linux Chromium unless asked for; with it, a software adapter is used where one exists. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'];

export async function launchChromium(): Promise<Browser> {
  const options = playwrightConfig.use?.launchOptions ?? {};
  return chromium.launch({ ...options, args: [...(options.args ?? []), ...WEBGPU_ARGS] });
}

/**
 * A fresh page. tsx compiles this runner with esbuild's keepNames, so functions handed to `page.evaluate` call a
 * `__name` helper that exists only in Node: the page gets a no-op one.
 */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.addInitScript('window.__name = (f) => f;');
  return page;
}

async function openBench(browser: Browser, url: string, backend: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${url}/bench.html?backend=${backend}`);
  await page.waitForFunction(() => 'recoveryBench' in window, undefined, { timeout: 60_000 });
  return page;
}

function toOutcome(size: BenchSize, cell: PageCell): CellOutcome {
  if ('result' in cell) return { size, result: cell.result };
  if ('skipped' in cell) return { size, skipped: cell.skipped };
  return { size, failed: cell.failed };
}

export async function runBrowserBackend(
  browser: Browser,
  url: string,
  backend: string,
  sizes: BenchSize[],
  budgetMs: number,
  log: (line: string) => void,
): Promise<BackendRun> {
  const run: BackendRun = { runtime: 'chromium', backend, detail: '', cells: [] };
  const page = await openBench(browser, url, backend);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    const start: PageStart = await page.evaluate(() => window.recoveryBench.start());
    run.detail = start.detail;
    if (start.skipped) {
      run.skipped = start.skipped;
      run.cells = sizes.map((size) => ({ size, skipped: `backend not running: ${start.skipped}` }));
      return run;
    }
    run.kernels = await page.evaluate(() => window.recoveryBench.kernels());
    run.opOverheadUs = await page.evaluate((ms) => window.recoveryBench.opOverhead(ms), budgetMs);
    const done: CellResult[] = [];
    for (const size of sizes) {
      log(`chromium ${backend} n=${size.n} d=${size.d} k=${size.k}…`);
      const plan = planCell(done, size, budgetMs);
      if (plan.skip) {
        run.cells.push({ size, skipped: plan.skip });
        continue;
      }
      const cell = await page.evaluate(([s, ms, skipInit]) => window.recoveryBench.cell(s, ms, skipInit), [size, budgetMs, plan.skipInit] as const);
      if ('result' in cell) done.push(cell.result);
      run.cells.push(toOutcome(size, cell));
    }
  } catch (err) {
    const message = [(err as Error).message.split('\n')[0], ...errors].join('; ');
    for (const size of sizes.slice(run.cells.length)) run.cells.push({ size, failed: message });
  } finally {
    await page.close();
  }
  return run;
}

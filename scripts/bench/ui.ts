// The real app page while a run goes: its own iterations per second, the main thread's longest frame and long
// tasks, a CPU profile of the main thread by origin, and the time from a slider change to the next point on the
// error plot (learning rate: live; samples n: debounced rebuild).
import type { Browser, Page } from '@playwright/test';
import type { BenchSize } from '../../src/bench/measure';
import { newPage } from './browser';
import { cpus } from 'node:os';
import { attributeProfile, type CpuProfile, type ProfileSummary } from './profile';
import { sampleTicks, threadShares } from './threads';
import type { RebuildPhases, UiCell } from './types';

const ERROR_PLOT = 'error-plot';

async function iteration(page: Page): Promise<number> {
  return Number((await page.getByTestId('iteration').textContent())?.replace(/,/g, ''));
}

/** In the page: rAF gaps and long tasks from now on; `window.benchFrames()` stops and reports them. */
function installFrameMonitor(): void {
  const w = window as unknown as Record<string, unknown>;
  const gaps: number[] = [];
  const tasks: number[] = [];
  let last = performance.now();
  let running = true;
  const tick = (t: number) => {
    gaps.push(t - last);
    last = t;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
  observer.observe({ type: 'longtask' });
  // Each redraw of the two convergence plots, as LivePlot times it (data-draw-ms on the plot's div).
  const draws: number[] = [];
  const drawn = new MutationObserver((records) => records.forEach((r) => draws.push(Number((r.target as HTMLElement).dataset.drawMs))));
  for (const id of ['error-plot', 'loss-plot']) {
    const div = document.getElementById(id);
    if (div) drawn.observe(div, { attributes: true, attributeFilter: ['data-draw-ms'] });
  }
  w.benchFrames = () => {
    running = false;
    observer.disconnect();
    drawn.disconnect();
    return { gaps, tasks, draws };
  };
}

/**
 * In the page, before its scripts: the time each message from the engine's worker arrives (`window.benchEngine`,
 * the last few hundred), to split a rebuild into phases. The main-thread engine sends none.
 */
const RECORD_ENGINE = `{
  const Base = window.Worker;
  const events = (window.benchEngine = []);
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const m = e.data;
        if (!m || typeof m.type !== 'string') return;
        events.push({ t: performance.now(), type: m.type, iteration: m.figures?.iteration, stage: m.stage, seconds: m.seconds });
        if (events.length > 500) events.splice(0, 250);
      });
    }
  };
}`;

interface EngineMessage {
  t: number;
  type: string;
  iteration?: number;
  stage?: string;
  seconds?: number;
}

/** One rebuild's phases from the messages after the key press at `inputAt`, the plot updated `ms` after it. */
function phases(events: EngineMessage[], inputAt: number, ms: number): RebuildPhases | null {
  const after = events.filter((e) => e.t >= inputAt);
  const building = after.find((e) => e.type === 'building');
  const built = after.find((e) => e.type === 'built' && (!building || e.t >= building.t));
  const first = built && after.find((e) => e.type === 'frame' && e.iteration === 0 && e.t >= built.t);
  if (!building || !built || !first) return null;
  const progress = after.filter((e) => e.type === 'build-progress' && e.t <= built.t && e.stage !== undefined);
  const stages: Record<string, number> = {};
  progress.forEach((e, i) => {
    const end = progress[i + 1]?.seconds ?? (built.t - building.t) / 1000;
    stages[e.stage!] = (stages[e.stage!] ?? 0) + Math.max(0, (end - (e.seconds ?? 0)) * 1000);
  });
  return {
    answered: building.t - inputAt,
    built: built.t - building.t,
    firstFrame: first.t - built.t,
    drawn: inputAt + ms - first.t,
    stages,
  };
}

/**
 * In the page: resolves with the ms from the next `input` event to the first update of the error plot that shows a
 * point past the last iteration plotted at that moment (`grow`), or that restarts from a smaller one (`restart`).
 * Checked on every mutation of the plot and every animation frame. Also the longest task in between.
 */
function watchPlot([plotId, mode]: readonly [string, 'grow' | 'restart']): Promise<{ ms: number | null; longestTaskMs: number; inputAt: number }> {
  return new Promise((done) => {
    const div = document.getElementById(plotId) as (HTMLElement & { data?: { x: ArrayLike<number> }[] }) | null;
    const lastX = () => Math.max(-1, ...(div?.data ?? []).map((t) => (t.x.length ? Number(t.x[t.x.length - 1]) : -1)));
    let inputAt: number | null = null;
    let before = -1;
    let longestTaskMs = 0;
    const tasks = new PerformanceObserver((list) => list.getEntries().forEach((e) => (longestTaskMs = Math.max(longestTaskMs, e.duration))));
    tasks.observe({ type: 'longtask' });
    const finish = (ms: number | null) => {
      document.removeEventListener('input', onInput, true);
      mutations.disconnect();
      clearTimeout(timeout);
      // Long tasks are reported after they end: give the observer a moment.
      setTimeout(() => {
        tasks.disconnect();
        done({ ms, longestTaskMs, inputAt: inputAt ?? 0 });
      }, 100);
    };
    const check = () => {
      if (inputAt === null) return;
      const x = lastX();
      if (mode === 'grow' ? x > before : x >= 0 && x < before) finish(performance.now() - inputAt);
      else requestAnimationFrame(check);
    };
    const onInput = () => {
      if (inputAt !== null) return;
      inputAt = performance.now();
      before = lastX();
      requestAnimationFrame(check);
    };
    document.addEventListener('input', onInput, true);
    const mutations = new MutationObserver(check);
    if (div) mutations.observe(div, { subtree: true, childList: true, attributes: true });
    const timeout = setTimeout(() => finish(null), 60_000);
  });
}

async function sliderToPoint(page: Page, label: string, mode: 'grow' | 'restart'): Promise<{ ms: number | null; longestTaskMs: number; inputAt: number }> {
  const watcher = page.evaluate(watchPlot, [ERROR_PLOT, mode] as const);
  await page.getByLabel(label, { exact: true }).press('ArrowRight');
  return watcher;
}

function appUrl(base: string, backend: string, { n, d, k }: BenchSize, thread: 'worker' | 'main'): string {
  const flags = backend === 'webgl' ? '&tfjsflags=SOFTWARE_WEBGL_ENABLED:true' : '';
  return `${base}/?backend=${backend}&n=${n}&d=${d}&k=${k}&iters=1000000&thread=${thread}${flags}`;
}

async function waitRunning(page: Page): Promise<string | null> {
  const status = page.getByTestId('status');
  await page.waitForFunction(() => /running|error|done/.test(document.querySelector('[data-testid=status]')?.textContent ?? ''), undefined, { timeout: 120_000 });
  if ((await status.textContent()) === 'error') return (await page.getByTestId('run-error').textContent()) ?? 'the run failed';
  return null;
}

export interface UiOptions {
  windowMs: number;
  lrTries: number;
  nTries: number;
  /** Built chunks, to attribute profile samples to libraries (null: the dev server's module URLs are used). */
  outDir: string | null;
  /** Where the page runs its engine (the app's default is the worker). */
  thread: 'worker' | 'main';
}

export async function measureUi(browser: Browser, base: string, backend: string, size: BenchSize, opts: UiOptions): Promise<UiCell> {
  const cell: UiCell = { backend, size };
  const page = await newPage(browser);
  try {
    await page.addInitScript(RECORD_ENGINE);
    await page.goto(appUrl(base, backend, size, opts.thread));
    const problem = await waitRunning(page);
    const actual = await page.getByTestId('backend').getAttribute('data-backend');
    cell.actual = actual ?? undefined;
    cell.thread = (await page.getByTestId('engine-thread').getAttribute('data-thread')) ?? undefined;
    if (problem) {
      cell.skipped = `the app did not run: ${problem}`;
      return cell;
    }
    if (actual !== backend) {
      const fallback = await page.getByTestId('fallback').textContent().catch(() => '');
      cell.skipped = `the app asked for ${backend} runs ${actual}: ${fallback}`;
      return cell;
    }
    // Past the slow start and plotly's lazy load.
    await page.waitForFunction(() => !!(document.getElementById('error-plot') as HTMLElement & { data?: unknown }).data, undefined, { timeout: 60_000 });
    await page.waitForTimeout(1500);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    const profiled = async <T>(work: () => Promise<T>): Promise<[T, ProfileSummary]> => {
      await cdp.send('Profiler.start');
      const result = await work();
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      return [result, attributeProfile(profile, opts.outDir)];
    };
    // The rate and the CPU by thread first, with nothing of the bench's running in the page, as a user's page
    // runs: the sampled profile below costs the main thread (and so the engine) a tenth or more of its rate.
    const it0 = await iteration(page);
    const t0 = Date.now();
    const ticks0 = sampleTicks();
    await page.waitForTimeout(opts.windowMs);
    const it1 = await iteration(page);
    const seconds = (Date.now() - t0) / 1000;
    cell.threads = threadShares(ticks0, sampleTicks(), seconds, cpus().length) ?? undefined;
    cell.windowSeconds = seconds;
    cell.rateWindow = 'alone';
    cell.itersPerSecond = (it1 - it0) / seconds;
    // Then frames, long tasks, redraw costs and the profile, in a second window of the same length.
    await page.evaluate(installFrameMonitor);
    const t1 = Date.now();
    const [, profile] = await profiled(() => page.waitForTimeout(opts.windowMs));
    const observed = (Date.now() - t1) / 1000;
    const frames = await page.evaluate(() => (window as unknown as { benchFrames(): { gaps: number[]; tasks: number[]; draws: number[] } }).benchFrames());
    cell.longestFrameMs = Math.max(0, ...frames.gaps);
    cell.framesPerSecond = frames.gaps.length / observed;
    const draws = frames.draws.filter(Number.isFinite).sort((a, b) => a - b);
    if (draws.length) cell.plotDrawMs = { count: draws.length, median: draws[Math.floor(draws.length / 2)], max: draws[draws.length - 1] };
    cell.longTasks = { count: frames.tasks.length, longestMs: Math.max(0, ...frames.tasks), totalMs: frames.tasks.reduce((a, b) => a + b, 0) };
    cell.profile = profile;
    // Tries stop early once one takes seconds: the point is made, and the run stays short.
    const slow = (xs: number[]) => xs.some((x) => !(x < 5000));
    cell.lrToPointMs = [];
    while (cell.lrToPointMs.length < opts.lrTries && !slow(cell.lrToPointMs)) {
      cell.lrToPointMs.push((await sliderToPoint(page, 'learning rate η', 'grow')).ms ?? NaN);
      await page.waitForTimeout(300);
    }
    cell.nToPointMs = [];
    cell.rebuildLongestTaskMs = 0;
    while (cell.nToPointMs.length < opts.nTries && !slow(cell.nToPointMs)) {
      const [{ ms, longestTaskMs, inputAt }, rebuild] = await profiled(() => sliderToPoint(page, 'samples n', 'restart'));
      cell.rebuildProfile ??= rebuild;
      cell.nToPointMs.push(ms ?? NaN);
      const split = ms === null ? null : phases(await page.evaluate(() => (window as unknown as { benchEngine?: EngineMessage[] }).benchEngine ?? []), inputAt, ms);
      if (split) (cell.rebuildPhases ??= []).push(split);
      cell.rebuildLongestTaskMs = Math.max(cell.rebuildLongestTaskMs, longestTaskMs);
      await page.waitForTimeout(1000);
    }
    await cdp.detach();
  } catch (err) {
    cell.failed = (err as Error).message.split('\n')[0];
  } finally {
    await page.close();
  }
  return cell;
}

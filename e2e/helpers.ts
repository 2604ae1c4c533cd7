import { expect, test, type Page } from '@playwright/test';

/**
 * The heaviest checks (each 20–30 s: a second backend's start, long runs) run only with HEAVY_TESTS=1, so the
 * default `npm test` stays short; CI's default run skips them and says so in its list.
 */
export function heavyOnly(): void {
  test.skip(!process.env.HEAVY_TESTS, 'heavy check: run with HEAVY_TESTS=1');
}

export interface TraceData {
  name: string;
  x: number[];
  y: number[];
}

/** The traces a plot shows now, read from plotly's data on its div (not from pixels). */
export async function plotTraces(page: Page, id: string): Promise<TraceData[]> {
  return page.evaluate((plotId) => {
    const div = document.getElementById(plotId) as (HTMLElement & { data?: { name: string; x: number[]; y: number[] }[] }) | null;
    return (div?.data ?? []).map((t) => ({ name: t.name, x: Array.from(t.x), y: Array.from(t.y) }));
  }, id);
}

export async function trace(page: Page, id: string, name: string): Promise<TraceData | undefined> {
  return (await plotTraces(page, id)).find((t) => t.name === name);
}

/** Console errors and uncaught exceptions of a page, to assert there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

export async function iteration(page: Page): Promise<number> {
  return Number((await page.getByTestId('iteration').textContent())?.replace(/,/g, ''));
}

/** Waits until the run has passed `count` iterations. */
export async function waitForIteration(page: Page, count: number): Promise<void> {
  await expect.poll(() => iteration(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(count);
}

/** Opens the default run at seed 1 with the strong-convexity explorer in view, its region probed and the run done. */
export async function openProbedExplorer(page: Page): Promise<void> {
  await page.goto('/?seed=1&iters=300');
  await page.evaluate(() => document.getElementById('cvx-radius-plot')?.scrollIntoView({ block: 'start' }));
  const panel = page.getByTestId('convexity');
  await expect(panel).toHaveAttribute('data-rays-done', 'true', { timeout: 90_000 });
  await expect(panel).toHaveAttribute('data-landscape', /\d+/, { timeout: 60_000 });
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
}

/**
 * Where a README picture is written: docs/ with UPDATE_DOCS=1 (then commit it), else test-results/, so that a
 * plain `npm test` leaves the checkout as it found it.
 */
export function docsPicture(name: string): string {
  return process.env.UPDATE_DOCS ? `docs/${name}` : `test-results/docs/${name}`;
}

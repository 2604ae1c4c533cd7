import { expect, test, type Page } from '@playwright/test';
import { collectErrors, plotTraces } from './helpers';

interface RawTrace {
  name: string;
  type: string;
  x: number[];
  y: number[];
  z: (number | null)[][] | null;
}

/** Every trace of a plot as plotly holds it on its div, z included (contours, heatmaps). */
async function traces(page: Page, id: string): Promise<RawTrace[]> {
  return page.evaluate((plotId) => {
    type Raw = { name: string; type?: string; x?: ArrayLike<number>; y?: ArrayLike<number>; z?: ArrayLike<ArrayLike<number | null>> };
    const div = document.getElementById(plotId) as (HTMLElement & { data?: Raw[] }) | null;
    return (div?.data ?? []).map((t) => ({
      name: t.name,
      type: t.type ?? 'scatter',
      x: Array.from(t.x ?? []) as number[],
      y: Array.from(t.y ?? []) as number[],
      z: t.z ? Array.from(t.z, (row) => Array.from(row)) : null,
    }));
  }, id);
}

const panel = (page: Page) => page.getByTestId('convexity');

/** The explorer sits below the fold and its plots redraw only while on screen: bring them into view. */
async function showPlots(page: Page): Promise<void> {
  await page.evaluate(() => document.getElementById('cvx-radius-plot')?.scrollIntoView({ block: 'start' }));
}

const heatmap = async (page: Page) => (await traces(page, 'cvx-overlap-plot')).find((t) => t.type === 'heatmap')?.z ?? null;
const contour = async (page: Page) => (await traces(page, 'cvx-landscape-plot')).find((t) => t.type === 'contour') ?? null;

/**
 * Waits until the rays and the landscape of the current build are done, and the landscape is drawn: the plots
 * redraw on the page's clock (up to 200 ms after the panel's attributes say the numbers are in).
 */
async function waitForRegion(page: Page): Promise<void> {
  await expect(panel(page)).toHaveAttribute('data-rays-done', 'true', { timeout: 60_000 });
  await expect(panel(page)).toHaveAttribute('data-landscape', /\d+/, { timeout: 30_000 });
  await expect.poll(async () => (await contour(page)) !== null, { timeout: 10_000 }).toBe(true);
}

/** Opens the app at `query`, waits for the run, and shows the explorer with its region probed. */
async function openExplorer(page: Page, query: string): Promise<void> {
  await page.goto(`/?${query}`);
  await expect(page.getByTestId('status')).toHaveText('running', { timeout: 60_000 });
  await showPlots(page);
  await waitForRegion(page);
}

test('the explorer shows the region, the inits on its axis, λ_min along the run, the landscape and the overlap', async ({ page }) => {
  const errors = collectErrors(page);
  // η = 0.02: still training (the overlap still moving) when the checks below get to it; at 0.1 the arms are at
  // W* by then.
  await openExplorer(page, 'iters=100000&lr=0.02');

  // Radius plot: a band over ≥ 3 rays, W* on the axis, and every arm's initialization marked at its distance.
  await expect.poll(async () => (await plotTraces(page, 'cvx-radius-plot')).filter((t) => /^ray \d+$/.test(t.name)).length).toBeGreaterThanOrEqual(3);
  const radius = await plotTraces(page, 'cvx-radius-plot');
  expect(radius.some((t) => t.name.startsWith('λ_min, band over'))).toBe(true);
  const star = radius.find((t) => t.name === 'W*')!;
  expect(star.x).toEqual([0]);
  expect(star.y[0]).toBeGreaterThan(0);
  const armNames = await page.locator('[data-testid^="cvx-init-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('cvx-init-'.length)));
  expect(armNames).toContain('random');
  expect(armNames).toContain('tensor');
  for (const name of armNames) {
    const item = page.getByTestId(`cvx-init-${name}`);
    await expect(item).toHaveAttribute('data-inside', /true|false/);
    const lambda = Number(await item.getAttribute('data-lambda-min'));
    const marker = radius.find((t) => t.name.startsWith('init: ') && t.y[0] === lambda);
    expect(marker, `marker of ${name}`).toBeDefined();
    expect(marker!.x[0]).toBeCloseTo(Number(await item.getAttribute('data-distance')), 10);
  }
  // The tensor initialization starts inside the region: λ_min(W0) > 0, and nearer W* than the radius if there is one.
  const tensor = page.getByTestId('cvx-init-tensor');
  await expect(tensor).toHaveAttribute('data-inside', 'true');
  const tensorMarker = radius.find((t) => t.name === 'init: tensor init')!;
  expect(tensorMarker.y[0]).toBeGreaterThan(0);
  const radiusAttr = await panel(page).getAttribute('data-radius');
  if (radiusAttr !== null) expect(tensorMarker.x[0]).toBeLessThan(Number(radiusAttr));
  else expect(await page.getByTestId('cvx-region').textContent()).toMatch(/stays > 0 out to r = /);
  const random = radius.find((t) => t.name === 'init: random W, true v')!;
  expect(random.x[0]).toBeGreaterThan(tensorMarker.x[0]);

  // Along the run: λ_min samples keep coming for every arm.
  const along = async () => (await plotTraces(page, 'cvx-along-plot')).filter((t) => !t.name.includes('W*') && !t.name.includes('enters'));
  const first = await along();
  expect(first.length).toBe(armNames.length);
  for (const t of first) expect(t.x[0]).toBe(0);
  await expect.poll(async () => Math.min(...(await along()).map((t) => t.x.length)), { timeout: 30_000 }).toBeGreaterThan(Math.max(...first.map((t) => t.x.length)));

  // Landscape: a square grid of finite log-losses, with its minimum at W*, and the arms' paths growing on it.
  const slice = (await contour(page))!;
  const res = slice.x.length;
  expect(slice.z).toHaveLength(res);
  const flat = slice.z!.flat() as number[];
  expect(flat.every(Number.isFinite)).toBe(true);
  const mid = (res - 1) / 2;
  expect(slice.z![mid][mid]).toBe(Math.min(...flat));
  const pathLength = async () => (await plotTraces(page, 'cvx-landscape-plot')).find((t) => t.name.endsWith('(path)'))?.x.length ?? 0;
  const path0 = await pathLength();
  await expect.poll(pathLength, { timeout: 20_000 }).toBeGreaterThan(path0);

  // Overlap: a k×k map of cosines in [−1, 1] that changes as the student trains (drawn while on screen).
  await page.evaluate(() => document.getElementById('cvx-overlap-plot')?.scrollIntoView({ block: 'center' }));
  const z0 = (await heatmap(page))!;
  expect(z0).toHaveLength(5);
  for (const row of z0) {
    expect(row).toHaveLength(5);
    for (const c of row) expect(Math.abs(c!)).toBeLessThanOrEqual(1 + 1e-9);
  }
  await page.getByLabel('overlap arm').selectOption({ label: 'random W, true v' });
  await expect.poll(async () => JSON.stringify(await heatmap(page)), { timeout: 20_000 }).not.toBe(JSON.stringify(z0));
  const z1 = JSON.stringify(await heatmap(page));
  await expect.poll(async () => JSON.stringify(await heatmap(page)), { timeout: 20_000 }).not.toBe(z1);

  // Predicted beside measured rates: a row for W* and one per arm.
  await expect(page.getByTestId('cvx-row-star')).toHaveAttribute('data-lambda-min', String(star.y[0]));
  await expect(page.getByTestId('cvx-timings')).toContainText('rays');
  expect(errors).toEqual([]);
});

test('moving a slider recomputes the region, the landscape and the overlap', async ({ page }) => {
  const errors = collectErrors(page);
  await openExplorer(page, 'iters=100000&act=tanh&vstar=ones');
  const generation = await panel(page).getAttribute('data-generation');
  const lambdaStar = await panel(page).getAttribute('data-lambda-min-star');
  const sliceBefore = JSON.stringify((await contour(page))!.z);
  await expect.poll(async () => (await heatmap(page))?.length).toBe(5);

  // Fewer hidden units, from the keyboard: PageDown moves the k slider a tenth of its range, from 5 to 3.
  const k = page.getByLabel('hidden units k');
  await k.focus();
  await k.press('PageDown');
  await expect(page.getByTestId('value-k')).toHaveText('3');
  await expect(panel(page)).not.toHaveAttribute('data-generation', generation!, { timeout: 30_000 });
  await showPlots(page);
  await waitForRegion(page);
  expect(await panel(page).getAttribute('data-lambda-min-star')).not.toBe(lambdaStar);
  await expect.poll(async () => (await heatmap(page))?.length).toBe(3);
  await expect.poll(async () => JSON.stringify((await contour(page))?.z)).not.toBe(sliceBefore);
  const starNow = (await plotTraces(page, 'cvx-radius-plot')).find((t) => t.name === 'W*')!;
  expect(String(starNow.y[0])).toBe(await panel(page).getAttribute('data-lambda-min-star'));
  // λ_min along the run starts over at iteration 0.
  const along = (await plotTraces(page, 'cvx-along-plot')).filter((t) => !t.name.includes('W*') && !t.name.includes('enters'));
  for (const t of along) expect(t.x[0]).toBe(0);
  expect(errors).toEqual([]);
});

test('a diverged arm shows a message in the explorer, not an error', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?act=sqrelu&lr=5&iters=300');
  await expect(page.getByTestId('status')).toHaveText(/done|running/, { timeout: 60_000 });
  await expect(page.getByTestId('cvx-row-random')).toContainText('probe stopped', { timeout: 60_000 });
  await expect(page.getByTestId('cvx-row-random')).toContainText('diverged');
  // The rays are probed once the explorer is on screen.
  await showPlots(page);
  await expect(panel(page)).toHaveAttribute('data-rays-done', 'true', { timeout: 60_000 });
  expect(errors).toEqual([]);
});

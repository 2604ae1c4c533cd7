// A phone, 390×844: no view scrolls sideways, the plots come first with the controls in a drawer, wide tables
// scroll in their own box, and numbers never break inside a token. Screenshots for the README at a fixed seed
// and step count.
import { expect, test, type Page } from '@playwright/test';
import { plotTraces, openProbedExplorer, docsPicture } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const LIVE = '/?seed=1&iters=300';
const MAP = '/?act=sqrelu&k=2&lr=0.05&seed=1#view=map&map=n:1000:4000:*2,d:4:8:4&trials=2&iters=100';

const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));

/** With isMobile, content wider than the screen widens the layout viewport itself (innerWidth grows to fit), so
 *  the page is held to the emulated screen's width, not only to innerWidth. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, viewport } = await pageWidth(page);
  const screen = page.viewportSize()?.width ?? viewport;
  expect(viewport).toBeLessThanOrEqual(screen);
  expect(scroll).toBeLessThanOrEqual(viewport);
}

/** Number cells whose text is laid out on more than one line ("1.62e-" / "2"). */
const brokenNumbers = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('.readouts td')).filter((td) => {
      if (!/\d/.test(td.textContent ?? '') || td.classList.contains('note')) return false;
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
      return tops.size > 1;
    }).map((td) => td.textContent),
  );

async function finishedRun(page: Page): Promise<void> {
  await page.goto(LIVE);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  // Plots below the screen wait to redraw until they are seen (LivePlot): bring the loss plot into view once.
  await page.getByTestId('loss-plot').scrollIntoViewIfNeeded();
  await expect.poll(async () => (await plotTraces(page, 'loss-plot')).length).toBeGreaterThan(0);
  await page.evaluate(() => window.scrollTo(0, 0));
}

test('live view: plots first, controls in a drawer, no sideways scroll, numbers whole (and at 1024 px)', async ({ page }) => {
  await finishedRun(page);
  const drawer = page.getByRole('button', { name: 'Show settings' });
  await expect(drawer).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('learning rate η')).toBeHidden();
  // The first plot starts on the first screen, and fits the screen's width.
  const plot = (await page.getByTestId('error-plot').boundingBox())!;
  expect(plot.y).toBeLessThan(844);
  expect(plot.x + plot.width).toBeLessThanOrEqual(390);
  await expectNoSidewaysScroll(page);
  expect(await brokenNumbers(page)).toEqual([]);
  // The readouts table is wider than the phone: it scrolls inside its own labelled box.
  const box = page.getByRole('region', { name: 'readouts table' });
  expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.screenshot({ path: docsPicture('phone-live.png') });

  await drawer.click();
  await expect(page.getByRole('button', { name: 'Hide settings' })).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByLabel('learning rate η')).toBeVisible();
  await expectNoSidewaysScroll(page);

  // A small laptop: the controls beside the figures again, and still every number on one line.
  await page.setViewportSize({ width: 1024, height: 800 });
  await expect(page.getByRole('button', { name: /settings$/ })).toBeHidden();
  await expect(page.getByLabel('learning rate η')).toBeVisible();
  await expectNoSidewaysScroll(page);
  expect(await brokenNumbers(page)).toEqual([]);
});

test('explorer: no sideways scroll with its region probed', async ({ page }) => {
  test.slow();
  await openProbedExplorer(page);
  await expectNoSidewaysScroll(page);
  expect(await brokenNumbers(page)).toEqual([]);
  await page.evaluate(() => document.querySelector('[data-testid=convexity]')?.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: docsPicture('phone-explorer.png') });
});

test('map: computed from the drawer, no sideways scroll, its numbers scroll in their box', async ({ page }) => {
  await page.goto(MAP);
  await page.getByRole('button', { name: 'Show map settings' }).click();
  await page.getByRole('button', { name: 'Compute map' }).click();
  await expect(page.getByTestId('map-status')).toHaveText('done', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Hide map settings' }).click();
  await page.getByText(/^Numbers \(/).click();
  await expectNoSidewaysScroll(page);
  expect(await brokenNumbers(page)).toEqual([]);
  await page.evaluate(() => document.querySelector('.map-progress')?.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: docsPicture('phone-map.png') });
});

test('a link with a 500-digit value: the notice wraps, the page does not scroll sideways', async ({ page }) => {
  await page.goto(`/?seed=${'9'.repeat(500)}&iters=50`);
  await expect(page.getByTestId('url-notice')).toContainText('more');
  await expectNoSidewaysScroll(page);
});

// Accessibility in the page: axe finds no violations in the live view, the strong-convexity explorer and the
// recovery map; each plot has a text summary built from its traces; the live region announces the run.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { plotTraces, openProbedExplorer } from './helpers';

/** A short run at a fixed seed: it finishes, so the page holds still while axe reads it. */
const LIVE = '/?seed=1&iters=300';
/** The map spec's six small cells. */
const MAP = '/?act=sqrelu&k=2&lr=0.05#view=map&map=n:1000:4000:*2,d:4:8:4&trials=2&iters=100';

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function finishedRun(page: Page, url = LIVE): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  await expect.poll(async () => (await plotTraces(page, 'error-plot')).length).toBeGreaterThan(0);
}

test('a plot scrolled out of view is not redrawn, but its text summary stays current', async ({ page }) => {
  await page.goto('/?seed=1&iters=3000');
  await expect.poll(async () => (await plotTraces(page, 'error-plot')).length).toBeGreaterThan(0);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(page.getByRole('figure', { name: 'Parameter error (log scale)' })).not.toBeInViewport();
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  await expect(page.getByTestId('error-plot-summary')).toContainText('at iteration 3,000', { timeout: 5_000 });
  // The drawing itself waits until it is seen again (the CPU goes to the engine meanwhile)…
  const drawn = Math.max(...(await plotTraces(page, 'error-plot')).map((t) => t.x[t.x.length - 1] ?? 0));
  expect(drawn).toBeLessThan(3000);
  // …and catches up when it is.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(async () => Math.max(...(await plotTraces(page, 'error-plot')).map((t) => t.x[t.x.length - 1] ?? 0))).toBe(3000);
});

test('live view: axe finds nothing; toolbars are one Tab stop; plots have text summaries; the run is announced', async ({ page }) => {
  await finishedRun(page);
  expect(await violations(page)).toEqual([]);
  const toolbars = await page.evaluate(() => {
    const bars = Array.from(document.querySelectorAll('.modebar'));
    return bars.map((bar) => ({
      role: bar.getAttribute('role'),
      stops: Array.from(bar.querySelectorAll('.modebar-btn')).filter((b) => (b as HTMLElement).tabIndex >= 0).length,
    }));
  });
  expect(toolbars.length).toBeGreaterThanOrEqual(2);
  for (const bar of toolbars) expect(bar).toEqual({ role: 'toolbar', stops: 1 });

  // Each plot's summary names every trace it draws, from the same figure.
  const error = await plotTraces(page, 'error-plot');
  const summary = page.getByTestId('error-plot-summary');
  for (const t of error) await expect(summary).toContainText(`${t.name} `);
  await expect(summary).toContainText('at iteration 300');
  await expect(summary).toContainText('Measured rate per step: tensor init 0.');
  await expect(page.getByRole('figure', { name: 'Parameter error (log scale)' })).toHaveAccessibleDescription(/^relative error/);
  await expect(page.getByTestId('loss-plot-summary')).toContainText('tensor init (test) ');
  await expect(page.getByTestId('announcer')).toContainText('Run done at iteration 300. Error: tensor init ');

  // A disabled control says why.
  const loss = page.getByLabel('loss', { exact: true });
  await expect(loss).toBeDisabled();
  await expect(loss).toHaveAccessibleDescription('Cross-entropy needs 0/1 labels: choose the classification problem.');
});

test('axe: no violations in the strong-convexity explorer with its region probed', async ({ page }) => {
  test.slow();
  await openProbedExplorer(page);
  expect(await violations(page)).toEqual([]);
});

test('axe: no violations in the recovery map, computed, with its numbers open', async ({ page }) => {
  await page.goto(MAP);
  await page.getByRole('button', { name: 'Compute map' }).click();
  await expect(page.getByTestId('map-status')).toHaveText('done', { timeout: 90_000 });
  await page.getByText(/^Numbers \(/).click();
  expect(await violations(page)).toEqual([]);
  // The map in words: every cell done, and the best and worst cells named.
  await expect(page.getByTestId('map-plot-summary')).toHaveText(/^6 of 6 cells done\. Best success rate: \d+% at n = \d+, d = \d+; worst: \d+% at n = \d+, d = \d+\.$/);
});

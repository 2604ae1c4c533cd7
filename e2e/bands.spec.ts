// Many seeds at once: a 10-seed band on the Zhong et al. preset — band traces, the median inside the band, the
// fraction of seeds recovered, and the float32 floor measured for the run.
import { expect, test } from '@playwright/test';
import { collectErrors, plotTraces, trace } from './helpers';

const SEEDS = 10;
// The README's Zhong et al. preset URL with a short budget and ten seeds.
const URL = `/?v=1&act=sqrelu&d=10&k=5&n=10000&lr=0.02&iters=40&kappa=2&vstar=pm1&trials=${SEEDS}`;

test('a 10-seed band on the Zhong et al. preset: band and median per arm, success fraction, float32 floor', async ({ page }) => {
  // Ten tensor initializations and ten seeds' samples are built before the first frame: a slow start here.
  test.setTimeout(300_000);
  const errors = collectErrors(page);
  await page.goto(URL);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 240_000 });
  const label = 'tensor init';
  const median = (await trace(page, 'error-plot', `${label} (median of ${SEEDS} seeds)`))!;
  const lo = (await trace(page, 'error-plot', `${label}: 10%`))!;
  const hi = (await trace(page, 'error-plot', `${label}: 10–90% of ${SEEDS} seeds`))!;
  expect(median.x.at(-1)).toBe(40);
  expect(lo.x).toEqual(median.x);
  expect(hi.x).toEqual(median.x);
  median.y.forEach((m, i) => {
    expect(m).toBeGreaterThanOrEqual(lo.y[i]);
    expect(m).toBeLessThanOrEqual(hi.y[i]);
  });
  // Ten seeds differ: the band has width, and the tensor arm's median falls.
  expect(hi.y[0]).toBeGreaterThan(lo.y[0]);
  expect(median.y.at(-1)!).toBeLessThan(median.y[0]);
  // Every arm has its band; the plot draws the band as a fill.
  const names = (await plotTraces(page, 'error-plot')).map((t) => t.name);
  for (const arm of ['tensor init', 'random W, true v', 'random W, random signs of v']) {
    expect(names).toContain(`${arm}: 10–90% of ${SEEDS} seeds`);
  }
  const fill = await page.evaluate((name) => {
    const div = document.getElementById('error-plot') as HTMLElement & { data: { name: string; fill?: string }[] };
    return div.data.find((t) => t.name === name)?.fill;
  }, `${label}: 10–90% of ${SEEDS} seeds`);
  expect(fill).toBe('tonexty');
  // The readouts: median with its spread, and the fraction of the ten seeds recovered.
  const cell = page.getByTestId('band-error-tensor');
  await expect(cell).toContainText('10–90%');
  expect(Number(await cell.getAttribute('data-median'))).toBeCloseTo(median.y.at(-1)!, 6);
  const success = page.getByTestId('success-tensor');
  await expect(success).toContainText(new RegExp(`^\\d+/${SEEDS} \\(\\d+\\.\\d%\\)$`));
  const fraction = Number(await success.getAttribute('data-success'));
  expect(fraction).toBeGreaterThanOrEqual(0);
  expect(fraction).toBeLessThanOrEqual(1);
  // The float32 floor measured for this run, dashed, with its note.
  await expect.poll(async () => (await trace(page, 'error-plot', 'float32 floor (measured for this run)'))?.y[0], { timeout: 60_000 })
    .toBeGreaterThan(1e-7);
  const floor = (await trace(page, 'error-plot', 'float32 floor (measured for this run)'))!.y[0];
  expect(floor).toBeLessThan(1e-4);
  await expect(page.locator('#error-plot .annotation-text')).toContainText('float32');
  expect(errors).toEqual([]);
});

test('one seed is today\'s view: a line per arm, no band', async ({ page }) => {
  await page.goto(URL.replace(`trials=${SEEDS}`, 'trials=1').replace('iters=40', 'iters=5'));
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 60_000 });
  const names = (await plotTraces(page, 'error-plot')).map((t) => t.name);
  expect(names.slice(0, 3)).toEqual(['tensor init', 'random W, true v', 'random W, random signs of v']);
  expect(names.some((n) => n.includes('10–90%'))).toBe(false);
  await expect(page.getByTestId('success-tensor')).toHaveCount(0);
});

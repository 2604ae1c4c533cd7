// The recovery map in the page: a small map fills in cell by cell, its CSV holds the numbers the cells show, a
// cell click opens that trial's experiment in the live view, and cancel stops a map part-way. Numbers are read
// from the plot's data, not from pixels.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, trace, waitForIteration } from './helpers';

// Six cells of two trials: squared ReLU, k = 2, n ∈ {1000, 2000, 4000}, d ∈ {4, 8}, 100 steps.
const SMALL = '/?act=sqrelu&k=2&lr=0.05#view=map&map=n:1000:4000:*2,d:4:8:4&trials=2&iters=100';

interface Heatmap {
  x: string[];
  y: string[];
  z: (number | null)[][];
  hovertext: string[][];
}

async function heatmap(page: Page): Promise<Heatmap> {
  return page.evaluate(() => {
    const div = document.getElementById('map-plot') as (HTMLElement & { data?: Heatmap[] }) | null;
    const t = div!.data![0];
    return { x: t.x.map(String), y: t.y.map(String), z: t.z, hovertext: t.hovertext };
  });
}

const cellsDone = async (page: Page) => Number(await page.getByTestId('map-cells-done').textContent());

/** Clicks the heatmap cell in column i, row j (category axes: equal cells across the plot area). */
async function clickCell(page: Page, i: number, j: number, columns: number, rows: number) {
  const box = (await page.locator('#map-plot .nsewdrag').first().boundingBox())!;
  const x = box.x + ((i + 0.5) * box.width) / columns;
  const y = box.y + box.height - ((j + 0.5) * box.height) / rows;
  await page.mouse.move(x, y);
  await page.waitForTimeout(300);
  await page.mouse.click(x, y);
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trim().split('\n').map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header.map((key, i) => [key, row[i]])));
}

test('a small map fills in; its CSV holds the numbers shown; a cell click opens that experiment', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(SMALL);
  await expect(page.getByRole('tab', { name: 'Recovery map' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Compute map' }).click();
  await expect(page.getByTestId('map-status')).toHaveText('running');
  // Cells fill in progressively: some done while others are not.
  await expect.poll(() => cellsDone(page), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('map-status')).toHaveText('done', { timeout: 60_000 });
  expect(await cellsDone(page)).toBe(6);
  // The live run was playing when the map began: it plays again (or has reached its iteration count).
  await expect(page.getByTestId('status')).toHaveText(/running|done/);

  const success = await heatmap(page);
  expect(success.x).toEqual(['1000', '2000', '4000']);
  expect(success.y).toEqual(['4', '8']);
  for (const row of success.z) for (const v of row) expect(v).toBeGreaterThanOrEqual(0);

  // CSV export: one row per cell with the success rate each cell shows.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^recovery-map_n-1000-4000_d-4-8\.csv$/);
  const csv = parseCsv(await readFile((await download.path())!, 'utf8'));
  expect(csv).toHaveLength(6);
  for (const row of csv) {
    const [i, j] = [success.x.indexOf(row.n), success.y.indexOf(row.d)];
    expect(Number(row.success_rate)).toBeCloseTo(success.z[j][i]!, 6);
  }
  // The error view colours log10 of the mean init error; the CSV has the error itself.
  await page.getByRole('radio', { name: 'mean initialization error' }).check();
  await expect.poll(async () => (await heatmap(page)).z[0][0]).not.toBe(success.z[0][0]);
  const error = await heatmap(page);
  for (const row of csv) {
    const [i, j] = [error.x.indexOf(row.n), error.y.indexOf(row.d)];
    expect(Math.log10(Number(row.mean_init_error))).toBeCloseTo(error.z[j][i]!, 5);
  }
  await expect.poll(() => new URL(page.url()).hash).toContain('show=error');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  expect((await readFile((await png.path())!)).subarray(1, 4).toString()).toBe('PNG');

  // A click on the cell n = 2000, d = 8 opens trial 1 (seed 1) of that cell in the live run.
  const trial1 = /trial 1 \(seed 1\): init error ([0-9.e+-]+) \(Frobenius ([0-9.e+-]+)\)/.exec(error.hovertext[1][1])!;
  expect(trial1).not.toBeNull();
  await clickCell(page, 1, 1, 3, 2);
  await expect(page.getByRole('tab', { name: 'Live run' })).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toMatchObject({ act: 'sqrelu', k: '2', n: '2000', d: '8', iters: '100' });
  await waitForIteration(page, 1);
  // The live tensor arm starts exactly where the map's trial started (its W is read back in float32). The plot may
  // still show the previous run for a redraw or two (redraws are throttled to their cost): wait for the new one.
  await expect.poll(async () => Math.abs((await trace(page, 'error-plot', 'tensor init'))!.y[0] / Number(trial1[2]) - 1)).toBeLessThan(5e-4);
  expect(errors).toEqual([]);
});

test('cancel stops a map part-way and gives the backend back to the live run', async ({ page }) => {
  const errors = collectErrors(page);
  // The live run is long (its own iters, in the query) so that it is still playing when the map begins and ends.
  await page.goto('/?act=sqrelu&k=2&lr=0.05&iters=500000#view=map&map=n:1000:16000:*2,d:4:16:4&trials=3&iters=300');
  await page.getByRole('button', { name: 'Compute map' }).click();
  await expect.poll(() => cellsDone(page), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('map-status')).toHaveText('cancelled');
  const stopped = await cellsDone(page);
  expect(stopped).toBeLessThan(20);
  await page.waitForTimeout(2000);
  expect(await cellsDone(page)).toBe(stopped);
  await expect(page.getByRole('button', { name: 'Compute map' })).toBeEnabled();
  // The cells that finished stay, and the live run, playing when the map began, plays again by itself.
  const z = (await heatmap(page)).z.flat();
  expect(z.filter((v) => v !== null)).toHaveLength(stopped);
  await page.getByRole('tab', { name: 'Live run' }).click();
  await expect(page.getByTestId('status')).toHaveText('running');
  expect(errors).toEqual([]);
});

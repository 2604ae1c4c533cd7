// Failures below the app: a backend that is missing, code that does not load, a lost WebGL context. Each must show
// what happened and a way out, and never leave a spinner.
import { expect, test } from '@playwright/test';
import { collectErrors, heavyOnly, iteration, trace, waitForIteration } from './helpers';

const SMALL = 'n=2000&d=5&k=3&iters=100000';

test('a named backend that is missing falls back past software WebGL to WASM, and says so', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`/?backend=webgpu&${SMALL}`);
  await waitForIteration(page, 5);
  // This machine has no GPU: WebGL here is SwiftShader, about 30× slower than WASM.
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('fallback')).toContainText('webgpu backend you asked for could not run');
  await expect(page.getByTestId('fallback')).toContainText('software-rendered');
  expect(errors).toEqual([]);
});

test('WASM asked for whose .wasm files fail to load ends on the CPU backend, never software WebGL', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(`/?backend=wasm&${SMALL}`);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await expect(page.getByTestId('fallback')).toContainText('wasm backend you asked for could not run');
  await waitForIteration(page, 2);
});

test('plotting code that fails to load shows an error with Retry, and Retry draws the plots', async ({ page }) => {
  await page.route(/plotly-cartesian/, (route) => route.abort());
  await page.goto(`/?${SMALL}`);
  const failed = page.locator('.plot-failed').first();
  await expect(failed).toContainText('could not load', { timeout: 60_000 });
  await expect(page.locator('.plot-loading:not(.plot-failed)')).toHaveCount(0);
  await waitForIteration(page, 5); // the run goes on without its plots
  await page.unroute(/plotly-cartesian/);
  await failed.getByRole('button', { name: 'Retry' }).click();
  // Either the browser fetches the chunk again and the plot draws, or it answers from its cache of the failure
  // and the plot offers a reload, which always works (the settings are in the link).
  const retried = await Promise.race([
    expect.poll(async () => (await trace(page, 'error-plot', 'tensor init'))?.x.length ?? 0).toBeGreaterThan(0).then(() => 'drawn'),
    expect(page.getByRole('button', { name: 'Reload the page' }).first()).toBeVisible().then(() => 'reload'),
  ]);
  if (retried === 'reload') {
    await page.getByRole('button', { name: 'Reload the page' }).first().click();
    await expect.poll(async () => (await trace(page, 'error-plot', 'tensor init'))?.x.length ?? 0).toBeGreaterThan(0);
  }
});

test('an engine whose code cannot load says so and offers a reload instead of building forever', async ({ page }) => {
  await page.route(/engine\.worker|engineHost|browserBackend/, (route) => route.abort());
  await page.goto(`/?${SMALL}`);
  await expect(page.getByTestId('run-error')).toContainText('The engine could not start', { timeout: 60_000 });
  await expect(page.getByTestId('status')).toHaveText('error');
  await page.unroute(/engine\.worker|engineHost|browserBackend/);
  await page.getByTestId('run-error').getByRole('button', { name: 'Reload the page' }).click();
  await waitForIteration(page, 5);
});

test('a lost WebGL context: the run is rebuilt from its seed on a fresh backend and goes on, with a note', async ({ page }) => {
  heavyOnly();
  const errors = collectErrors(page);
  await page.goto(`/?backend=webgl&${SMALL}`);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgl', { timeout: 60_000 });
  await waitForIteration(page, 10);
  const before = (await trace(page, 'error-plot', 'tensor init'))!.y[0];
  await page.evaluate(() => (window as unknown as { recoveryLab: { loseWebGLContext(): void } }).recoveryLab.loseWebGLContext());
  await expect(page.getByText('WebGL context was lost')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgl');
  const restarted = await iteration(page);
  await waitForIteration(page, restarted + 10);
  await expect(page.getByTestId('status')).toHaveText('running');
  // The same seed: the rebuilt run starts from the same tensor initialization.
  expect((await trace(page, 'error-plot', 'tensor init'))!.y[0]).toBeCloseTo(before, 5);
  expect(errors.filter((e) => !/context/i.test(e))).toEqual([]);
});

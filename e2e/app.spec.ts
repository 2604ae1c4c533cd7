import { expect, test } from '@playwright/test';
import { collectErrors, iteration, plotTraces, trace, waitForIteration, docsPicture } from './helpers';

test('the default page runs: both plots move and the random arm\'s error falls', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('status')).toHaveText('running', { timeout: 60_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /webgl|wasm|webgpu|cpu/);
  await waitForIteration(page, 30);
  const first = await trace(page, 'error-plot', 'random W, true v');
  const firstLoss = await plotTraces(page, 'loss-plot');
  await waitForIteration(page, (await iteration(page)) + 100);
  await expect.poll(async () => (await trace(page, 'error-plot', 'random W, true v'))!.x.length).toBeGreaterThan(first!.x.length);
  const later = (await trace(page, 'error-plot', 'random W, true v'))!;
  expect(later.y[later.y.length - 1]).toBeLessThan(later.y[0]);
  const laterLoss = await plotTraces(page, 'loss-plot');
  expect(laterLoss[0].x.length).toBeGreaterThan(firstLoss[0].x.length);
  expect(errors).toEqual([]);
});

test('the default page shows three arms, the tensor arm starting far below the random ones', async ({ page }) => {
  await page.goto('/');
  await waitForIteration(page, 1);
  // The float32 floor's dashed line joins once measured (e2e/bands.spec.ts checks it).
  const names = (await plotTraces(page, 'error-plot')).map((t) => t.name).filter((name) => !name.startsWith('float32 floor'));
  expect(names).toEqual(['tensor init', 'random W, true v', 'random W, random signs of v']);
  const start = async (name: string) => (await trace(page, 'error-plot', name))!.y[0];
  const tensor = await start('tensor init');
  expect(tensor).toBeLessThan(0.5 * (await start('random W, true v')));
  expect(tensor).toBeLessThan(0.5 * (await start('random W, random signs of v')));
  await expect(page.getByTestId('tensor-panel')).toBeVisible();
  await expect(page.getByTestId('signs')).toHaveAttribute('data-correct', 'true');
  const angle = parseFloat((await page.getByTestId('subspace-angle').textContent())!);
  expect(angle).toBeLessThan(20);
  // The P̂₂ spectrum marks exactly k chosen eigenvalues.
  const spectrum = await plotTraces(page, 'p2-spectrum');
  expect(spectrum[0].y.filter((v) => v !== null)).toHaveLength(5);
});

test('the learning-rate and activation controls change the run and the URL', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?seed=3');
  await waitForIteration(page, 8);
  const errorAt8 = async () => {
    const t = (await trace(page, 'error-plot', 'random W, true v'))!;
    return t.y[t.x.indexOf(8)];
  };
  // The plot redraws a little after the readouts: wait for its point at 8.
  await expect.poll(errorAt8).not.toBeUndefined();
  const before = await errorAt8();
  // Keyboard: the learning-rate slider moves up a few notches.
  const lr = page.getByLabel('learning rate η');
  await lr.focus();
  for (let i = 0; i < 60; i++) await lr.press('ArrowRight');
  await expect(page.getByTestId('value-lr')).not.toHaveText('0.1');
  await expect.poll(() => new URL(page.url()).searchParams.get('lr')).not.toBeNull();
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await waitForIteration(page, 8);
  // The new run's point at 8 (the plot is empty for a moment after the rebuild).
  await expect.poll(async () => { const e = await errorAt8(); return e !== undefined && e !== before; }).toBe(true);
  expect(await errorAt8()).toBeLessThan(before); // a larger step does more in 8 steps at this size

  await page.getByLabel('activation').selectOption('tanh');
  await expect.poll(() => new URL(page.url()).searchParams.get('act')).toBe('tanh');
  await expect(page.getByTestId('status')).toHaveText('running');
  await waitForIteration(page, 8);
  await expect.poll(errorAt8).not.toBe(before);
  expect(errors).toEqual([]);
});

test('a URL with settings reproduces them in the controls', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?v=1&act=sqrelu&d=12&k=3&n=5000&lr=0.02&iters=300&kappa=3&vstar=ones&seed=7');
  await expect(page.getByLabel('activation')).toHaveValue('sqrelu');
  await expect(page.getByTestId('value-d')).toHaveText('12');
  await expect(page.getByTestId('value-k')).toHaveText('3');
  await expect(page.getByTestId('value-n')).toHaveText('5,000');
  await expect(page.getByTestId('value-lr')).toHaveText('0.02');
  await expect(page.getByTestId('value-kappa')).toHaveText('3');
  await expect(page.getByLabel('output weights v*')).toHaveValue('ones');
  await expect(page.getByLabel('seed', { exact: true })).toHaveValue('7');
  await expect(page.getByTestId('url-notice')).toHaveCount(0);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  expect(await iteration(page)).toBe(300);
  // No random-signs arm when the output weights are known to be ones.
  await expect(page.getByTestId('arm-random-signs')).toHaveCount(0);
  // A seed being typed: a half-typed or bad value is kept as typed and explained; the run keeps seed 7.
  const seed = page.getByLabel('seed', { exact: true });
  await seed.fill('');
  await expect(page.getByTestId('seed-error')).toContainText('The run keeps seed 7');
  await expect(seed).toHaveAttribute('aria-invalid', 'true');
  await seed.fill('-5');
  await expect(page.getByTestId('seed-error')).toContainText('out of range');
  await expect(page).toHaveURL(/seed=7/);
  await seed.blur();
  await expect(seed).toHaveValue('7');
  await expect(page.getByTestId('seed-error')).toHaveCount(0);
  // Typed key by key, a number passes through valid prefixes (1, then 1.5): none of them starts a run.
  await seed.click();
  await seed.press('Control+a');
  await seed.pressSequentially('1.5');
  await expect(page.getByTestId('seed-error')).toContainText('not an integer');
  await expect(page.getByTestId('seed-error')).toContainText('The run keeps seed 7');
  await expect(page).toHaveURL(/seed=7/);
  // Enter commits a valid one; the arrow keys step it at once.
  await seed.press('Backspace');
  await seed.press('Backspace');
  await seed.press('Enter');
  // Seed 1 is the default, which the URL leaves out.
  await expect(page).not.toHaveURL(/seed=/);
  await expect(seed).toHaveValue('1');
  await seed.press('ArrowUp');
  await expect(page).toHaveURL(/seed=2(&|$)/);
  expect(errors).toEqual([]);
});

test('a malformed URL shows the notice and a working page', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?act=swish&d=-3&n=1e12&lr=abc&seed=oops');
  const notice = page.getByTestId('url-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('act=swish is not a known value');
  await expect(notice).toContainText('d=-3 is out of range');
  await expect(notice).toContainText('lr=abc is not a plain decimal number');
  await expect(page.getByTestId('value-d')).toHaveText('2');
  // n was clamped to its maximum, which at d=2 fits: the run goes on.
  await expect(page.getByTestId('status')).toHaveText(/running|done/, { timeout: 60_000 });
  await waitForIteration(page, 5);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a size that does not fit is refused with the limit, and the page recovers', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?d=200&n=1000000&k=5');
  await expect(page.getByTestId('run-error')).toContainText('do not fit this device: the limit here is');
  await page.goto('/?d=200&n=1000&k=5&iters=20');
  await expect(page.getByTestId('status')).toHaveText(/running|done/, { timeout: 60_000 });
  expect(errors).toEqual([]);
});

test('the README screenshot: the default experiment at a fixed seed and step count', async ({ page }) => {
  await page.goto('/?iters=400');
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  // The explorer's plots redraw only while on screen: show them, wait for their figures, then come back up.
  await page.evaluate(() => document.getElementById('cvx-radius-plot')?.scrollIntoView({ block: 'start' }));
  for (const id of ['cvx-radius-plot', 'cvx-along-plot', 'cvx-landscape-plot', 'cvx-overlap-plot']) {
    await expect.poll(async () => (await plotTraces(page, id)).length, { timeout: 60_000 }).toBeGreaterThan(0);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1200); // the last redraws (the explorer's figures redraw at most once a second)
  await page.screenshot({ path: docsPicture('screenshot.png'), fullPage: true });
});

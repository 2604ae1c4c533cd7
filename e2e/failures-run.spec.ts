import { expect, test } from '@playwright/test';
import { collectErrors, waitForIteration } from './helpers';

test('cross-entropy at η = 100 stops with the cause, and "use η" sets a smaller one and runs again', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?task=classification&loss=cross-entropy&n=4000&lr=100&iters=2000&seed=1');
  const stopped = page.getByTestId('stopped-random');
  await expect(stopped).toContainText('learning rate is too large', { timeout: 90_000 });
  await expect(stopped).toContainText('error grew');
  const use = stopped.getByRole('button', { name: 'use η = 10 and restart' });
  await use.click();
  await expect(page.getByTestId('value-lr')).toHaveText('10');
  await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe('10');
  await expect(page.getByTestId('stopped-random')).toHaveCount(0);
  await waitForIteration(page, 300);
  await expect(page.getByTestId('stopped-random')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('switching the problem moves η to one that works for it, with a notice; a chosen η stays', async ({ page }) => {
  await page.goto('/?n=2000');
  await expect(page.getByTestId('value-lr')).toHaveText('0.1');
  await page.getByLabel('problem', { exact: true }).selectOption('classification');
  await expect(page.getByTestId('value-lr')).toHaveText('10');
  await expect(page.getByRole('status').filter({ hasText: 'learning rate moved from η = 0.1 to η = 10' })).toBeVisible();
  await page.getByLabel('problem', { exact: true }).selectOption('regression');
  await expect(page.getByTestId('value-lr')).toHaveText('0.1');
  const lr = page.getByLabel('learning rate η');
  await lr.focus();
  await lr.press('ArrowLeft');
  const chosen = await page.getByTestId('value-lr').textContent();
  await page.getByLabel('problem', { exact: true }).selectOption('classification');
  await expect(page.getByTestId('value-lr')).toHaveText(chosen!);
});

test('the tensor panel says why the tensor start is worse than random at classification with n = 100,000', async ({ page }) => {
  await page.goto('/?task=classification&n=100000&iters=1');
  await expect(page.getByTestId('init-advice')).toContainText('worse than a random one', { timeout: 90_000 });
  await expect(page.getByTestId('init-advice')).toContainText('about n = 200,000');
});

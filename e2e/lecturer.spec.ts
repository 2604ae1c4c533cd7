// Lecturer links: hide= and lock= shape the page, the Share dialog makes links that reproduce themselves, and
// present=1 puts large plots first for a projector.
import { expect, test } from '@playwright/test';
import { collectErrors, trace, waitForIteration } from './helpers';

test('?hide=d,k&lock=n hides the d and k sliders and shows n fixed, with the reason linked', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?hide=d,k&lock=n,seed,presets&n=5000');
  await waitForIteration(page, 3);
  await expect(page.getByLabel('input dimension d')).toHaveCount(0);
  await expect(page.getByLabel('hidden units k')).toHaveCount(0);
  const n = page.getByLabel('samples n');
  await expect(n).toBeDisabled();
  await expect(n).toHaveAccessibleDescription('Fixed by your lecturer.');
  await expect(page.getByTestId('value-n')).toHaveText('5,000');
  await expect(page.getByLabel('seed', { exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'New seed' })).toBeDisabled();
  // A fixed panel: the preset menu is disabled, so no preset can move n.
  await expect(page.getByLabel('preset experiment')).toBeDisabled();
  // Free controls stay free; the URL keeps the lecturer's keys when a setting changes.
  await page.getByLabel('activation').selectOption('tanh');
  await expect.poll(() => new URL(page.url()).searchParams.get('act')).toBe('tanh');
  const url = new URL(page.url());
  expect(url.searchParams.get('hide')).toBe('d,k');
  expect(url.searchParams.get('lock')).toBe('n,seed,presets');
  await expect(page.getByTestId('url-notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('unknown names in hide and lock are ignored with a notice; panels can be hidden', async ({ page }) => {
  await page.goto(`/?hide=convexity,tensor,wobble&lock=${'x'.repeat(500)}`);
  const notice = page.getByTestId('url-notice');
  await expect(notice).toContainText('hide= names no setting or panel: wobble; ignored');
  await expect(notice).toContainText('more characters');
  expect((await notice.textContent())!.length).toBeLessThan(1500);
  await expect(page.getByTestId('tensor-panel')).toHaveCount(0);
  await expect(page.getByTestId('convexity')).toHaveCount(0);
  await waitForIteration(page, 3);
});

test('a link made by the Share dialog reproduces itself', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?act=sqrelu&seed=9');
  await waitForIteration(page, 1);
  const opener = page.getByRole('button', { name: 'Share', exact: true });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Share this experiment' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('img', { name: /QR code of the link/ })).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'hide input dimension d' }).check();
  await dialog.getByRole('checkbox', { name: 'hide strong-convexity explorer' }).check();
  await dialog.getByRole('checkbox', { name: 'lock samples n' }).check();
  await dialog.getByRole('checkbox', { name: 'lock hidden units k' }).check();
  // Hidden and fixed exclude each other, as links read them.
  await dialog.getByRole('checkbox', { name: 'hide hidden units k' }).check();
  await expect(dialog.getByRole('checkbox', { name: 'lock hidden units k' })).not.toBeChecked();
  await dialog.getByRole('checkbox', { name: /Projector mode/ }).check();
  const link = await dialog.getByTestId('share-link').inputValue();
  expect(new URL(link).search).toBe('?v=1&act=sqrelu&seed=9&hide=d,k,convexity&lock=n&present=1');
  const qr = await dialog.getByTestId('share-qr').locator('path').getAttribute('d');
  // Escape closes the modal and gives focus back to its button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  await page.goto(link);
  await expect(page.getByLabel('hidden units k')).toHaveCount(0);
  await expect(page.getByLabel('samples n')).toBeDisabled();
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const again = page.getByRole('dialog', { name: 'Share this experiment' });
  await expect(again.getByTestId('share-link')).toHaveValue(link);
  await expect(again.getByRole('checkbox', { name: 'hide hidden units k' })).toBeChecked();
  await expect(again.getByRole('checkbox', { name: 'lock samples n' })).toBeChecked();
  await expect(again.getByRole('checkbox', { name: /Projector mode/ })).toBeChecked();
  expect(await again.getByTestId('share-qr').locator('path').getAttribute('d')).toBe(qr);
  await again.getByRole('button', { name: 'Close' }).click();
  await expect(again).toBeHidden();
  expect(errors).toEqual([]);
});

test('present=1 puts the plots first, at projector size, with thick lines', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?present=1&hide=teaching');
  await waitForIteration(page, 5);
  await expect.poll(async () => (await trace(page, 'error-plot', 'tensor init'))?.x.length ?? 0).toBeGreaterThan(2);
  const plot = (await page.getByTestId('error-plot').boundingBox())!;
  const controls = (await page.getByRole('complementary', { name: 'settings' }).boundingBox())!;
  expect(plot.y).toBeLessThan(controls.y);
  // Both plots side by side, each over half the screen's height and 40% of its width (usually 340 px, a third).
  const loss = (await page.getByTestId('loss-plot').boundingBox())!;
  expect(Math.abs(loss.y - plot.y)).toBeLessThan(2);
  expect(plot.height).toBeGreaterThanOrEqual(0.55 * 720 - 2);
  expect(plot.width).toBeGreaterThanOrEqual(0.4 * 1280);
  const rootFont = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(rootFont).toBeGreaterThanOrEqual(20);
  const stroke = await page.locator('#error-plot .scatterlayer .js-line').first().evaluate((line) => getComputedStyle(line).strokeWidth);
  expect(parseFloat(stroke)).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('teaching')).toHaveCount(0);
});

// The page from the keyboard alone (page.keyboard only): shortcuts play, pause, step and reset; Tab reaches a
// slider that the arrow keys change; the view tabs follow the ARIA tab pattern and open every view; "?" lists
// the shortcuts; shortcuts rest while typing; a plot's toolbar is one Tab stop.
import { expect, test, type Page } from '@playwright/test';
import { iteration, waitForIteration } from './helpers';

const status = (page: Page) => page.getByTestId('status');

/** Presses Tab until `done` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, done: () => Promise<boolean>, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await done()) return;
  }
  throw new Error(`not reached in ${limit} Tab presses`);
}

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el?.labels?.[0]?.textContent ?? el?.getAttribute('aria-label') ?? el?.textContent ?? '';
  });
const focusedRole = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('role') ?? null);

test('keyboard only: play, pause, step, reset, a slider, every view, the shortcut list', async ({ page }) => {
  await page.goto('/?seed=1&iters=100000');
  await expect(status(page)).toHaveText('running', { timeout: 60_000 });
  await waitForIteration(page, 5);

  // Space pauses and plays; → steps once while paused; r resets.
  await page.keyboard.press(' ');
  await expect(status(page)).toHaveText('paused');
  await page.keyboard.press(' ');
  await expect(status(page)).toHaveText('running');
  await page.keyboard.press(' ');
  await expect(status(page)).toHaveText('paused');
  // The frame in flight at the pause still lands: wait until the count holds still.
  let before = -1;
  await expect.poll(async () => {
    const [now, previous] = [await iteration(page), before];
    before = now;
    return now === previous;
  }, { intervals: [500] }).toBe(true);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => iteration(page)).toBe(before + 1);
  await page.keyboard.press('r');
  await expect.poll(() => iteration(page)).toBe(0);

  // "?" lists the shortcuts in a dialog; Escape closes it.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row')).toHaveCount(5);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Tab reaches the learning-rate slider; an arrow key moves it (and the slider, not the run, takes the key).
  const lr = page.getByTestId('value-lr');
  const lrBefore = await lr.textContent();
  await tabTo(page, async () => (await focusedLabel(page)) === 'learning rate η');
  await page.keyboard.press('ArrowRight');
  await expect(lr).not.toHaveText(lrBefore!);
  await expect(page).toHaveURL(/lr=/);

  // While typing in a field, Space and r are text, not shortcuts.
  await tabTo(page, async () => (await focusedLabel(page)) === 'seed');
  await expect(status(page)).toHaveText(/paused|running/);
  const state = await status(page).textContent();
  await page.keyboard.press(' ');
  await page.keyboard.press('r');
  await page.waitForTimeout(300);
  await expect(status(page)).toHaveText(state!);

  // Shift+Tab back to the view tabs: one Tab stop, arrows move along them and each opens its view.
  await page.keyboard.press('Escape');
  for (let i = 0; i < 80 && (await focusedRole(page)) !== 'tab'; i++) await page.keyboard.press('Shift+Tab');
  expect(await focusedRole(page)).toBe('tab');
  const tabs = page.getByRole('tab');
  const count = await tabs.count();
  expect(count).toBeGreaterThanOrEqual(2);
  for (let i = 1; i <= count; i++) {
    const index = i % count;
    const tab = tabs.nth(index);
    await page.keyboard.press(index === 0 ? 'Home' : 'ArrowRight');
    await expect(tab).toBeFocused();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator(`#${await tab.getAttribute('aria-controls')}`)).toBeVisible();
    await expect(tab).toHaveAttribute('tabindex', '0');
  }
  await page.keyboard.press('End');
  await expect(tabs.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(tabs.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('error-plot')).toBeVisible();

  // A plot's toolbar is one Tab stop, named for its plot; the arrow keys walk its buttons, the next Tab leaves.
  await tabTo(page, async () => page.evaluate(() => !!document.activeElement?.closest('.modebar')));
  const toolbar = () => page.evaluate(() => document.activeElement?.closest('.modebar')?.id ?? null);
  const bar = await toolbar();
  await expect(page.locator(`[id="${bar}"]`)).toHaveAttribute('aria-label', /^plot tools: /);
  const title = () => page.evaluate(() => document.activeElement?.getAttribute('data-title'));
  const first = await title();
  await page.keyboard.press('ArrowRight');
  expect(await title()).not.toBe(first);
  expect(await toolbar()).toBe(bar);
  await page.keyboard.press('Tab');
  expect(await toolbar()).not.toBe(bar);
});

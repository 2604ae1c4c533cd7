// Hostile and unlucky links: a map whose step never moves the value froze the tab for good (before anything
// was drawn); now the page answers at once, refuses the map and says why, on the map view and the live view.
// The document must be parsed within a few seconds: the frozen page never got there (its module script looped).
import { expect, test, type Page } from '@playwright/test';
import { collectErrors } from './helpers';

const TINY_STEPS = [
  'n:1000:16000:1e-300,d:5:20:5',
  'n:1000:16000:*1.0000000000000002,d:5:20:5',
  'n:1000:16000:1e-9,d:5:20:5',
  'n:1000:16000:*2,d:2:200:1e-12',
];
const DEFAULT_MAP = 'n:1000:16000:*2,d:5:20:5';
/** "A few seconds", with room for a machine whose cores are shared by many test runs. */
const ANSWER_MS = 15_000;

async function open(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: ANSWER_MS });
}

/** The page runs script within a few seconds, and a tab click is handled and shows. */
async function answers(page: Page, tab: 'Live run' | 'Recovery map') {
  const started = Date.now();
  await page.evaluate(() => document.readyState);
  expect(Date.now() - started).toBeLessThan(ANSWER_MS);
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

for (const map of TINY_STEPS) {
  test(`the map link ${map} opens at once, refused with a notice`, async ({ page }) => {
    const errors = collectErrors(page);
    await open(page, `/#view=map&map=${map}`);
    const notice = page.getByTestId('map-notice');
    await expect(notice).toContainText(`map=${map}:`, { timeout: ANSWER_MS });
    await expect(notice).toContainText(/would make about [\d.]+·10\^\d+ values; at most 25 per axis: use a (step|factor) of \*?[\d.]+ or more/);
    await expect(notice).toContainText(`Using the map ${DEFAULT_MAP}.`);
    await answers(page, 'Live run');
    // The live view shows what the link's map part changed too.
    await expect(page.getByTestId('map-link-notice')).toContainText('at most 25 per axis', { timeout: ANSWER_MS });
    await answers(page, 'Recovery map');
    await expect(page.getByRole('button', { name: 'Compute map' })).toBeEnabled();
    expect(errors).toEqual([]);
  });
}

test('the live view shows the link\'s number notices and map problems, long values cut short', async ({ page }) => {
  const errors = collectErrors(page);
  // The query goes to the server, which takes a few kB of it; the fragment stays in the page, 100 kB.
  await open(page, `/?d=0x10&k=2.5&lr=${'9'.repeat(4_000)}#map=n:1000:16000:1e-300,d:5:20:5&trials=${'9'.repeat(100_000)}`);
  const settingsNotice = page.getByTestId('url-notice');
  await expect(settingsNotice).toContainText('d=0x10 is not a plain decimal number; using 10', { timeout: ANSWER_MS });
  await expect(settingsNotice).toContainText('k=2.5 is not an integer; using 3');
  await expect(settingsNotice).toContainText('lr=999999999999999999999999999999999999999999999999999999999999… (3940 more characters) is too long for a number');
  expect((await settingsNotice.textContent())!.length).toBeLessThan(2_000);
  const mapNotice = page.getByTestId('map-link-notice');
  await expect(mapNotice).toContainText('n: step 1e-300 would make');
  await expect(mapNotice).toContainText('(99940 more characters) is too long for a number');
  expect((await mapNotice.textContent())!.length).toBeLessThan(2_000);
  await mapNotice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(mapNotice).toHaveCount(0);
  await answers(page, 'Recovery map');
  expect(errors).toEqual([]);
});

test('a step typed into the map\'s field that would never fit is refused, the grid kept', async ({ page }) => {
  await open(page, '/#view=map');
  const step = page.getByRole('group', { name: 'horizontal axis' }).getByLabel('step');
  await step.fill('1e-300', { timeout: ANSWER_MS });
  await step.press('Enter');
  await expect(page.getByTestId('map-notice')).toContainText('n: step 1e-300 would make', { timeout: ANSWER_MS });
  await expect(page.getByTestId('map-notice')).toContainText(`Using the map ${DEFAULT_MAP}.`);
  await expect(step).toHaveValue('*2');
  await answers(page, 'Live run');
});

// The Zhang et al. lesson done as a student would: sliders moved from the keyboard, each check green only once
// its task is done; a lecturer's deep link opens its step with the step's settings; the view fits a phone.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectErrors, docsPicture } from './helpers';

const lesson = (page: Page) => page.getByRole('region', { name: 'lesson' });
const check = (page: Page) => page.getByTestId('lesson-check');
const slider = (page: Page, name: string) => lesson(page).getByRole('slider', { name });

/** Presses keys on a slider as a student would, then checks where it landed. */
async function move(control: Locator, keys: string[], landed: (value: number) => boolean): Promise<void> {
  await control.focus();
  for (const key of keys) await control.press(key);
  const text = (await control.getAttribute('aria-valuetext')) ?? '';
  expect(landed(Number(text.replace(/,/g, ''))), `slider at ${text}`).toBe(true);
}

const times = (key: string, count: number) => new Array<string>(count).fill(key);

async function expectNotPassed(page: Page): Promise<void> {
  await expect(check(page)).not.toHaveAttribute('data-state', 'pass');
  await expect(check(page)).toHaveAttribute('data-passed', 'false');
}

async function expectPassed(page: Page): Promise<void> {
  await expect(check(page)).toHaveAttribute('data-state', 'pass', { timeout: 90_000 });
  await expect(check(page).getByRole('status')).toHaveText(/Check passed/);
}

/** A comparison step: wait until the student's first measurement is recorded (it is not a pass). */
async function firstMeasurement(page: Page): Promise<void> {
  await expect(check(page).getByRole('button', { name: 'Measure again' })).toBeVisible({ timeout: 90_000 });
  await expect(check(page)).toHaveAttribute('data-state', 'waiting');
  await expectNotPassed(page);
}

async function nextStep(page: Page, title: string): Promise<void> {
  await lesson(page).getByRole('link', { name: 'Next step →' }).click();
  await expect(page.getByTestId('lesson-step-title')).toHaveText(title);
}

test('a student completes the noise-floor lesson; each check turns green only after its task', async ({ page }) => {
  test.setTimeout(900_000);
  const errors = collectErrors(page);
  await page.goto('/#view=lesson&lesson=zhang&step=1');
  await expect(page.getByTestId('lesson-step-title')).toHaveText('A floor, not zero');
  await expect(page.getByRole('tab', { name: 'Lessons' })).toHaveAttribute('aria-selected', 'true');

  // 1. Without noise there is no floor: the check waits for ν; with ν = 0.5 the floor appears.
  await expect(check(page)).toContainText(/label noise ν/);
  await expectNotPassed(page);
  await move(slider(page, 'label noise ν'), ['PageUp'], (v) => v === 1);
  await expectPassed(page);
  await expect(lesson(page).getByText('Take-away:')).toBeVisible();

  // 2. Halve ν: the floor recorded at 0.2 is compared with the one at 0.1 (a slider step is 0.01).
  await nextStep(page, 'Halve the noise');
  await firstMeasurement(page);
  await move(slider(page, 'label noise ν'), times('ArrowLeft', 10), (v) => v === 0.1);
  await expectPassed(page);

  // 3. Four times the samples (n moves on a log scale).
  await nextStep(page, 'Four times the samples');
  await firstMeasurement(page);
  // n moves on a log scale: PageUp is ×2.7, an arrow ×1.01.
  await move(slider(page, 'samples n'), ['PageUp', ...times('ArrowRight', 40)], (v) => v > 14_500 && v < 17_500);
  await expectPassed(page);

  // 4. Four times the dimension.
  await nextStep(page, 'Four times the dimension');
  await firstMeasurement(page);
  await move(slider(page, 'input dimension d'), times('ArrowRight', 15), (v) => v === 20);
  await expectPassed(page);

  // 5. Against the formula: needs noise, then the measured floor is compared with 0.8·ν·√(dk ln n / n)/‖W*‖.
  await nextStep(page, 'Against the formula');
  await expect(check(page)).toContainText(/label noise ν/);
  await expectNotPassed(page);
  await move(slider(page, 'label noise ν'), ['PageUp'], (v) => v === 1);
  await expectPassed(page);

  // The finished lesson lists the student's own numbers, step by step.
  const summary = page.getByTestId('lesson-summary');
  await expect(summary).toBeVisible();
  await expect(summary.locator('dd')).not.toHaveCount(0);
  await expect(summary).toContainText('after ÷ before');
  await expect(lesson(page).locator('.lesson-steps li[data-passed="true"]')).toHaveCount(5);

  // The screenshot for the README: the last step at the end of its run (a fixed seed and iteration count).
  await expect(lesson(page).getByTestId('lesson-iteration')).toHaveText('1,200', { timeout: 90_000 });
  await lesson(page).getByTestId('lesson-step-title').scrollIntoViewIfNeeded();
  await page.screenshot({ path: docsPicture('lesson.png') });

  // Progress survives a reload; the reset clears it.
  await page.reload();
  await expect(lesson(page).locator('.lesson-steps li[data-passed="true"]')).toHaveCount(5);
  await lesson(page).getByRole('button', { name: 'Reset lesson progress' }).click();
  await expect(lesson(page).locator('.lesson-steps li[data-passed="true"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a lecturer’s link to step 3 opens step 3 with its settings; a bad link is clamped with a notice', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#view=lesson&lesson=zhong&step=3');
  await expect(page.getByTestId('lesson-step-title')).toHaveText('Random signs do not make it');
  await expect(lesson(page).locator('[aria-current="step"]')).toHaveText('Random signs do not make it');
  // The step's settings: squared relu and n = 32,000, both fixed; η and the iterations are the student's.
  const n = slider(page, 'samples n');
  await expect(n).toBeDisabled();
  await expect(n).toHaveAttribute('aria-valuetext', '32,000');
  await expect(lesson(page).getByRole('combobox', { name: 'activation' })).toHaveValue('sqrelu');
  await expect(slider(page, 'learning rate η')).toBeEnabled();
  await expect(slider(page, 'input dimension d')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => location.search)).toContain('n=32000');
  await expect(page.getByTestId('lesson-check')).toHaveAttribute('data-state', 'pass', { timeout: 180_000 });

  await page.goto('/#view=lesson&lesson=zhong&step=99');
  await expect(page.getByTestId('lesson-step-title')).toHaveText('Too large a step');
  // The page's notice for what a link's fragment changed (StatusBar) names the step given and the one used.
  await expect(page.getByTestId('map-link-notice')).toContainText(/step=99 is past the end .* using step 5/);
});

test('on a phone the lesson fits the width and works from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#view=lesson&lesson=fu&step=2');
  await expect(page.getByTestId('lesson-step-title')).toHaveText('Cross-entropy against the squared loss');
  await expect(page.getByTestId('lesson-check')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Step links are plain links: Tab to one and Enter opens it.
  const first = lesson(page).getByRole('link', { name: 'Weights from coin flips' });
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-step-title')).toHaveText('Weights from coin flips');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

// Every preset loads from the menu, runs, and shows what its README row promises — checked by numbers read
// from the page's plots.
import { expect, test, type Page } from '@playwright/test';
import { PRESETS, presetQuery, presetSettings } from '../src/state/presets';
import { settingsFromSearch } from '../src/core/settings';
import { noiseFloor } from '../src/core/noiseFloor';
import { collectErrors, heavyOnly, trace, waitForIteration } from './helpers';

async function loadPreset(page: Page, id: string) {
  const preset = PRESETS.find((p) => p.id === id)!;
  await page.goto('/');
  await page.getByLabel('preset experiment').selectOption(id);
  // The URL now stands for exactly the preset's settings, as its plain URL does.
  await expect.poll(() => settingsFromSearch(new URL(page.url()).search).settings).toEqual(presetSettings(preset));
  expect(settingsFromSearch(`?${presetQuery(preset)}`).settings).toEqual(presetSettings(preset));
  await expect(page.getByTestId('status')).toHaveText('running', { timeout: 60_000 });
  return preset;
}

const errorsOf = async (page: Page, name: string) => (await trace(page, 'error-plot', name))!.y;

test('Zhong et al., three initializations: tensor fastest and linear, random-signs does not reach W*', async ({ page }) => {
  const errors = collectErrors(page);
  await loadPreset(page, 'zhong-three-inits');
  await waitForIteration(page, 300);
  const tensor = await errorsOf(page, 'tensor init');
  const random = await errorsOf(page, 'random W, true v');
  const signs = await errorsOf(page, 'random W, random signs of v');
  expect(tensor[0]).toBeLessThan(0.3 * random[0]);
  expect(tensor[tensor.length - 1]).toBeLessThan(0.1 * tensor[0]);
  expect(tensor[tensor.length - 1]).toBeLessThan(random[random.length - 1]);
  expect(signs[signs.length - 1]).toBeGreaterThan(0.3);
  expect(errors).toEqual([]);
});

test('Zhang et al., noisy ReLU: down to the drawn statistical floor', async ({ page }) => {
  const errors = collectErrors(page);
  const preset = await loadPreset(page, 'zhang-noisy-relu');
  const floorTrace = await trace(page, 'error-plot', 'statistical floor 0.8·ν√(dk·ln n/n)');
  const s = preset.settings as Required<typeof preset.settings>;
  expect(floorTrace!.y[0]).toBeCloseTo(noiseFloor({ noise: s.noise, d: s.d, k: s.k, n: s.n, kappa: s.kappa }), 6);
  await waitForIteration(page, 500);
  const tensor = await errorsOf(page, 'tensor init');
  const last = tensor[tensor.length - 1];
  expect(last / floorTrace!.y[0]).toBeGreaterThan(0.5);
  expect(last / floorTrace!.y[0]).toBeLessThan(2);
  // The floor moves with ν: doubling the noise doubles it.
  await page.goto(`/?${presetQuery(preset).replace('noise=0.5', 'noise=1')}`);
  await waitForIteration(page, 1);
  await expect.poll(async () => (await trace(page, 'error-plot', 'statistical floor 0.8·ν√(dk·ln n/n)'))?.y[0]).toBeCloseTo(2 * floorTrace!.y[0], 6);
  expect(errors).toEqual([]);
});

test('Fu et al., cross-entropy: faster and lower than the squared loss on the same data', async ({ page }) => {
  heavyOnly();
  const errors = collectErrors(page);
  await loadPreset(page, 'fu-cross-entropy');
  await expect(page.getByTestId('accuracy-tensor')).toContainText('%');
  await waitForIteration(page, 60);
  const ce = await errorsOf(page, 'tensor init');
  const squared = await errorsOf(page, 'tensor init, squared loss');
  expect(ce[0]).toBeCloseTo(squared[0], 6); // the same initialization
  expect(ce[ce.length - 1]).toBeLessThan(0.8 * ce[0]);
  expect(ce[ce.length - 1]).toBeLessThan(squared[squared.length - 1]);
  expect(errors).toEqual([]);
});

test('Fu et al., CNN: the filter from the moment initialization', async ({ page }) => {
  const errors = collectErrors(page);
  await loadPreset(page, 'fu-cnn');
  await waitForIteration(page, 50);
  const tensor = await errorsOf(page, 'tensor init');
  const random = await errorsOf(page, 'random W, true v');
  expect(tensor[0]).toBeLessThan(0.2 * random[0]);
  expect(tensor[tensor.length - 1]).toBeLessThan(0.15);
  expect(random[random.length - 1]).toBeLessThan(0.5 * random[0]);
  await expect(page.getByTestId('tensor-panel')).toContainText('first moments');
  expect(errors).toEqual([]);
});

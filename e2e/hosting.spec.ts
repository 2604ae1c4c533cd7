// The build hosted the way a lecturer hosts it: under a subpath of a plain static server that sends no
// COOP/COEP. It must load, train and draw there; the service worker then makes it cross-origin isolated (WASM
// threads) after one reload, and the app opens and trains offline once the first visit has cached it.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { collectErrors, iteration, trace, waitForIteration } from './helpers';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticHost, SUBPATH, type StaticHost } from './staticHost';

let host: StaticHost;
test.beforeEach(async () => {
  host = await startStaticHost();
});
test.afterEach(async () => {
  await host.stop();
});

/** Requests that failed, so a missing asset (the old absolute /assets/… URLs) shows by name. */
function collectFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  return failures;
}

async function trainsAndDraws(page: Page): Promise<void> {
  await expect(page.getByTestId('status')).toHaveText('running', { timeout: 60_000 });
  await waitForIteration(page, 5);
  const start = await iteration(page);
  await waitForIteration(page, start + 20);
  await expect.poll(async () => (await trace(page, 'error-plot', 'tensor init'))?.x.length ?? 0).toBeGreaterThan(5);
  await expect.poll(async () => (await trace(page, 'loss-plot', 'tensor init (train)'))?.x.length ?? 0).toBeGreaterThan(5);
}

/** Most specific first: each name is a prefix of the ones before it. */
const WASM_BINARIES = ['tfjs-backend-wasm-threaded-simd', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm'];

/** Which of tfjs's .wasm binaries the page and its workers fetched (the threaded one needs isolation). */
function collectWasm(context: BrowserContext): string[] {
  const names: string[] = [];
  context.on('request', (request) => {
    // The service worker's precache fetches all three; only what the app itself asked for counts.
    if (request.serviceWorker()) return;
    const file = new URL(request.url()).pathname.split('/').pop() ?? '';
    const name = WASM_BINARIES.find((n) => file.startsWith(`${n}-`) && file.endsWith('.wasm'));
    if (name) names.push(name);
  });
  return names;
}

/** crossOriginIsolated, asked again while a reload may be replacing the page. */
async function isolated(page: Page): Promise<boolean | null> {
  try {
    return await page.evaluate(() => crossOriginIsolated);
  } catch {
    return null;
  }
}

/**
 * Isolated: the threaded binary loads (its pthreads need SharedArrayBuffer) and the badge no longer says the
 * page is not isolated. (How many threads XNNPACK then uses is the machine's business: on a 2-core box it
 * reports one, under `vite preview` with real headers as well.)
 */
async function expectThreadedWasm(page: Page, wasm: string[]): Promise<void> {
  expect(wasm).toContain('tfjs-backend-wasm-threaded-simd');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('backend')).not.toContainText('not cross-origin isolated');
}

test('from a subpath of a static server with no COOP/COEP: loads, trains and draws on one WASM thread', async ({ page, context }) => {
  const errors = collectErrors(page);
  const failures = collectFailures(page);
  const wasm = collectWasm(context);
  const response = await page.goto(`${host.url}?backend=wasm`);
  expect(response!.headers()['cross-origin-opener-policy']).toBeUndefined();
  expect(response!.headers()['cross-origin-embedder-policy']).toBeUndefined();
  await trainsAndDraws(page);
  expect(await isolated(page)).toBe(false);
  // The honest note: not isolated, so one thread.
  await expect(page.getByTestId('backend')).toContainText('one thread (page not cross-origin isolated)');
  expect(wasm).toContain('tfjs-backend-wasm-simd');
  expect(wasm).not.toContain('tfjs-backend-wasm-threaded-simd');
  // Every request stayed under the subpath: the old build asked for /assets/… at the host's root.
  expect(failures).toEqual([]);
  expect(errors).toEqual([]);
});

test('the service worker isolates the page after one reload, and the app opens and trains offline', async ({ page, context }) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  const failures = collectFailures(page);
  const wasm = collectWasm(context);
  // Automated browsers get the service worker only when they ask (src/swRegister.ts).
  await context.addInitScript(() => {
    (window as unknown as Record<string, boolean>).recoveryLabServiceWorker = true;
  });
  await page.goto(`${host.url}?backend=wasm&seed=4`);
  // First visit: the worker installs, takes control, and the page reloads once through it, now isolated.
  await expect.poll(() => isolated(page), { timeout: 90_000 }).toBe(true);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe(SUBPATH);
  await trainsAndDraws(page);
  await expectThreadedWasm(page, wasm);
  expect(new URL(page.url()).searchParams.get('seed')).toBe('4');

  // Offline: the server is gone and the network is cut; the cached build still opens, isolated, and trains.
  await host.stop();
  await context.setOffline(true);
  wasm.length = 0;
  await page.reload();
  await trainsAndDraws(page);
  expect(await isolated(page)).toBe(true);
  await expectThreadedWasm(page, wasm);
  await context.setOffline(false);
  expect(failures).toEqual([]);
  expect(errors).toEqual([]);
});

test('a redeployed build: the open page keeps running, offers "New version: reload", and the click loads the new one', async ({ page, context }) => {
  test.setTimeout(240_000);
  const errors = collectErrors(page);
  await context.addInitScript(() => {
    (window as unknown as Record<string, boolean>).recoveryLabServiceWorker = true;
  });
  await page.goto(`${host.url}?backend=wasm&seed=4&iters=1000000`);
  await expect.poll(() => isolated(page), { timeout: 90_000 }).toBe(true);
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  await trainsAndDraws(page);

  // The lecturer uploads a new build: here the same one with a marked index.html, and the worker's precache list
  // saying so (as a real build's new revision would).
  await host.redeploy((dir) => {
    const html = join(dir, 'index.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('<head>', '<head><meta name="recovery-lab-build" content="redeployed">'));
    const sw = join(dir, 'sw.js');
    const worker = readFileSync(sw, 'utf8');
    const updated = worker.replace(/\{"revision":"[0-9a-f]+","url":"index\.html"\}/, '{"revision":"redeployed","url":"index.html"}');
    expect(updated).not.toBe(worker);
    writeFileSync(sw, updated);
  });
  // Asked again while the update's reload may be replacing the page (as isolated() is).
  const build = () => page.evaluate(() => document.querySelector('meta[name=recovery-lab-build]')?.getAttribute('content') ?? null).catch(() => 'navigating');
  await page.evaluate(() => {
    (window as unknown as Record<string, boolean>).beforeUpdate = true;
  });
  // The browser looks for a new worker on navigations and every so often; the test asks now. Paused, so the new
  // worker installs in seconds: beside a run using both cores of this machine it took 20–60 s.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('paused');
  await page.evaluate(async () => void (await navigator.serviceWorker.getRegistration())?.update());
  const reload = page.getByRole('button', { name: 'New version: reload' });
  await expect(reload).toBeVisible({ timeout: 90_000 });
  // Offered, not forced: the page that was open is the same page, still the old build, and it runs on.
  expect(await page.evaluate(() => (window as unknown as Record<string, boolean>).beforeUpdate)).toBe(true);
  expect(await build()).toBeNull();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const before = await iteration(page);
  await waitForIteration(page, before + 10);

  await reload.click();
  await expect.poll(build, { timeout: 60_000 }).toBe('redeployed');
  expect(await page.evaluate(() => (window as unknown as Record<string, boolean>).beforeUpdate)).toBeUndefined();
  await expect(reload).toBeHidden();
  expect(new URL(page.url()).searchParams.get('seed')).toBe('4');
  await trainsAndDraws(page);
  expect(errors).toEqual([]);
});

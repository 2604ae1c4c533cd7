// Run files in the page: Download run writes one JSON document; Open run of that file redraws exactly the same
// curves with nothing computed, says it is a replay and where it came from; Re-run runs its settings live. A bad
// file gives a message; Open map shows a map file (the CLI's, or its shards' join) in the map view.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, plotTraces } from './helpers';

const RUN = '/?act=sqrelu&d=6&k=3&n=2000&lr=0.02&iters=150&seed=3';

/**
 * A plot's traces once its redraw (throttled to its cost) has caught up with the run's last iteration (the
 * training loss before step t is plotted at t − 1, so its trace ends one short).
 */
/** The arms' curves (the float32 floor's dashed line is measured for the live run, not saved in the file). */
async function armTraces(page: Page, id: string) {
  return (await plotTraces(page, id)).filter((t) => !t.name.startsWith('float32 floor'));
}

async function settled(page: Page, id: string, last: number) {
  await expect.poll(async () => (await armTraces(page, id)).every((t) => (t.x.at(-1) ?? -1) >= last - 1), { timeout: 30_000 }).toBe(true);
  return armTraces(page, id);
}

test('Download run, then Open run of that file, redraws the same curves; Re-run runs it live', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(RUN);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  const error = await settled(page, 'error-plot', 150);
  const loss = await settled(page, 'loss-plot', 150);
  expect(error.map((t) => t.name)).toEqual(['tensor init', 'random W, true v', 'random W, random signs of v']);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download run' }).click()]);
  expect(download.suggestedFilename()).toBe('recovery-run_sqrelu_d6_k3_n2000_seed3_it150.json');
  const saved = readFileSync(await download.path(), 'utf8');
  const doc = JSON.parse(saved);
  expect(doc).toMatchObject({ kind: 'recovery-lab/run', version: 1, app: { writer: 'app' }, iterations: 150, seeds: [3] });
  expect(doc.settings).toMatchObject({ act: 'sqrelu', d: 6, k: 3, n: 2000, seed: 3 });
  expect(doc.teacher.W).toHaveLength(18);
  expect(doc.url).toContain('seed=3');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const rows = readFileSync(await csv.path(), 'utf8').trim().split('\n');
  expect(rows[0]).toBe('arm,curve,iteration,value');
  expect(rows).toContain(`tensor,error,150,${doc.arms[0].error.at(-1)}`);

  // Another run takes the plots; then the file brings the first one back, with no engine frames.
  await page.goto(RUN.replace('seed=3', 'seed=8'));
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  expect((await settled(page, 'error-plot', 150))[0].y).not.toEqual(error[0].y);
  await page.getByTestId('open-run-input').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(saved) });
  const banner = page.getByTestId('replay-banner');
  await expect(banner).toContainText('Replay of recovery-run_sqrelu_d6_k3_n2000_seed3_it150.json');
  await expect(banner).toContainText('saved by the app of Recovery Lab');
  await expect(banner).toContainText('nothing is computed');
  await expect.poll(() => armTraces(page, 'error-plot')).toEqual(error);
  await expect.poll(() => armTraces(page, 'loss-plot')).toEqual(loss);
  await expect(page.getByTestId('iteration')).toHaveText('150');

  await banner.getByRole('button', { name: 'Re-run' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page).toHaveURL(/seed=3/);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  // Same seed and settings: the live run gives the saved run's first points again (deterministic by seed).
  const rerun = await settled(page, 'error-plot', 150);
  expect(rerun.map((t) => t.y[0])).toEqual(error.map((t) => t.y[0]));
  expect(errors).toEqual([]);
});

test('the CLI\'s --json opens in the app: every step of every arm drawn', async ({ page }) => {
  const cli = spawnSync('npx', ['tsx', 'src/cli/recover.ts', '--act', 'sqrelu', '--d', '6', '--k', '3', '--n', '2000', '--lr', '0.02', '--iters', '60', '--json'], { encoding: 'utf8' });
  expect(cli.status).toBe(0);
  const doc = JSON.parse(cli.stdout);
  await page.goto(RUN);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  await page.getByTestId('open-run-input').setInputFiles({ name: 'cli.json', mimeType: 'application/json', buffer: Buffer.from(cli.stdout) });
  await expect(page.getByTestId('replay-banner')).toContainText('saved by the command line');
  await expect.poll(async () => (await plotTraces(page, 'error-plot')).map((t) => t.y)).toEqual(doc.arms.map((a: { error: number[] }) => a.error));
  const error = await plotTraces(page, 'error-plot');
  expect(error[0].x).toEqual(Array.from({ length: 61 }, (_, t) => t));
});

test('a file that is not a run file gives a message and the live run goes on', async ({ page }) => {
  await page.goto(RUN);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 90_000 });
  const input = page.getByTestId('open-run-input');
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"kind": "recovery-lab/run", "version": 7}') });
  await expect(page.getByRole('alert').filter({ hasText: 'broken.json' })).toContainText('reads version 1');
  await expect(page.getByTestId('replay-banner')).toHaveCount(0);
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toContainText('not JSON');
});

test('Open map shows a map file\'s cells with where it came from', async ({ page }) => {
  const trial = { seed: 1, reason: null, initError: 0.2, finalError: 0.004, initErrorFro: 0.15, initSignsRight: true, signsRight: true, iterations: 40, outcome: 'recovered' };
  const cell = (x: number) => ({
    x, y: 4, trials: [trial], reason: null, successRate: 1, meanInitError: 0.2, meanInitErrorFro: 0.15, meanFinalError: 0.004, meanItersToSuccess: 40, initSignsRight: 1, seconds: 1,
  });
  const file = {
    kind: 'recovery-lab/map', version: 1, app: { name: 'recovery-lab', version: '0.1.0', writer: 'cli' },
    settings: { act: 'sqrelu', k: 2, seed: 1 },
    map: { grid: 'n=500:1000:*2,d=4', x: { key: 'n', values: [500, 1000] }, y: { key: 'd', values: [4] }, trials: 1, init: 'tensor', iters: 50, batch: null },
    shard: null, backend: 'wasm', seconds: 2, cells: [cell(500), cell(1000)],
  };
  await page.goto('/#view=map');
  await page.getByTestId('open-map-input').setInputFiles({ name: 'merged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId('map-opened')).toContainText('Opened from merged.json');
  await expect(page.getByTestId('map-opened')).toContainText('command line');
  await expect(page.getByTestId('map-table').locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('open-map-input').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ kind: 'recovery-lab/run', version: 1 })) });
  await expect(page.getByTestId('open-map-error')).toContainText('This is a run file');
});

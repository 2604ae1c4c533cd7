// Run files: the app's writer and the CLI's --json write one schema, and the app's reader gives back the same
// curves and settings; a damaged, huge or other-version file gives a message, never an exception.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args';
import { runCli } from '../src/cli/run';
import { MAX_DOCUMENT_BYTES } from '../src/core/jsonDocument';
import { armCurve, readRunFile, runFileCsv, type RunFile } from '../src/core/runFile';
import { DEFAULTS, type Settings } from '../src/core/settings';
import { EngineHost } from '../src/engine/engineHost';
import { initNodeBackend } from '../src/engine/nodeBackend';
import type { BuiltRun, EngineEvent } from '../src/engine/protocol';
import { runFileFromPage, seriesFromRunFile } from '../src/engine/runFileSeries';
import { SeriesStore } from '../src/engine/series';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const small: Settings = { ...DEFAULTS, act: 'sqrelu', lr: 0.02, n: 2000, d: 6, k: 3, iters: 80, seed: 5 };

/** Drives the engine as the page does and keeps what the page keeps: the built run, its frames as plot series. */
async function pageRun(settings: Settings) {
  const series = new SeriesStore();
  let run: BuiltRun | null = null;
  let latest: Extract<EngineEvent, { type: 'frame' }> | null = null;
  const host = new EngineHost((event) => {
    const e = structuredClone(event);
    if (e.type === 'built') {
      run = e;
      series.reset(e.arms.map((a) => a.name));
    }
    if (e.type === 'frame') {
      latest = e;
      series.push(e.figures, e.stoppedBefore);
    }
  }, async () => ({ name: 'wasm' as const, fallback: null, detail: 'Node WASM', maxElements: 2 ** 25 }));
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (latest?.figures.iteration === settings.iters) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    host.handle({ type: 'build', settings, autoplay: true });
  });
  host.dispose();
  return { series, run: run!, latest: latest! };
}

describe('run files', () => {
  it('app → file → app: the same curves, settings, weights and W*', async () => {
    const { series, run, latest } = await pageRun(small);
    const file = runFileFromPage({
      run, latest: latest.figures, arms: series.arms, backend: { name: 'wasm', detail: 'Node WASM' }, stopped: latest.stopped,
      url: 'http://localhost/?v=1', createdAt: '2026-12-02T00:00:00.000Z',
    });
    const read = readRunFile(JSON.stringify(file));
    if (!read.ok) throw new Error(read.message);
    expect(read.notes).toEqual([]);
    expect(read.value.settings).toEqual(small);
    expect(read.value.file.teacher.W).toEqual(Array.from(run.teacherW));
    expect(read.value.file.arms.map((a) => a.W)).toEqual(latest.figures.arms.map((a) => Array.from(a.W)));
    const replayed = seriesFromRunFile(read.value.file);
    expect(replayed.map((a) => a.name)).toEqual(series.arms.map((a) => a.name));
    replayed.forEach((arm, a) => {
      for (const curve of ['error', 'maxUnitError', 'loss', 'testLoss'] as const) {
        expect(arm[curve].x).toEqual(series.arms[a][curve].x);
        expect(arm[curve].y).toEqual(series.arms[a][curve].y);
      }
      // The error curve reaches the last iteration, and both metrics start at the initialization.
      expect(arm.error.x.at(-1)).toBe(80);
      expect(arm.maxUnitError.x[0]).toBe(0);
    });
  });

  it('CLI → app: the --json document opens, with every step as a curve point and both error metrics', async () => {
    const report = await runCli(parseArgs(['--act', 'sqrelu', '--d', '6', '--k', '3', '--n', '2000', '--iters', '30', '--lr', '0.02', '--seed', '5']), 'wasm');
    const read = readRunFile(JSON.stringify(report.json));
    if (!read.ok) throw new Error(read.message);
    const cli = report.json as unknown as RunFile;
    expect(read.value.settings).toEqual(cli.settings);
    expect(read.value.file.app.writer).toBe('cli');
    for (const arm of read.value.file.arms) {
      const { x, y } = armCurve(arm, 'error');
      expect(x).toEqual(Array.from({ length: 31 }, (_, t) => t));
      expect(y[0]).toBeCloseTo(arm.initError, 6);
      expect(armCurve(arm, 'maxUnitError').y[0]).toBe(arm.initMaxUnitError);
      // Two metrics, not one written twice.
      expect(arm.initMaxUnitError).not.toBe(arm.initError);
    }
    expect(runFileCsv(read.value.file).split('\n')[0]).toBe('arm,curve,iteration,value');
  });

  it('a CLI file with --iters 0 keeps "initialization only"', async () => {
    const report = await runCli(parseArgs(['--d', '6', '--k', '3', '--n', '2000', '--iters', '0']), 'wasm');
    const read = readRunFile(JSON.stringify(report.json));
    if (!read.ok) throw new Error(read.message);
    expect(read.value.settings.iters).toBe(0);
    expect(read.notes).toEqual([]);
  });
});

describe('run files that are not right', () => {
  const valid = (): RunFile => ({
    kind: 'recovery-lab/run', version: 1, app: { name: 'recovery-lab', version: '0.1.0', writer: 'cli' }, url: '?v=1',
    settings: { ...DEFAULTS, d: 2, k: 1 }, backend: 'wasm', precision: 32, seeds: [1], messages: [], iterations: 1, tensorInit: null,
    teacher: { W: [1, 0], v: [1] },
    arms: [{ name: 'random', initError: 1, error: [1, 0.5], loss: [2, 1], testLoss: [2, 1], W: [0.5, 0], v: [1], stopped: null }],
  });
  const message = (text: string) => {
    const read = readRunFile(text);
    expect(read.ok).toBe(false);
    return read.ok ? '' : read.message;
  };
  it('reads a minimal valid file', () => {
    expect(readRunFile(JSON.stringify(valid())).ok).toBe(true);
  });
  it('skips the banner `npm run` without -s writes above the JSON, and says so', () => {
    const banner = '\n> recovery-lab@0.1.0 recover\n> tsx src/cli/recover.ts --json\n\n';
    const read = readRunFile(banner + JSON.stringify(valid()));
    expect(read.ok).toBe(true);
    expect(read.ok && read.notes.join(' ')).toMatch(/npm's own/);
    // A byte-order mark is not part of the document either.
    expect(readRunFile('\ufeff' + JSON.stringify(valid())).ok).toBe(true);
    // Other text before the JSON is still not JSON.
    expect(message('hello\n' + JSON.stringify(valid()))).toMatch(/not JSON/);
  });
  it('carries a band of seeds (trials=R), and its CSV has the median and band rows', () => {
    const band = { name: 'random', error: { median: [1, 0.5], lo: [0.9, 0.4], hi: [1.2, 0.7] }, success: [0, 0.5], finalError: [0.5, null] };
    const read = readRunFile(JSON.stringify({ ...valid(), seeds: [1, 2], trials: { seeds: [1, 2], bands: [band] } }));
    if (!read.ok) throw new Error(read.message);
    const csv = runFileCsv(read.value.file).split('\n');
    expect(csv).toContain('random,error:median,1,0.5');
    expect(csv).toContain('random,error:hi,0,1.2');
    expect(readRunFile(JSON.stringify({ ...valid(), trials: { seeds: [1], bands: [{ ...band, error: { median: 'x' } }] } })).ok).toBe(false);
  });
  it.each([
    ['not JSON', '{"kind": "recovery-lab/run", ', /not JSON/],
    ['no kind', '[1, 2, 3]', /not a Recovery Lab document/],
    ['a map file', JSON.stringify({ kind: 'recovery-lab/map', version: 1 }), /recovery map file .*Open map/],
    ['another version', JSON.stringify({ ...valid(), version: 2 }), /version 2 of its format; .* reads version 1/],
    ['a curve of strings', JSON.stringify({ ...valid(), arms: [{ ...valid().arms[0], error: ['a'] }] }), /arms\.0\.error\.0/],
    ['an unknown arm', JSON.stringify({ ...valid(), arms: [{ ...valid().arms[0], name: 'evil' }] }), /arms\.0\.name/],
    ['weights of the wrong size', JSON.stringify({ ...valid(), teacher: { W: [1, 2, 3], v: [1] } }), /d·k = 2·1 entries/],
  ])('%s gives a message', (_, text, expected) => {
    expect(message(text)).toMatch(expected);
  });
  it('a huge file is refused before it is parsed', () => {
    const started = performance.now();
    expect(message(' '.repeat(MAX_DOCUMENT_BYTES + 1))).toMatch(/more than the 64 MB/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('settings out of range are clamped with a note; a long bad value is clipped in it', () => {
    const read = readRunFile(JSON.stringify({ ...valid(), settings: { ...valid().settings, n: 5, act: 'x'.repeat(150) } }));
    if (!read.ok) throw new Error(read.message);
    expect(read.value.settings.n).toBe(50);
    expect(read.notes.join(' ')).toMatch(/n=5 is out of range/);
    expect(read.notes.join(' ').length).toBeLessThan(600);
  });
});

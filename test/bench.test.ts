import { describe, expect, it } from 'vitest';
import type { CellResult } from '../src/bench/measure';
import { ArgsError, DEFAULT_SIZES, parseArgs } from '../scripts/bench/args';
import { formatRate, formatRatio, formatReport, formatSize, power10, profileSummary, table } from '../scripts/bench/format';
import { planCell } from '../scripts/bench/plan';
import { attributeProfile, categoryOf } from '../scripts/bench/profile';
import type { BenchReport } from '../scripts/bench/types';

function cell(size: { n: number; d: number; k: number }, appRate: number, initTotal: number | null): CellResult {
  return {
    size,
    setupSeconds: { data: 0.05, upload: 0.01 },
    app: { arms: 2, stepsPerSecond: appRate, frames: 10, stepsPerFrame: 2, msPerFrame: { dispatch: 10, readback: 1, decode: 0.5, idle: 5, total: 16.5 }, firstFrameMs: 20 },
    sameStep: { stepsPerSecond: 1.1 * appRate, steps: 100, seconds: 1 },
    engine1: { stepsPerSecond: 2 * appRate, steps: 100, seconds: 1 },
    raw: { stepsPerSecond: 4 * appRate, steps: 200, seconds: 1 },
    products: { forward: 1, gradTransposeA: 8, gradPretransposed: 1.5 },
    init: initTotal === null
      ? { status: 'skipped', reason: 'not available (src/core/tensorInit.ts does not exist)' }
      : { status: 'ok', seconds: { moments: initTotal / 2, eigen: 0, decomposition: initTotal / 2, magnitudes: 0, total: initTotal } },
  };
}

describe('bench arguments', () => {
  it('refuses a value on an on/off flag, an empty value, and numbers that are not plain or not sane', () => {
    for (const argv of [['--json=false'], ['--quick=false'], ['--from='], ['--out='], ['--budget', 'Infinity'], ['--budget', '0x40'], ['--sizes', '1e300x2x2'], ['--sizes', '1e4x10x0x5']]) {
      expect(() => parseArgs(argv), argv.join(' ')).toThrow(ArgsError);
    }
    expect(parseArgs(['--budget', '1e3']).budgetMs).toBe(1000);
    expect(parseArgs(['--out', 'r.json']).out).toBe('r.json');
  });
  it('defaults to the issue\'s three sizes and every backend', () => {
    const opts = parseArgs([]);
    expect(opts.sizes).toEqual(DEFAULT_SIZES);
    expect(opts.backends).toEqual(['node', 'webgl', 'wasm', 'cpu', 'webgpu']);
    expect(opts.budgetMs).toBe(2500);
  });

  it('--quick keeps the smallest size and shortens the timings', () => {
    const opts = parseArgs(['--quick']);
    expect(opts.sizes).toEqual([{ n: 10_000, d: 10, k: 5 }]);
    expect(opts.budgetMs).toBe(800);
    expect(opts.initSizes).toEqual([]);
  });

  it('times the large-k initialization alone by default, at the sizes given with --init-sizes', () => {
    expect(parseArgs([]).initSizes).toEqual([{ n: 100_000, d: 100, k: 20 }]);
    expect(parseArgs(['--quick', '--init-sizes', '2000x10x5']).initSizes).toEqual([{ n: 2000, d: 10, k: 5 }]);
    expect(() => parseArgs(['--init-sizes', '10x2x3'])).toThrow(/k = 3 > d = 2/);
  });

  it('reads sizes, backends and the budget, with or without "="', () => {
    const opts = parseArgs(['--sizes=1e5x50x10,2000x4x2', '--backends', 'wasm,node', '--budget', '1000', '--json']);
    expect(opts.sizes).toEqual([{ n: 100_000, d: 50, k: 10 }, { n: 2000, d: 4, k: 2 }]);
    expect(opts.backends).toEqual(['node', 'wasm']);
    expect(opts.budgetMs).toBe(1000);
    expect(opts.json).toBe(true);
  });

  it('rejects what it cannot run, saying why', () => {
    expect(() => parseArgs(['--backends', 'metal'])).toThrow(ArgsError);
    expect(() => parseArgs(['--sizes', '100x5x6'])).toThrow(/k = 6 > d = 5/);
    expect(() => parseArgs(['--sizes', '100x5'])).toThrow(/NxDxK/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option/);
  });
});

describe('bench formatting', () => {
  it('writes sizes, rates and ratios compactly', () => {
    expect(power10(1_000_000)).toBe('10⁶');
    expect(power10(5_000_000)).toBe('5,000,000');
    expect(formatSize({ n: 100_000, d: 50, k: 10 })).toBe('n=10⁵ d=50 k=10');
    expect(formatRate(1234.4)).toBe('1,234');
    expect(formatRate(3.14159)).toBe('3.14');
    expect(formatRate(null)).toBe('–');
    expect(formatRatio(400, 100)).toBe('4.0×');
    expect(formatRatio(10, 400)).toBe('0.025×');
    expect(formatRatio(5, null)).toBe('–');
  });

  it('aligns columns: text left, numbers right', () => {
    const lines = table(['name', 'rate'], [['a', '5'], ['longer', '1,000']]).split('\n');
    expect(lines[0]).toBe('name    rate');
    expect(lines[2]).toBe('a           5');
    expect(lines[3]).toBe('longer  1,000');
  });

  it('summarises a profile by its largest origins', () => {
    const summary = profileSummary({ durationMs: 1000, byOrigin: { plotly: 500, idle: 300, 'tfjs core': 100, gc: 50, x: 50 }, topModules: [], appCallers: [] }, 3);
    expect(summary).toBe('plotly 50%, idle 30%, tfjs core 10%, rest 10%');
  });

  it('names the origin of a module path', () => {
    expect(categoryOf('node_modules/@tensorflow/tfjs-core/dist/engine.js')).toBe('tfjs core');
    expect(categoryOf('/node_modules/.vite/deps/@tensorflow_tfjs-backend-webgl.js')).toBe('tfjs webgl backend');
    expect(categoryOf('/assets/plotly-cartesian.min-abc.js')).toBe('plotly');
    expect(categoryOf('src/engine/controller.ts')).toBe('app src/engine');
    expect(categoryOf('node_modules/react-dom/cjs/react-dom-client.production.js')).toBe('react + zustand');
  });

  it('attributes profile samples to origins and to the app function they ran for', () => {
    const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
    const summary = attributeProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('runFrame', 'http://h/src/core/experiment.ts'), children: [3] },
        { id: 3, callFrame: frame('matMul', 'http://h/node_modules/.vite/deps/@tensorflow_tfjs-core.js'), children: [4] },
        { id: 4, callFrame: frame('$func12', 'wasm://wasm/abc') },
        { id: 5, callFrame: frame('(idle)') },
      ],
      startTime: 0,
      endTime: 10_000,
      samples: [4, 4, 3, 5],
      timeDeltas: [2000, 3000, 1000, 4000],
    }, null);
    expect(summary.durationMs).toBe(10);
    expect(summary.byOrigin).toEqual({ 'WebAssembly (tfjs kernels)': 5, 'tfjs core': 1, idle: 4 });
    expect(summary.appCallers).toEqual([['src/core/experiment.ts:runFrame', 6]]);
  });

  it('prints every measured cell, every skip with its reason, and the peer\'s ratios', () => {
    const small = DEFAULT_SIZES[0];
    const big = DEFAULT_SIZES[2];
    const report: BenchReport = {
      version: 1,
      date: '2025-01-01 00:00 UTC',
      options: { quick: false, budgetMs: 2500, sizes: [small, big], backends: ['node', 'wasm'], ui: false },
      machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, node: 'v20', chromium: '156', os: 'Linux', load: [1, 2] },
      runs: [
        { runtime: 'node', backend: 'wasm', detail: 'WASM, SIMD, one thread', cells: [{ size: small, result: cell(small, 100, 0.5) }, { size: big, skipped: 'needs about 9 GiB' }] },
        { runtime: 'chromium', backend: 'webgpu', detail: '', skipped: 'no WebGPU adapter', cells: [{ size: small, skipped: 'backend not running: no WebGPU adapter' }] },
      ],
      peer: { available: true, detail: 'NumPy 2 (OpenBLAS)', cells: [{ size: small, stepsPerSecond: 800, stepsPerSecond1Thread: 400 }] },
      peerWide: { available: true, detail: 'NumPy 2 (OpenBLAS)', cells: [{ size: { ...small, k: 10 }, stepsPerSecond: 500, stepsPerSecond1Thread: 450 }] },
      ui: [],
      notes: [],
    };
    const text = formatReport(report);
    expect(text).toContain('Test CPU, 2 cores');
    // app 100, same step 110 (app÷same 0.91×), NumPy at the app's width 500 (0.20×), raw 400 vs NumPy 800 and 400.
    expect(text).toMatch(/node wasm\s+100\s+2\s+2\.00\s+10\.0\+1\.00\+0\.50\+5\.00\s+110\s+0\.91×\s+0\.20×\s+400\s+0\.50×\s+1\.0×/);
    expect(text).toContain("at the app's width (k=10): 500 and 450");
    expect(text).toContain('node wasm: skipped: needs about 9 GiB');
    expect(text).toContain('chromium webgpu: skipped: backend not running: no WebGPU adapter');
    expect(text).toContain('800 steps/s with the BLAS threads found, 400 with 1 thread');
    expect(text).toMatch(/node wasm\s+n=10⁴ d=10 k=5\s+0\.250/);
  });

  it('prints the large-k initialization alone with its decomposition÷moments, and the page\'s main-thread share', () => {
    const small = { n: 10_000, d: 10, k: 5 };
    const large = { n: 100_000, d: 100, k: 20 };
    const profile = { durationMs: 1000, byOrigin: { idle: 750, plotly: 150, 'react + zustand': 100 }, topModules: [], appCallers: [] };
    const report: BenchReport = {
      version: 1,
      date: '2025-01-01 00:00 UTC',
      options: { quick: false, budgetMs: 2500, sizes: [small], backends: ['node', 'wasm'], ui: true, initSizes: [large] },
      machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, node: 'v20', chromium: '156', os: 'Linux', load: [1, 2] },
      runs: [{
        runtime: 'node', backend: 'wasm', detail: 'WASM', cells: [],
        inits: [{ size: large, init: { status: 'ok', seconds: { moments: 4, eigen: 0.1, decomposition: 2, magnitudes: 0.1, total: 6.2 } } }],
      }],
      peer: { available: false, detail: 'no NumPy', cells: [] },
      ui: [{
        backend: 'wasm', size: small, thread: 'worker', itersPerSecond: 300, profile, nToPointMs: [350, 380],
        threads: { groups: { 'engine worker': 0.8, 'GPU process (SwiftShader)': 0.4, 'page main thread': 0.3 }, others: 0.1, cores: 2 },
        rebuildPhases: [{ answered: 40, built: 120, firstFrame: 4, drawn: 60, stages: { sampling: 35, moments: 30 } }],
      }],
      notes: [],
    };
    const text = formatReport(report);
    expect(text).toMatch(/node wasm\s+n=10⁵ d=100 k=20\s+4\.000\s+0\.100\s+2\.000\s+0\.100\s+6\.200\s+0\.50×\s+\(alone\)/);
    expect(text).toMatch(/chromium wasm\s+n=10⁴ d=10 k=5\s+worker\s+300\s+–\s+–\s+25%\s+15%/);
    expect(text).toContain('350, 380');
    expect(text).toContain('CPU by thread while running: engine worker 0.80, GPU process (SwiftShader) 0.40, page main thread 0.30; other processes 0.10 (cores, of 2)');
    expect(text).toContain('n change by phase (ms): engine answered 40, built 120 (sampling 35, moments 30), first frame 4, drawn 60');
  });
});

describe('bench planning', () => {
  it('runs a cell whose scaled cost fits, and skips one that would take minutes', () => {
    const done = [cell({ n: 10_000, d: 10, k: 5 }, 100, 0.1)];
    expect(planCell(done, { n: 100_000, d: 50, k: 10 }, 2500)).toEqual({});
    const slow = [cell({ n: 10_000, d: 10, k: 5 }, 0.2, 0.5)];
    expect(planCell(slow, { n: 100_000, d: 50, k: 10 }, 2500).skip).toMatch(/one app step would take about 500 s/);
    expect(planCell([cell({ n: 10_000, d: 10, k: 5 }, 7, 0.5)], { n: 100_000, d: 50, k: 10 }, 2500).skip).toBeUndefined();
  });

  it('skips only the tensor initialization when the steps fit but it does not', () => {
    const done = [cell({ n: 100_000, d: 50, k: 10 }, 100, 14)];
    const plan = planCell(done, { n: 1_000_000, d: 100, k: 20 }, 2500);
    expect(plan.skip).toBeUndefined();
    // moments 7 s × 10·(100² + 20³)/(50² + 10³) + the other 7 s × (2 · 2).
    expect(plan.skipInit).toMatch(/tensor initialization would take about 388 s/);
  });

  it('skips the initialization at a size past one where it was skipped for time', () => {
    const skipped = cell({ n: 100_000, d: 50, k: 10 }, 100, null);
    skipped.init = { status: 'skipped', reason: 'the tensor initialization would take about 60 s here' };
    const plan = planCell([cell({ n: 10_000, d: 10, k: 5 }, 100, 0.1), skipped], { n: 1_000_000, d: 100, k: 20 }, 2500);
    expect(plan.skipInit).toMatch(/^skipped, as at n=10⁵ d=50 k=10/);
  });

  it('has nothing to scale from before the first cell', () => {
    expect(planCell([], { n: 1_000_000, d: 100, k: 20 }, 2500)).toEqual({});
  });
});

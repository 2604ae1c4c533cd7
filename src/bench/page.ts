// The benchmark page (bench.html): starts the backend named in `?backend=` through the app's own backend code and
// offers the measurements to the browser runner as `window.recoveryBench`. It checks that the backend asked for
// is the one that runs (`tf.getBackend()`): a fallback is reported, never measured under the wrong name.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { sizeProblem } from '../core/build';
import { softwareRenderer, startBackend, type BackendInfo, type BackendName } from '../engine/browserBackend';
import { nextTask } from '../engine/yieldToHost';
import { kernelCounts, measureCell, opOverheadMicroseconds, type BenchSize, type CellOptions, type TensorInitFn } from './measure';

export interface PageStart {
  requested: BackendName;
  /** `tf.getBackend()` after starting, or null when nothing was started. */
  actual: string | null;
  detail: string;
  skipped?: string;
  maxElements: number;
}

export type PageCell = { result: Awaited<ReturnType<typeof measureCell>> } | { skipped: string } | { failed: string };

export interface RecoveryBench {
  start(): Promise<PageStart>;
  kernels: typeof kernelCounts;
  opOverhead: typeof opOverheadMicroseconds;
  /** `skipInit`: the reason the tensor initialization is not run at this size. */
  cell(size: BenchSize, budgetMs: number, skipInit?: string): Promise<PageCell>;
}

declare global {
  interface Window {
    recoveryBench: RecoveryBench;
  }
}

// Empty when the module does not exist (yet): the page builds either way.
const tensorInitModules = import.meta.glob<{ tensorInit?: TensorInitFn }>('../core/tensorInit.ts');

async function loadTensorInit(): Promise<CellOptions['tensorInit']> {
  const load = Object.values(tensorInitModules)[0];
  if (!load) return { unavailable: 'not available (src/core/tensorInit.ts does not exist)' };
  try {
    return (await load()).tensorInit ?? { unavailable: 'not available (no tensorInit export)' };
  } catch (err) {
    return { unavailable: `not available (${(err as Error).message})` };
  }
}


interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
}
type Gpu = { requestAdapter(): Promise<{ info?: GpuAdapterInfo } | null> };

/** The WebGPU adapter in words, or why there is none. */
async function webgpuAdapter(): Promise<{ adapter: string } | { problem: string }> {
  const gpu = (navigator as unknown as { gpu?: Gpu }).gpu;
  if (!gpu) return { problem: 'this Chromium has no WebGPU (navigator.gpu is absent)' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { problem: 'no WebGPU adapter (requestAdapter() gave null: no GPU and no software adapter)' };
  const info = adapter.info;
  return { adapter: info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed' : 'unnamed' };
}

async function describeActual(name: string, info: BackendInfo): Promise<string> {
  if (name === 'webgl') return `${info.detail}; renderer ${softwareRenderer() ?? 'hardware'}`;
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    // tfjs caps XNNPACK's threads at navigator.hardwareConcurrency / 2, whatever setThreadsCount asked for.
    const threads = `${getThreadsCount()} thread(s) of ${navigator.hardwareConcurrency} logical cores`;
    return `WASM, ${simd ? 'SIMD' : 'no SIMD'}, ${threads}${crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`;
  }
  return info.detail;
}

let maxElements = 0;

async function start(): Promise<PageStart> {
  const requested = (new URLSearchParams(location.search).get('backend') ?? 'wasm') as BackendName;
  // The WebGL backend refuses software rendering unless told otherwise; the flag must precede its start.
  if (requested === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  let adapter = '';
  if (requested === 'webgpu') {
    const found = await webgpuAdapter();
    if ('problem' in found) return { requested, actual: null, detail: '', skipped: found.problem, maxElements: 0 };
    adapter = `; adapter: ${found.adapter}`;
  }
  const info = await startBackend(requested);
  const actual = tf.getBackend();
  maxElements = info.maxElements;
  const detail = (await describeActual(actual, info)) + adapter;
  if (actual !== requested) return { requested, actual, detail, skipped: `asked for ${requested}, got ${actual}: ${info.fallback ?? ''}`, maxElements };
  return { requested, actual, detail, maxElements };
}

async function cell(size: BenchSize, budgetMs: number, skipInit?: string): Promise<PageCell> {
  // The app's own limit for this backend: the app refuses these sizes, so they are not measured.
  const tooBig = sizeProblem(size.n, size.d, maxElements);
  if (tooBig) return { skipped: `the app refuses it here: ${tooBig}` };
  try {
    const tensorInit = skipInit ? { unavailable: skipInit } : await loadTensorInit();
    return { result: await measureCell(size, { budgetMs, nextFrame: nextTask, tensorInit }) };
  } catch (err) {
    return { failed: (err as Error).message };
  }
}

window.recoveryBench = { start, kernels: kernelCounts, opOverhead: opOverheadMicroseconds, cell };
document.getElementById('status')!.textContent = 'ready';

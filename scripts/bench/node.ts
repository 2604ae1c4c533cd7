// The Node half: the CLI's backend (WASM; the CPU backend only when WASM fails to start), every size.
import { existsSync } from 'node:fs';
import { freemem } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { kernelCounts, measureCell, measureInitOnly, opOverheadMicroseconds, type BenchSize, type CellOptions, type CellResult, type TensorInitFn } from '../../src/bench/measure';
import { initNodeBackend } from '../../src/engine/nodeBackend';
import { planCell } from './plan';
import type { BackendRun } from './types';

const TENSOR_INIT = resolve(import.meta.dirname, '../../src/core/tensorInit.ts');

/** The tensor initialization when its module exists and loads (it is being written alongside). */
async function loadTensorInit(): Promise<CellOptions['tensorInit']> {
  if (!existsSync(TENSOR_INIT)) return { unavailable: 'not available (src/core/tensorInit.ts does not exist)' };
  try {
    const module = (await import(pathToFileURL(TENSOR_INIT).href)) as { tensorInit?: TensorInitFn };
    return module.tensorInit ?? { unavailable: 'not available (src/core/tensorInit.ts exports no tensorInit)' };
  } catch (err) {
    return { unavailable: `not available (src/core/tensorInit.ts fails to load: ${(err as Error).message.split('\n')[0]})` };
  }
}

/**
 * Bytes a cell needs at its peak, roughly: X on the CPU side and in the WASM heap, a transposed copy for Xᵀ G, and a
 * handful of n × (arms·k) intermediates.
 */
export function peakBytes({ n, d, k }: BenchSize, arms = 3): number {
  return 4 * (3 * n * d + 8 * n * arms * k);
}

/** The WASM heap's ceiling (wasm32). */
const WASM_HEAP_BYTES = 4 * 2 ** 30;

function memoryProblem(size: BenchSize, backend: string): string | null {
  const need = peakBytes(size);
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  if (backend === 'wasm' && need > WASM_HEAP_BYTES) return `needs about ${gib(need)}, over the WASM heap's 4 GiB`;
  if (need > 0.8 * freemem()) return `needs about ${gib(need)}; ${gib(freemem())} free`;
  return null;
}

const macrotask = () => new Promise<void>((done) => setImmediate(done));

export async function runNode(sizes: BenchSize[], budgetMs: number, log: (line: string) => void, initSizes: BenchSize[] = []): Promise<BackendRun> {
  const { backend, fallback } = await initNodeBackend('wasm');
  const run: BackendRun = {
    runtime: 'node',
    backend: 'wasm',
    detail: backend === 'wasm' ? `WASM, SIMD, ${getThreadsCount()} thread (tfjs 4.22 turns WASM threads off in Node: tfjs#3830)` : `CPU backend: ${fallback ?? 'WASM did not start'}`,
    cells: [],
  };
  if (backend !== 'wasm') run.skipped = fallback ?? 'WASM did not start';
  run.kernels = await kernelCounts();
  run.opOverheadUs = await opOverheadMicroseconds(budgetMs);
  const tensorInit = await loadTensorInit();
  const done: CellResult[] = [];
  for (const size of sizes) {
    log(`node ${tf.getBackend()} n=${size.n} d=${size.d} k=${size.k}…`);
    const plan = planCell(done, size, budgetMs);
    const problem = memoryProblem(size, backend) ?? plan.skip;
    if (problem) {
      run.cells.push({ size, skipped: problem });
      continue;
    }
    try {
      const result = await measureCell(size, {
        budgetMs,
        nextFrame: macrotask,
        tensorInit: plan.skipInit ? { unavailable: plan.skipInit } : tensorInit,
        progress: (part) => log(`  ${part}`),
      });
      done.push(result);
      run.cells.push({ size, result });
    } catch (err) {
      run.cells.push({ size, failed: (err as Error).message });
    }
  }
  run.inits = [];
  for (const size of initSizes) {
    log(`node ${tf.getBackend()} tensorInit alone, n=${size.n} d=${size.d} k=${size.k}…`);
    run.inits.push({ size, init: await measureInitOnly(size, tensorInit, budgetMs) });
  }
  return run;
}

// The NumPy float32 peer (peer.py), run twice: with the BLAS threads it finds, and with one thread (the WASM
// backend in Node has one). Skipped, with the reason, where python3 or NumPy is missing.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { BenchSize } from '../../src/bench/measure';
import type { PeerCell, PeerRun } from './types';

const SCRIPT = resolve(import.meta.dirname, 'peer.py');

interface PeerOutput {
  numpy: string;
  blas: string;
  threads: string;
  cells: { size: BenchSize; stepsPerSecond: number | null; skipped?: string }[];
}

function runPeer(sizes: BenchSize[], budgetMs: number, env: NodeJS.ProcessEnv): PeerOutput | string {
  const python = process.env.PYTHON ?? 'python3';
  const result = spawnSync(python, [SCRIPT, JSON.stringify(sizes), String(budgetMs)], { env, encoding: 'utf8', timeout: 600_000 });
  if (result.error) return `${python} could not run (${result.error.message})`;
  if (result.status !== 0) {
    const stderr = result.stderr.trim();
    if (/No module named .?numpy/.test(stderr)) return `${python} has no NumPy`;
    return `the peer failed: ${stderr.split('\n').slice(-1)[0]}`;
  }
  return JSON.parse(result.stdout) as PeerOutput;
}

export function runNumpyPeer(sizes: BenchSize[], budgetMs: number): PeerRun {
  const threaded = runPeer(sizes, budgetMs, process.env);
  if (typeof threaded === 'string') {
    return { available: false, detail: `skipped: ${threaded}`, cells: sizes.map((size) => ({ size, stepsPerSecond: null, stepsPerSecond1Thread: null, skipped: threaded })) };
  }
  const single = runPeer(sizes, budgetMs, { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' });
  const cells: PeerCell[] = threaded.cells.map((cell, i) => ({
    size: cell.size,
    stepsPerSecond: cell.stepsPerSecond,
    stepsPerSecond1Thread: typeof single === 'string' ? null : single.cells[i].stepsPerSecond,
    ...(cell.skipped ? { skipped: cell.skipped } : {}),
  }));
  return { available: true, detail: `NumPy ${threaded.numpy} (${threaded.blas}, ${threaded.threads} BLAS threads; also run with 1)`, cells };
}

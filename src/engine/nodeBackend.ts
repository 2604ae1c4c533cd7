// Backend for Node (the CLI, the unit tests and the benchmark): tfjs-node cannot be installed here, so WASM
// (SIMD, no threads, no extra files needed in Node) with the pure-JS CPU backend as the fallback.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

/** Selects `preferred`, falling back to CPU; returns the backend that runs and why it fell back, if it did. */
export async function initNodeBackend(preferred: NodeBackend = 'wasm'): Promise<{ backend: NodeBackend; fallback?: string }> {
  if (tf.getBackend() === preferred) return { backend: preferred };
  if (preferred === 'wasm') {
    try {
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { backend: 'wasm' };
      }
    } catch (err) {
      await tf.setBackend('cpu');
      return { backend: 'cpu', fallback: `WASM failed to start (${(err as Error).message}); using the CPU backend.` };
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', fallback: preferred === 'wasm' ? 'WASM did not start; using the CPU backend.' : undefined };
}

// WebGL context loss (a GPU reset, the browser reclaiming contexts, a driver crash): tfjs's WebGL backend cannot
// go on after it, and a read-back in flight never resolves. This watches tfjs's context, lets a test simulate the
// loss, and replaces the backend with a fresh one, so the run loop can rebuild the experiment from its seed.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

export interface ContextLossHooks {
  /** Calls `onLost` when the running WebGL backend's context is lost; returns the unsubscriber. */
  watch(onLost: () => void): () => void;
  /** Drops the lost backend and registers a fresh WebGL backend (it makes a new context when started). */
  reset(): void;
  /** Loses the context on purpose, as a GPU reset would (for tests, and to try it out). */
  simulate(): boolean;
}

type GlCanvas = (HTMLCanvasElement | OffscreenCanvas) & EventTarget;

function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as MathBackendWebGL).gpgpu.gl;
}

export const browserContextLoss: ContextLossHooks = {
  watch(onLost) {
    const gl = webglContext();
    if (!gl) return () => {};
    const canvas = gl.canvas as GlCanvas;
    const listener = () => onLost();
    canvas.addEventListener('webglcontextlost', listener);
    return () => canvas.removeEventListener('webglcontextlost', listener);
  },
  reset() {
    try {
      tf.removeBackend('webgl');
    } catch {
      // A lost context can make disposing its textures throw: the backend is gone either way.
    }
    tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
  },
  simulate() {
    const lose = webglContext()?.getExtension('WEBGL_lose_context');
    lose?.loseContext();
    return Boolean(lose);
  },
};

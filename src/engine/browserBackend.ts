// Backend choice in the browser. WebGL where a real GPU is present; WASM where there is none (software WebGL is
// several times slower than WASM, and tfjs refuses it by default); WebGPU only when asked for; CPU last.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendSetting } from '../core/settings';
import { backendPlan, fallbackNote, type BackendName, type PlannedBackend } from './backendPlan';

export type { BackendName } from './backendPlan';

export interface BackendInfo {
  name: BackendName;
  /** In plain words: why this backend runs when it is not the one asked for (or the best one). */
  fallback: string | null;
  /** Details worth showing: threads, float precision, software rendering. */
  detail: string;
  /** The largest n·d one tensor may hold here. */
  maxElements: number;
}

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// Textures freed as soon as tensors are disposed, so rebuilding with a new n does not pile up memory.
tf.env().set('WEBGL_DELETE_TEXTURE_THRESHOLD', 0);
tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);

/** Memory bound for CPU-side backends: 2^25 float32 numbers (128 MiB) for X. */
const CPU_MAX_ELEMENTS = 2 ** 25;

/**
 * The WebGL renderer's name when it is a software rasterizer (SwiftShader, llvmpipe…), else null. tfjs only
 * refuses software WebGL when the browser reports a performance caveat, which Chromium's SwiftShader does not.
 */
export function softwareRenderer(): string | null {
  // In the engine's worker there is no document: an OffscreenCanvas is where tfjs draws there too.
  const canvas = typeof document === 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? renderer : null;
}

async function tryBackend({ name, hardwareOnly }: PlannedBackend): Promise<string | null> {
  try {
    if (name === 'webgl' && hardwareOnly) {
      const software = softwareRenderer();
      if (software) return `WebGL here is software-rendered (${software})`;
    }
    if (name === 'webgpu') {
      if (!('gpu' in navigator)) return 'this browser has no WebGPU';
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (name === 'wasm' && typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated) {
      setThreadsCount(Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)));
    }
    const ok = await tf.setBackend(name);
    if (!ok) return `the ${name} backend did not start`;
    await tf.ready();
    return null;
  } catch (err) {
    return `the ${name} backend failed (${(err as Error).message})`;
  }
}

function describe(name: BackendName): Pick<BackendInfo, 'detail' | 'maxElements'> {
  if (name === 'webgl') {
    const size = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    const f32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
    // One texture holds a whole tensor; keep X well inside it.
    const software = softwareRenderer();
    const detail = `WebGL ${tf.env().getNumber('WEBGL_VERSION')}, ${f32 ? 'float32' : 'float16'} textures up to ${size}²${software ? `, software-rendered (${software}): slow` : ''}`;
    return { detail, maxElements: Math.min(size * size / 2, 2 ** 26) };
  }
  if (name === 'wasm') {
    const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
    const threads = getThreadsCount();
    const detail = threads > 1
      ? `WASM with SIMD and ${threads} threads`
      : `WASM with SIMD, one thread${isolated ? '' : ' (page not cross-origin isolated)'}`;
    return { detail, maxElements: CPU_MAX_ELEMENTS };
  }
  if (name === 'webgpu') return { detail: 'WebGPU (experimental in tfjs)', maxElements: 2 ** 26 };
  return { detail: 'plain JavaScript: slow, the last resort', maxElements: CPU_MAX_ELEMENTS };
}

/**
 * Starts the backend the setting asks for. `auto`: WebGL unless it is software-rendered (then WASM, which is
 * faster there), then CPU. A named backend that fails falls back through the same chain, and the reasons are kept.
 */
export async function startBackend(setting: BackendSetting): Promise<BackendInfo> {
  const reasons: string[] = [];
  for (const planned of backendPlan(setting)) {
    const failure = await tryBackend(planned);
    if (failure === null) return { name: planned.name, fallback: fallbackNote(setting, planned.name, reasons), ...describe(planned.name) };
    reasons.push(failure);
  }
  throw new Error(`No tfjs backend could start: ${reasons.join('; ')}`);
}

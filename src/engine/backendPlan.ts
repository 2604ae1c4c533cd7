// The order in which backends are tried, apart from starting them (so it is testable without a browser). A named
// backend is tried first; whatever follows it is the same chain as `auto`, with the same software-renderer check:
// a failed WebGPU or WASM never lands on software WebGL while WASM can run.
import type { BackendSetting } from '../core/settings';

export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';

export interface PlannedBackend {
  name: BackendName;
  /** Skip it when the GPU is a software rasterizer (SwiftShader, llvmpipe): WASM is faster there. */
  hardwareOnly: boolean;
}

const AUTO: PlannedBackend[] = [
  { name: 'webgl', hardwareOnly: true },
  { name: 'wasm', hardwareOnly: false },
  { name: 'cpu', hardwareOnly: false },
];

export function backendPlan(setting: BackendSetting): PlannedBackend[] {
  if (setting === 'auto') return AUTO;
  // Asked for by name, a backend runs even on a software renderer: the user chose it, and the badge says so.
  return [{ name: setting, hardwareOnly: false }, ...AUTO.filter((b) => b.name !== setting)];
}

/** The note beside the badge: what runs, and why not what was asked for. Null when it is what was asked for. */
export function fallbackNote(setting: BackendSetting, running: BackendName, reasons: string[]): string | null {
  const why = reasons.join('; ');
  if (setting === 'auto') {
    if (running === 'webgl') return null;
    if (running === 'wasm') return `No hardware GPU for WebGL (${why}), so the WASM backend runs on the CPU: it is several times faster here than software WebGL.`;
    return `Neither a hardware GPU nor WASM could run (${why}): running on the plain JavaScript CPU backend, which is slow.`;
  }
  if (running === setting) return null;
  return `The ${setting} backend you asked for could not run (${why}); running on ${running} instead.`;
}

import { describe, expect, it } from 'vitest';
import { backendPlan, fallbackNote } from '../src/engine/backendPlan';
import { BACKENDS } from '../src/core/settings';

describe('backend plan', () => {
  it('auto skips software WebGL, then WASM, then CPU', () => {
    expect(backendPlan('auto')).toEqual([
      { name: 'webgl', hardwareOnly: true }, { name: 'wasm', hardwareOnly: false }, { name: 'cpu', hardwareOnly: false },
    ]);
  });

  it('a named backend that fails falls back through the same software check as auto', () => {
    for (const setting of BACKENDS.filter((b) => b !== 'auto')) {
      const plan = backendPlan(setting);
      expect(plan[0]).toEqual({ name: setting, hardwareOnly: false });
      // Never software WebGL after a failed WebGPU or WASM: every WebGL after the first entry needs hardware.
      expect(plan.slice(1).filter((b) => b.name === 'webgl').every((b) => b.hardwareOnly)).toBe(true);
      expect(new Set(plan.map((b) => b.name)).size).toBe(plan.length);
      expect(plan.at(-1)!.name).toBe(setting === 'cpu' ? 'wasm' : 'cpu');
    }
    expect(backendPlan('webgpu').map((b) => b.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('the note names what runs and why', () => {
    expect(fallbackNote('auto', 'webgl', [])).toBeNull();
    expect(fallbackNote('webgpu', 'webgpu', [])).toBeNull();
    const note = fallbackNote('webgpu', 'wasm', ['the webgpu backend did not start', 'WebGL here is software-rendered (SwiftShader)']);
    expect(note).toContain('webgpu');
    expect(note).toContain('running on wasm');
    expect(note).toContain('software-rendered');
    expect(fallbackNote('auto', 'cpu', ['x'])).toContain('slow');
  });
});

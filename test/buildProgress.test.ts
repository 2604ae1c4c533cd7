// A build reports its stages through the engine's protocol, in order, before the run is built.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAGES } from '../src/core/buildStages';
import { DEFAULTS } from '../src/core/settings';
import { EngineHost } from '../src/engine/engineHost';
import { initNodeBackend } from '../src/engine/nodeBackend';
import type { EngineEvent } from '../src/engine/protocol';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe('build progress', () => {
  it('sends a build-progress event per stage, in order, with a growing fraction, then built', { timeout: 60_000 }, async () => {
    const events: EngineEvent[] = [];
    let built = () => {};
    const done = new Promise<void>((resolve) => (built = resolve));
    const host = new EngineHost((event) => {
      events.push(structuredClone(event));
      if (event.type === 'built') built();
    }, async () => ({ name: 'wasm' as const, fallback: null, detail: 'Node WASM', maxElements: 2 ** 25 }));
    host.handle({ type: 'build', settings: { ...DEFAULTS, n: 2000, d: 6, k: 3, seed: 2 }, autoplay: false });
    await done;
    host.dispose();
    const progress = events.filter((e): e is Extract<EngineEvent, { type: 'build-progress' }> => e.type === 'build-progress');
    const stages = progress.map((e) => e.stage);
    expect(new Set(stages)).toEqual(new Set(BUILD_STAGES));
    expect(stages[0]).toBe('sampling');
    expect(stages.at(-1)).toBe('arms');
    expect(progress.every((e, i) => i === 0 || e.seconds >= progress[i - 1].seconds)).toBe(true);
    expect(progress.at(-1)!.fraction).toBe(1);
    expect(events.findIndex((e) => e.type === 'built')).toBeGreaterThan(events.lastIndexOf(progress.at(-1)!));
  });
});

// After a map finishes or is cancelled the live run plays again if it was playing, and stays paused if the user
// had paused it: the page's map runner and controller driving a real engine host (Node WASM) in place of a worker.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULTS, type Settings } from '../src/core/settings';
import type { MapSpec } from '../src/core/recoveryMap';
import { EngineHost } from '../src/engine/engineHost';
import { initNodeBackend } from '../src/engine/nodeBackend';
import type { EngineCommand, EngineEvent } from '../src/engine/protocol';
import { useAppStore, type RunStatus } from '../src/state/store';

vi.mock('../src/engine/engineLink', () => ({
  connectEngine: async (_thread: string, onEvent: (event: EngineEvent) => void) => {
    const host = new EngineHost(onEvent, async () => ({ name: 'wasm' as const, fallback: null, detail: 'Node WASM', maxElements: 2 ** 25 }));
    return { thread: 'main', fallback: null, send: (command: EngineCommand) => host.handle(command), dispose: () => host.dispose() };
  },
}));

const { controller } = await import('../src/state/controller');
const { cancelMap, computeMap } = await import('../src/ui/map/mapRunner');
const { useMapStore } = await import('../src/ui/map/mapStore');

const live: Settings = { ...DEFAULTS, n: 2000, d: 6, k: 3, iters: 1_000_000, seed: 4 };
const tiny: MapSpec['grid'] = { x: { key: 'n', from: 500, to: 1000, step: 500, geometric: false }, y: { key: 'd', from: 4, to: 4, step: 1, geometric: false } };

/** Resolves when the live run's status is `want`: heard from the store, since the engine's message-channel tasks
 * can keep Node's timers (and so any polling) waiting while it runs. */
function status(want: RunStatus): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (useAppStore.getState().run.status !== want) return;
      off();
      resolve();
    };
    const off = useAppStore.subscribe(check);
    check();
  });
}

beforeAll(async () => {
  await initNodeBackend('wasm');
  useAppStore.getState().setSettings(live);
  controller.start();
  await status('running');
});
afterAll(() => controller.stop());

describe('the live run after a map', () => {
  it('plays again after a map finishes', { timeout: 30_000 }, async () => {
    useMapStore.getState().set('map', tiny);
    useMapStore.getState().set('trials', 1);
    useMapStore.getState().set('iters', 20);
    const done = computeMap();
    await status('paused');
    await done;
    expect(useMapStore.getState().run.status).toBe('done');
    await status('running');
  });

  it('plays again after a map is cancelled', { timeout: 30_000 }, async () => {
    useMapStore.getState().set('map', { ...tiny, x: { ...tiny.x, to: 5000 } });
    useMapStore.getState().set('trials', 20);
    // Cancelled as soon as the engine reports progress, before the map can finish.
    const off = useMapStore.subscribe((state) => {
      if (state.run.progress) cancelMap();
    });
    await computeMap();
    off();
    expect(useMapStore.getState().run.status).toBe('cancelled');
    await status('running');
  });

  it('stays paused when the user had paused it', { timeout: 30_000 }, async () => {
    useAppStore.getState().send('pause');
    await status('paused');
    useMapStore.getState().setAll({ ...useMapStore.getState().settings, map: tiny, trials: 1, iters: 20 });
    await computeMap();
    expect(useMapStore.getState().run.status).toBe('done');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(useAppStore.getState().run.status).toBe('paused');
  });
});

// A lost WebGL context, driven in Node: the host hears of it through the hooks, drops the run, asks for a fresh
// backend and rebuilds the same settings from their seed, playing on, with a note; a map computing then ends.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../src/engine/engineHost';
import type { ContextLossHooks } from '../src/engine/contextLoss';
import { initNodeBackend } from '../src/engine/nodeBackend';
import type { EngineEvent } from '../src/engine/protocol';
import { DEFAULTS, type Settings } from '../src/core/settings';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

// Reported as WebGL so the host watches its "context"; the tensors live on Node's WASM.
const webglLike = async () => ({ name: 'webgl' as const, fallback: null, detail: 'test', maxElements: 2 ** 25 });
const small: Settings = { ...DEFAULTS, n: 1500, d: 5, k: 3, iters: 100_000, seed: 9 };

function fakeContext() {
  let onLost: (() => void) | null = null;
  let resets = 0;
  const hooks: ContextLossHooks = {
    watch: (listener) => {
      onLost = listener;
      return () => (onLost = null);
    },
    reset: () => void resets++,
    simulate: () => {
      onLost?.();
      return onLost !== null;
    },
  };
  return { hooks, resets: () => resets };
}

/** Events as the page gets them, and a wait on one (checked as each arrives: the run loop keeps timers waiting). */
function recorder() {
  const events: EngineEvent[] = [];
  const waiters: { test: (e: EngineEvent, i: number) => boolean; resolve: (e: EngineEvent) => void }[] = [];
  const emit = (event: EngineEvent) => {
    const copy = structuredClone(event);
    events.push(copy);
    for (const w of [...waiters]) if (w.test(copy, events.length - 1)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(copy);
    }
  };
  const until = (test: (e: EngineEvent, i: number) => boolean) => new Promise<EngineEvent>((resolve) => {
    const i = events.findIndex(test);
    if (i >= 0) resolve(events[i]);
    else waiters.push({ test, resolve });
  });
  return { events, emit, until };
}

describe('WebGL context loss', () => {
  it('rebuilds the run from its seed on a fresh backend, plays on, and says what happened', async () => {
    const { events, emit, until } = recorder();
    const context = fakeContext();
    const host = new EngineHost(emit, webglLike, context.hooks);
    host.handle({ type: 'build', settings: small, autoplay: true });
    await until((e) => e.type === 'frame' && e.figures.iteration >= 20);
    const first = events.find((e) => e.type === 'built');
    const mark = events.length;
    host.handle({ type: 'lose-context' });
    const rebuilt = await until((e, i) => e.type === 'built' && i >= mark);
    expect(context.resets()).toBe(1);
    expect(rebuilt.type === 'built' && rebuilt.messages[0]).toMatch(/WebGL context was lost at iteration \d+/);
    // Same seed, same settings: the same initial errors.
    expect(rebuilt.type === 'built' && rebuilt.arms).toEqual(first?.type === 'built' && first.arms);
    const later = events.length;
    await until((e, i) => e.type === 'frame' && i > later && e.figures.iteration >= 5);
    expect(events.slice(mark).some((e) => e.type === 'status' && e.status === 'running')).toBe(true);
    host.dispose();
  });

  it('ends a map computing at that moment with a message, once', async () => {
    const { events, emit, until } = recorder();
    const context = fakeContext();
    const host = new EngineHost(emit, webglLike, context.hooks);
    host.handle({ type: 'build', settings: { ...small, iters: 10 }, autoplay: false });
    await until((e) => e.type === 'frame');
    const spec = { grid: { x: { key: 'n' as const, from: 500, to: 4000, step: 500, geometric: false }, y: { key: 'd' as const, from: 4, to: 8, step: 1, geometric: false } }, trials: 2, init: 'random' as const, iters: 200 };
    host.handle({ type: 'map', id: 7, base: small, spec });
    await until((e) => e.type === 'map-progress');
    const mark = events.length;
    host.handle({ type: 'lose-context' });
    await until((e, i) => e.type === 'built' && i >= mark);
    await new Promise((r) => setTimeout(r, 500));
    const ends = events.filter((e) => e.type === 'map-end');
    expect(ends).toHaveLength(1);
    expect(ends[0].type === 'map-end' && ends[0].status).toBe('error');
    expect(ends[0].type === 'map-end' && ends[0].error).toMatch(/context was lost/);
    host.dispose();
    expect(tf.memory().numTensors).toBeLessThan(50);
  });

  it('a backend that is not WebGL has no context to lose, and says so', async () => {
    const { events, emit, until } = recorder();
    const host = new EngineHost(emit, async () => ({ name: 'wasm' as const, fallback: null, detail: '', maxElements: 2 ** 25 }), fakeContext().hooks);
    host.handle({ type: 'build', settings: { ...small, iters: 5 }, autoplay: false });
    await until((e) => e.type === 'frame');
    host.handle({ type: 'lose-context' });
    expect(events.some((e) => e.type === 'error' && /No WebGL context/.test(e.message))).toBe(true);
    host.dispose();
  });
});

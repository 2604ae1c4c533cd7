// The engine behind the worker's messages, driven in Node as the page drives it: build, frames, status, live
// learning rate, pause and one step, probes, a map with cancel, and no tensors left behind.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../src/engine/engineHost';
import { initNodeBackend } from '../src/engine/nodeBackend';
import type { EngineEvent } from '../src/engine/protocol';
import { DEFAULTS, type Settings } from '../src/core/settings';
import type { MapSpec } from '../src/core/recoveryMap';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

const nodeBackend = async () => ({ name: 'wasm' as const, fallback: null, detail: 'Node WASM', maxElements: 2 ** 25 });
const small: Settings = { ...DEFAULTS, n: 2000, d: 6, k: 3, iters: 60, seed: 4 };

function harness() {
  const events: EngineEvent[] = [];
  const waiters: { test: (e: EngineEvent) => boolean; resolve: (e: EngineEvent) => void }[] = [];
  const host = new EngineHost((event) => {
    // Structured clone, as postMessage does: nothing the engine sends may depend on sharing memory with it.
    const copy = structuredClone(event);
    events.push(copy);
    for (const w of [...waiters]) if (w.test(copy)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(copy);
    }
  }, nodeBackend);
  const next = <T extends EngineEvent['type']>(type: T, when: (e: Extract<EngineEvent, { type: T }>) => boolean = () => true, ms = 60_000) =>
    new Promise<Extract<EngineEvent, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms`)), ms);
      waiters.push({
        test: (e) => e.type === type && when(e as Extract<EngineEvent, { type: T }>),
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<EngineEvent, { type: T }>);
        },
      });
    });
  const frames = () => events.filter((e): e is Extract<EngineEvent, { type: 'frame' }> => e.type === 'frame');
  return { host, events, next, frames };
}

describe('engine host', () => {
  it('builds, plays to the iteration count in frames of figures, reports done, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const { host, events, next, frames } = harness();
    const done = next('status', (e) => e.status === 'done');
    host.handle({ type: 'build', settings: small, autoplay: true });
    await done;
    const types = events.map((e) => e.type);
    expect(types.indexOf('backend')).toBeLessThan(types.indexOf('built'));
    expect(types.indexOf('building')).toBeLessThan(types.indexOf('built'));
    const built = events.find((e) => e.type === 'built')!;
    expect(built.type === 'built' && built.arms.map((a) => a.name)).toEqual(['tensor', 'random', 'random-signs']);
    const iterations = frames().map((f) => f.figures.iteration);
    expect(iterations[0]).toBe(0);
    expect(iterations.at(-1)).toBe(60);
    // Several frames, each more than one step once past the slow start: many steps per read-back.
    expect(iterations.length).toBeGreaterThan(3);
    expect(iterations.every((count, i) => i === 0 || count > iterations[i - 1])).toBe(true);
    const last = frames().at(-1)!.figures;
    const first = frames()[0].figures;
    expect(last.arms[1].error).toBeLessThan(first.arms[1].error);
    host.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses, steps once, takes a new learning rate live, and resumes', async () => {
    const { host, next, frames } = harness();
    const built = next('status', (e) => e.status === 'paused');
    host.handle({ type: 'build', settings: { ...small, iters: 1000 }, autoplay: false });
    await built;
    expect(frames().map((f) => f.figures.iteration)).toEqual([0]);
    const stepped = next('frame', (e) => e.figures.iteration === 1);
    host.handle({ type: 'step' });
    await stepped;
    host.handle({ type: 'lr', lr: 0.3 });
    host.handle({ type: 'iters', iters: 40 });
    const done = next('status', (e) => e.status === 'done');
    host.handle({ type: 'play' });
    await done;
    expect(frames().at(-1)!.figures.iteration).toBe(40);
    host.dispose();
  });

  it('a rebuild drops the old run: every later frame belongs to the new generation', async () => {
    const { host, next, events } = harness();
    host.handle({ type: 'build', settings: { ...small, iters: 100_000 }, autoplay: true });
    await next('frame', (e) => e.figures.iteration > 5);
    const rebuilt = next('built');
    host.handle({ type: 'build', settings: { ...small, seed: 5, iters: 30 }, autoplay: true });
    const { generation } = await rebuilt;
    await next('status', (e) => e.status === 'done' && e.generation === generation);
    const after = events.slice(events.findIndex((e) => e.type === 'built' && e.generation === generation));
    expect(after.filter((e) => e.type === 'frame').every((e) => e.type === 'frame' && e.generation === generation)).toBe(true);
    host.dispose();
  });

  it('reports a size that does not fit as an error, and builds again afterwards', async () => {
    const { host, next } = harness();
    const failed = next('error');
    host.handle({ type: 'build', settings: { ...small, n: 1_000_000, d: 200 }, autoplay: true });
    expect((await failed).message).toMatch(/n·d|too large|numbers/i);
    const done = next('status', (e) => e.status === 'done');
    host.handle({ type: 'build', settings: small, autoplay: true });
    await done;
    host.dispose();
  });

  it('sends the convexity probes\' state when attached', async () => {
    const { host, next } = harness();
    host.handle({ type: 'probe', attach: true });
    const star = next('probe', (e) => e.state.star !== null);
    // Frames move only the landscape's trajectories: they come as small path events, not the whole state.
    const moved = next('probe-paths');
    host.handle({ type: 'build', settings: { ...small, iters: 200 }, autoplay: true });
    const { state } = await star;
    expect((await moved).paths.length).toBeGreaterThan(0);
    expect(state.star!.lambdaMin).toBeGreaterThan(0);
    expect(state.arms.map((a) => a.name)).toEqual(['tensor', 'random', 'random-signs']);
    host.handle({ type: 'probe', attach: false });
    host.dispose();
  });

  it('off screen, the explorer\'s rays wait until it is shown; λ at W* does not', async () => {
    const { host, next, events } = harness();
    host.handle({ type: 'probe', attach: true, inView: false });
    const star = next('probe', (e) => e.state.star !== null);
    const done = next('status', (e) => e.status === 'done');
    host.handle({ type: 'build', settings: { ...small, iters: 100 }, autoplay: true });
    await Promise.all([star, done]);
    const raysYet = () => events.some((e) => e.type === 'probe' && e.state.rays !== null);
    expect(raysYet()).toBe(false);
    const rays = next('probe', (e) => (e.state.rays?.rays.length ?? 0) > 0);
    host.handle({ type: 'probe', attach: true, inView: true });
    expect((await rays).state.rays!.rays.length).toBeGreaterThan(0);
    host.handle({ type: 'probe', attach: false });
    host.dispose();
  });

  it('runs a map cell by cell, tagged with its id, and a cancel ends it as cancelled', async () => {
    const { host, next, events } = harness();
    const ready = next('status');
    host.handle({ type: 'build', settings: small, autoplay: false });
    await ready;
    const spec: MapSpec = {
      grid: { x: { key: 'n', from: 500, to: 1000, step: 500, geometric: false }, y: { key: 'd', from: 4, to: 4, step: 1, geometric: false } },
      trials: 1, iters: 0, init: 'tensor',
    };
    const ended = next('map-end', (e) => e.id === 7);
    host.handle({ type: 'map', id: 7, base: small, spec });
    const end = await ended;
    expect(end.status).toBe('done');
    expect(events.filter((e) => e.type === 'map-cell' && e.id === 7)).toHaveLength(2);
    const cancelled = next('map-end', (e) => e.id === 8);
    host.handle({ type: 'map', id: 8, base: small, spec: { ...spec, iters: 100_000 } });
    await next('map-progress', (e) => e.id === 8);
    host.handle({ type: 'map-cancel' });
    expect((await cancelled).status).toBe('cancelled');
    host.dispose();
  });
});

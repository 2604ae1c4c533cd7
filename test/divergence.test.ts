// The divergence verdicts: each rule on its own (pure), then on real runs — cross-entropy classification at
// η = 100 is stopped with a message and a smaller η, while the same run at η = 10 trains on.
import { beforeAll, describe, expect, it } from 'vitest';
import { divergence, ERROR_GROWTH, RISING_STEPS, suggestLr, watchLosses, type ArmObservation } from '../src/core/divergence';
import { prepareRun } from '../src/core/build';
import { DEFAULTS, reconcile, type Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';

const calm: ArmObservation = { iteration: 100, lr: 0.5, initError: 1.2, error: 0.8, finite: true, watch: null };

describe('divergence verdicts', () => {
  it('says nothing for an arm that trains as it should', () => {
    expect(divergence(calm)).toBeNull();
  });

  it('stops a non-finite arm and suggests a tenth of the step', () => {
    const v = divergence({ ...calm, finite: false, error: NaN });
    expect(v?.kind).toBe('non-finite');
    expect(v?.suggestedLr).toBe(0.05);
    expect(v?.message).toMatch(/learning rate is too large.*η = 0\.05/);
  });

  it('stops an error grown past its start, measured from max(1, initial error)', () => {
    expect(divergence({ ...calm, error: ERROR_GROWTH * 1.2 * 0.99 })).toBeNull();
    expect(divergence({ ...calm, error: ERROR_GROWTH * 1.2 * 1.01 })?.kind).toBe('error-growth');
    // A tensor arm that starts close: its early bumps are measured against 1, not against its small start.
    expect(divergence({ ...calm, initError: 0.2, error: 0.5 })).toBeNull();
  });

  it('stops a loss that keeps rising, but not the float32 floor going up and down', () => {
    const climbing = Array.from({ length: RISING_STEPS + 1 }, (_, t) => 1 + 0.01 * t);
    const watch = watchLosses(watchLosses(null, [1]), climbing);
    expect(divergence({ ...calm, watch })?.kind).toBe('loss-rising');
    const floor = Array.from({ length: 4 * RISING_STEPS }, (_, t) => 7e-14 * (1 + 1e-3 * t));
    expect(divergence({ ...calm, watch: watchLosses(watchLosses(null, [5]), floor) })).toBeNull();
    const zigzag = Array.from({ length: 4 * RISING_STEPS }, (_, t) => (t % 2 ? 2 : 1));
    expect(watchLosses(null, zigzag)!.rising).toBeLessThanOrEqual(1);
  });

  it('keeps the suggestion within the settings table', () => {
    expect(suggestLr(100)).toBe(10);
    expect(suggestLr(3)).toBe(0.3);
    expect(suggestLr(1e-4)).toBe(1e-4);
  });
});

/** Trains in frames of `frame` steps as the app does; returns each arm's stop reason and suggestion. */
async function stops(partial: Partial<Settings>, steps: number, frame = 20) {
  const settings = { ...DEFAULTS, ...partial };
  reconcile(settings);
  const { experiment } = await prepareRun(settings);
  for (let done = 0; done <= steps && experiment.anyRunning; done += frame) {
    const count = done === 0 ? 0 : frame;
    const flat = experiment.runFrame(count, false);
    experiment.decode((await flat.data()) as Float32Array, count, false);
    flat.dispose();
  }
  const arms = experiment.arms.map(({ name, stopped, suggestedLr }) => ({ name, stopped, suggestedLr }));
  experiment.dispose();
  return arms;
}

describe('divergence on real runs', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });
  const ce: Partial<Settings> = { task: 'classification', loss: 'cross-entropy', n: 4000, d: 10, k: 5, seed: 1 };

  it('stops cross-entropy classification at η = 100 with the cause and a smaller η; η = 10 trains on', { timeout: 180_000 }, async () => {
    const wild = (await stops({ ...ce, lr: 100 }, 600)).find((arm) => arm.name === 'random')!;
    expect(wild.stopped).toMatch(/error grew.*learning rate is too large.*η = 10\b/);
    expect(wild.suggestedLr).toBe(10);
    const tame = await stops({ ...ce, lr: 10 }, 600);
    expect(tame.map((arm) => arm.stopped)).toEqual(tame.map(() => null));
  });
});

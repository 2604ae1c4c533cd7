// The init panel's advice, on real engine output: at the default classification settings the tensor start is
// worse than a random one and n too small (with the n that works); at the Fu preset it says nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareRun } from '../src/core/build';
import { initAdvice, samplesNeeded } from '../src/core/initAdvice';
import { DEFAULTS, reconcile, type Settings } from '../src/core/settings';
import { initNodeBackend } from '../src/engine/nodeBackend';
import { PRESETS, presetSettings } from '../src/state/presets';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

async function adviceFor(settings: Settings): Promise<string[]> {
  const built = await prepareRun(settings);
  const error = (name: string) => built.experiment.arms.find((arm) => arm.name === name)!.initError;
  const report = built.tensor!;
  const lines = initAdvice({ ...report.at, needed: report.samplesNeeded, tensorError: error('tensor'), randomError: error('random') });
  built.experiment.dispose();
  return lines;
}

describe('tensor init advice', () => {
  it('says the tensor start is worse than random and n too small at the default classification settings', { timeout: 120_000 }, async () => {
    const settings = { ...DEFAULTS, task: 'classification' } as Settings;
    reconcile(settings);
    const lines = await adviceFor(settings);
    expect(lines.join(' ')).toMatch(/worse than a random one/);
    expect(lines.join(' ')).toMatch(/n = 10,000 is too few samples.*about n = 300,000/);
  });

  it('says nothing at the Fu et al. preset', { timeout: 240_000 }, async () => {
    const fu = presetSettings(PRESETS.find((p) => p.id === 'fu-cross-entropy')!);
    expect(await adviceFor({ ...fu, compare: '0' })).toEqual([]);
  });

  it('scales the measured threshold with d·k and has none for the CNN', () => {
    const at = { task: 'regression', model: 'fcn', act: 'relu' } as const;
    expect(samplesNeeded({ ...at, d: 20, k: 5 })).toBe(2 * samplesNeeded({ ...at, d: 10, k: 5 })!);
    expect(samplesNeeded({ ...at, model: 'cnn', d: 20, k: 4 })).toBeNull();
  });

  it('words a tensor start worse than random at a large n as bad luck, not too few samples', () => {
    const lines = initAdvice({ task: 'regression', act: 'relu', d: 10, k: 5, n: 50_000, needed: 1000, tensorError: 2, randomError: 1 });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/another seed/);
  });
});

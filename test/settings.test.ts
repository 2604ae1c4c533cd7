import { describe, expect, it } from 'vitest';
import { DEFAULTS, encodeSettings, parseSettings, readTypedNumber, reconcile, settingsFromSearch, SETTING_KEYS, SETTINGS } from '../src/core/settings';

describe('settings table and URL codec', () => {
  it('leaves defaults out and writes the version first', () => {
    expect(encodeSettings(DEFAULTS)).toBe('v=1');
    expect(encodeSettings({ ...DEFAULTS, act: 'tanh', d: 20, lr: 0.05 })).toBe('v=1&act=tanh&d=20&lr=0.05');
  });

  it('round-trips every setting at non-default values', () => {
    const changed = { ...DEFAULTS };
    for (const key of SETTING_KEYS) {
      const field = SETTINGS[key];
      const record = changed as Record<string, string | number>;
      record[key] = field.kind === 'enum' ? field.options[field.options.length - 1] : field.max;
    }
    reconcile(changed); // keep the combination valid: this is classification with a CNN
    expect(changed).toMatchObject({ task: 'classification', model: 'cnn', act: 'sigmoid', kappa: 1 });
    const { settings, problems } = settingsFromSearch(`?${encodeSettings(changed)}`);
    expect(problems).toEqual([]);
    expect(settings).toEqual(changed);
  });

  it('fixes combinations that make no sense, with a notice for each', () => {
    const { settings, problems } = settingsFromSearch('?task=classification&act=relu&noise=0.5&model=cnn&d=10&k=4');
    expect(settings).toMatchObject({ act: 'sigmoid', noise: 0, d: 8, k: 4 });
    expect(problems.map((p) => p.key)).toEqual(['act', 'noise', 'kappa', 'd']);
    const regression = settingsFromSearch('?loss=cross-entropy&model=cnn');
    expect(regression.settings).toMatchObject({ loss: 'squared', model: 'fcn' });
    expect(regression.problems[0].message).toMatch(/Cross-entropy needs 0\/1 labels/);
  });

  it('reads the example URL of the issue', () => {
    const { settings, problems } = settingsFromSearch('?v=1&act=relu&d=10&k=5&n=10000&lr=0.1&iters=2000&kappa=2&noise=0&vstar=pm1&seed=7');
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ act: 'relu', d: 10, k: 5, n: 10000, lr: 0.1, iters: 2000, kappa: 2, noise: 0, vstar: 'pm1', seed: 7 });
  });

  it('clamps or defaults bad values and says what it changed', () => {
    const { settings, problems } = settingsFromSearch('?act=swish&d=-3&n=1e12&lr=abc&kappa=&seed=2.6&zzz=1');
    expect(settings.act).toBe(DEFAULTS.act);
    expect(settings.d).toBe(SETTINGS.d.min);
    expect(settings.n).toBe(SETTINGS.n.max);
    expect(settings.lr).toBe(DEFAULTS.lr);
    expect(settings.kappa).toBe(DEFAULTS.kappa);
    expect(settings.seed).toBe(3);
    expect(problems.map((p) => p.key).sort()).toEqual(['act', 'd', 'k', 'kappa', 'lr', 'n', 'seed']);
    expect(problems.find((p) => p.key === 'n')?.message).toMatch(/out of range/);
  });

  it('fixes k > d with a notice', () => {
    const { settings, problems } = parseSettings([['d', '4'], ['k', '9']]);
    expect(settings.k).toBe(4);
    expect(problems[0].message).toMatch(/k=9 is larger than d=4/);
  });

  it('warns about a link from another URL version', () => {
    const { problems } = settingsFromSearch('?v=7&d=12');
    expect(problems[0].key).toBe('v');
  });
});

describe('a number typed into a field', () => {
  it('takes exactly an allowed value and says what is wrong otherwise', () => {
    expect(readTypedNumber('seed', '42')).toEqual({ value: 42, message: null });
    expect(readTypedNumber('seed', ' 7 ')).toEqual({ value: 7, message: null });
    for (const [text, why] of [['', /seed must be an integer from 0/], ['2.5', /not an integer/], ['-1', /out of range/], ['0x10', /not a number/], ['9'.repeat(400), /not a number/], ['1e-400', /too small for a double/]] as const) {
      const read = readTypedNumber('seed', text);
      expect(read.value).toBeNull();
      expect(read.message).toMatch(why);
      expect(read.message!.length).toBeLessThan(200);
    }
  });
});

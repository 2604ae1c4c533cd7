// Switching the problem moves the learning rate to one that works for it, with a note, unless the user chose it.
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS, PROBLEM_LR } from '../src/core/settings';
import { useAppStore } from '../src/state/store';

const store = () => useAppStore.getState();

describe('learning rate on a problem switch', () => {
  beforeEach(() => store().setSettings({ ...DEFAULTS }));

  it('moves η to the new problem\'s default and says so, both ways', () => {
    store().setSetting('task', 'classification');
    expect(store().settings.lr).toBe(PROBLEM_LR.classification);
    expect(store().settingNote).toMatch(/η = 0\.1 to η = 10 for classification/);
    store().setSetting('task', 'regression');
    expect(store().settings.lr).toBe(PROBLEM_LR.regression);
    expect(store().settingNote).toMatch(/η = 10 to η = 0\.1 for regression/);
  });

  it('keeps an η the user set in this session', () => {
    store().setSetting('lr', 0.5);
    store().setSetting('task', 'classification');
    expect(store().settings.lr).toBe(0.5);
    expect(store().settingNote).toBeNull();
  });

  it('keeps an η a link set to another value than its problem\'s default, and moves a default one', () => {
    store().setSettings({ ...DEFAULTS, lr: 0.03 });
    store().setSetting('task', 'classification');
    expect(store().settings.lr).toBe(0.03);
    store().setSettings({ ...DEFAULTS, task: 'classification', act: 'sigmoid', lr: PROBLEM_LR.classification });
    store().setSetting('task', 'regression');
    expect(store().settings.lr).toBe(PROBLEM_LR.regression);
  });

  it('the problems\' defaults lie in the settings table\'s range', () => {
    expect(PROBLEM_LR.regression).toBe(DEFAULTS.lr);
    expect(PROBLEM_LR.classification).toBeGreaterThan(PROBLEM_LR.regression);
  });
});

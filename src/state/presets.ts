// The papers' reference experiments (SPEC §5), each one click in the app and one plain URL for lecture notes.
import { DEFAULTS, encodeSettings, reconcile, type Settings } from '../core/settings';

export interface Preset {
  id: string;
  title: string;
  paper: string;
  settings: Partial<Settings>;
  /** What a user should see: the README's row, checked by the e2e suite. */
  expect: string;
}

export const PRESETS: Preset[] = [
  {
    id: 'zhong-three-inits',
    title: 'Zhong et al.: three initializations',
    paper: 'Zhong, Song, Jain, Bartlett, Dhillon (ICML 2017)',
    settings: { act: 'sqrelu', d: 10, k: 5, kappa: 2, n: 10_000, vstar: 'pm1', lr: 0.02, iters: 10_000 },
    expect: 'Tensor init + GD is fastest and a straight line on the log plot; random W with the true v converges later; random W with random signs of v does not reach W*.',
  },
  {
    id: 'zhang-noisy-relu',
    title: 'Zhang et al.: noisy ReLU',
    paper: 'Zhang, Yu, Wang, Gu (AISTATS 2019)',
    settings: { act: 'relu', d: 10, k: 5, kappa: 2, n: 10_000, vstar: 'ones', noise: 0.5, lr: 0.2, iters: 3000 },
    expect: 'A straight line down to a floor near the dashed statistical error ν·√(dk·log n / n); the floor moves with n and ν.',
  },
  {
    id: 'zhong-resampling',
    title: 'Zhong et al. vs Zhang et al.: resampling or fixed samples',
    paper: 'Zhong et al. (ICML 2017), Theorem 5.6; Zhang, Yu, Wang, Gu (AISTATS 2019)',
    settings: { act: 'tanh', vstar: 'ones', d: 10, k: 5, kappa: 2, n: 10_000, lr: 0.5, iters: 1000, gd: 'resample', trials: 5 },
    expect: 'Gradient descent on a fresh sample set every step (the resampling Zhong et al.\'s guarantee for smooth activations assumes) converges linearly from the tensor initialization, over all 5 seeds; switch "gradient descent sees" to the fixed samples: the bands fall the same way, as Zhang et al.\'s analysis, which needs no resampling, predicts.',
  },
  {
    id: 'fu-cross-entropy',
    title: 'Fu et al.: cross-entropy classification',
    paper: 'Fu, Chi, Liang (IEEE TSP 2020)',
    settings: { task: 'classification', loss: 'cross-entropy', compare: '1', act: 'sigmoid', d: 10, k: 3, kappa: 1, n: 200_000, lr: 20, iters: 2000 },
    expect: 'Large steps (the 1/k output weights make the loss flat); cross-entropy brings the error down faster and lower than the same data trained with the squared loss (lighter lines). Classification labels carry little information: the floor is high and falls like 1/√n.',
  },
  {
    id: 'fu-cnn',
    title: 'Fu et al.: non-overlapping CNN',
    paper: 'Fu, Chi, Liang (IEEE TSP 2020)',
    settings: { task: 'classification', model: 'cnn', loss: 'cross-entropy', act: 'sigmoid', d: 20, k: 4, kappa: 1, n: 50_000, lr: 10, iters: 1000 },
    expect: 'One filter recovered: the moment initialization starts far below the random one, and both reach the sampling error within tens of steps.',
  },
];

/** The full settings a preset stands for: defaults for everything it does not name. */
export function presetSettings(preset: Preset): Settings {
  const settings = { ...DEFAULTS, ...preset.settings };
  reconcile(settings);
  return settings;
}

/** The preset's plain URL query, as the README lists it: every setting it names, even at its default. */
export function presetQuery(preset: Preset): string {
  return encodeSettings(presetSettings(preset), Object.keys(preset.settings) as (keyof Settings)[]);
}

// Zhang, Yu, Wang, Gu (AISTATS 2019): with label noise, gradient descent still converges linearly — to the
// empirical minimizer, whose error is a statistical floor of order ν·√(dk·log n / n). Each step measures the
// floor the student's run reaches and compares it with the student's own earlier measurement.
import type { Lesson } from './lesson';

/** Small enough to reach its floor in a few seconds in the browser, large enough for a clear floor. */
const BASE = { task: 'regression', act: 'relu', vstar: 'ones', d: 5, k: 3, kappa: 2, n: 4000, lr: 0.3, iters: 1200, noise: 0.5 } as const;
const floor = { of: 'floor', arm: 'tensor' } as const;

export const zhang: Lesson = {
  id: 'zhang',
  title: 'Noise and the statistical floor',
  paper: 'Zhang, Yu, Wang, Gu (AISTATS 2019)',
  summary: 'Noisy relu regression: gradient descent converges linearly, but to a floor set by the noise and the sample size, not to zero.',
  steps: [
    {
      title: 'A floor, not zero',
      text: [
        'The teacher now adds noise to each label: $y = \\sum_i \\mathrm{relu}(w_i^{*\\top} x) + \\xi$, $\\xi \\sim N(0, \\nu^2)$. The student still minimizes the squared loss on the $n$ samples it has.',
        'Without noise ($\\nu = 0$) the error falls in a straight line on the log plot until float32 runs out of digits. With noise the minimizer of the empirical loss is no longer $W^*$.',
      ],
      settings: { ...BASE, noise: 0 },
      controls: ['noise', 'iters'],
      lock: ['act'],
      panels: [],
      task: 'Raise the label noise ν (PageUp makes it 1) and let the run go: the tensor arm’s error stops falling at a floor.',
      check: { kind: 'above', measure: floor, value: 1e-4, requires: [{ key: 'noise', min: 0.1 }] },
      hints: [
        'The check reads a floor when the error moved less than 5% over the last third of the run.',
        'If the run ends before the error flattens, raise the iterations.',
      ],
      takeaway: 'Gradient descent still converges linearly, but to the empirical minimizer Ŵ: its distance to W* is the statistical error, and no number of steps removes it.',
    },
    {
      title: 'Halve the noise',
      text: [
        'Zhang et al. bound the distance of the empirical minimizer to $W^*$ by a multiple of $\\nu\\sqrt{dk \\log n / n}$: linear in the noise level $\\nu$.',
        'The check first records the floor you measure at $\\nu = 0.2$, then compares it with the floor after your change.',
      ],
      settings: { ...BASE, noise: 0.2 },
      controls: ['noise', 'iters'],
      lock: ['act', 'n', 'd'],
      panels: [],
      task: 'Let the run reach its floor (it is recorded), then halve ν to 0.1.',
      check: { kind: 'compare', measure: floor, change: { key: 'noise', factor: 0.5 }, ratio: [0.35, 0.65] },
      hints: ['The slider moves ν in steps of 0.01: the arrow keys move it exactly.', '“Measure again” forgets the recorded floor, if you changed something else first.'],
      takeaway: 'The floor is proportional to ν: half the noise, half the error.',
    },
    {
      title: 'Four times the samples',
      text: [
        'The same bound falls like $\\sqrt{\\log n / n}$: four times the samples should bring the floor down to about half (a little more than half, because of the $\\log n$).',
      ],
      settings: BASE,
      controls: ['n', 'iters'],
      lock: ['act', 'noise', 'd'],
      panels: [],
      task: 'Let the run reach its floor at n = 4,000, then raise n to about 16,000.',
      check: { kind: 'compare', measure: floor, change: { key: 'n', factor: 4 }, ratio: [0.35, 0.75] },
      hints: ['n moves on a log scale: PageUp moves it a tenth of the range (×2.7), the arrow keys by about 1%.'],
      takeaway: 'More samples shrink the statistical error like 1/√n (up to the log): the floor is about the data, not the optimizer.',
    },
    {
      title: 'Four times the dimension',
      text: [
        'With $k$ fixed, the bound grows like $\\sqrt{d}$: there are $dk$ weights to estimate from the same $n$ noisy labels. Four times $d$ should about double the floor.',
      ],
      settings: BASE,
      controls: ['d', 'iters'],
      lock: ['act', 'noise', 'n'],
      panels: [],
      task: 'Let the run reach its floor at d = 5, then raise d to 20.',
      check: { kind: 'compare', measure: floor, change: { key: 'd', factor: 4 }, ratio: [1.3, 3] },
      hints: ['d moves one by one with the arrow keys.', 'A larger d takes more steps to reach its floor: raise the iterations if the check says it is not flat yet.'],
      takeaway: 'The error floor grows with the number of parameters per sample, like √(dk/n).',
    },
    {
      title: 'Against the formula',
      text: [
        'The error plot draws the floor $0.8\\,\\nu\\sqrt{dk\\ln n / n}\\,/\\,\\|W^*\\|_F$ as a dashed line. The constant 0.8 was fitted on this engine at other sizes; the paper proves the shape, not the constant.',
      ],
      settings: { ...BASE, noise: 0 },
      controls: ['noise', 'n', 'iters'],
      lock: ['act'],
      panels: [],
      task: 'Set ν to any value from 0.2 to 2 (PageUp makes it 1) and compare the floor your run reaches with the formula.',
      check: { kind: 'floor-formula', arm: 'tensor', ratio: [0.5, 2], requires: [{ key: 'noise', min: 0.2 }] },
      hints: ['At large ν and small n the noise is no longer small and the ratio grows: the bound is for the regime where it is.'],
      takeaway: 'Measured floors follow ν·√(dk·log n / n) within a factor near one: the statistical rate of Zhang et al., seen in your own runs.',
    },
  ],
};

// Fu, Chi, Liang (IEEE TSP 2020): one-hidden-layer networks learned from 0/1 labels with the cross-entropy loss,
// fully connected and as a non-overlapping CNN. Sigmoid units, output weights 1/k, labels y ~ Bernoulli(H(W*, x)).
import type { Lesson } from './lesson';

const FCN = { task: 'classification', model: 'fcn', loss: 'cross-entropy', act: 'sigmoid', d: 6, k: 2, kappa: 1, n: 20000, lr: 5, iters: 300 } as const;
const CNN = { ...FCN, model: 'cnn', d: 12, k: 3, n: 10000, lr: 10 } as const;

export const fu: Lesson = {
  id: 'fu',
  title: 'Classification with cross-entropy',
  paper: 'Fu, Chi, Liang (IEEE TSP 2020)',
  summary: 'Weights recovered from coin flips: the cross-entropy loss, its larger steps than the squared loss on the same data, and one filter shared by a CNN.',
  steps: [
    {
      title: 'Weights from coin flips',
      text: [
        'Each label is a coin flip: $P(y = 1 \\mid x) = H(W^*, x) = \\frac1k \\sum_i \\sigma(w_i^{*\\top} x)$. The student minimizes the cross-entropy $-\\frac1n\\sum_s [y_s \\log H_s + (1 - y_s)\\log(1 - H_s)]$.',
        'A 0/1 label carries little information about $W^*$: the error falls to a floor well above the regression lessons’ floors.',
      ],
      settings: FCN,
      controls: ['n', 'iters'],
      lock: ['loss'],
      panels: ['loss'],
      task: 'Let the run go: the random arm’s error falls below half of where it started.',
      check: { kind: 'below', measure: { of: 'error', arm: 'random' }, value: 0.5 },
      hints: ['The output weights are fixed at 1/k, which makes the loss flat: large steps (η = 5) are normal here.'],
      takeaway: 'Cross-entropy on coin-flip labels still recovers the weights, slowly and to a floor set by how little each label says.',
    },
    {
      title: 'Cross-entropy against the squared loss',
      text: [
        'The same data can be fitted with the squared loss $\\frac1{2n}\\sum_s (H_s - y_s)^2$. Its gradient lacks the factor $1/(H(1-H))$ of the cross-entropy’s, which is about 4 near $H = 1/2$: at the same $\\eta$ it takes smaller steps.',
        'The check records the random arm’s error at iteration 200 with the cross-entropy, then compares it with yours after the switch — same data, same initialization, same $\\eta$.',
      ],
      settings: FCN,
      controls: ['loss', 'iters'],
      lock: ['lr', 'n'],
      panels: ['loss'],
      task: 'Let the run pass iteration 200 (the error there is recorded), then switch the loss to squared.',
      check: { kind: 'compare', measure: { of: 'errorAt', arm: 'random', at: 200 }, change: { key: 'loss', to: 'squared' }, ratio: [1.1, 100] },
      hints: ['At a much larger η the cross-entropy runs past its stable step size and loses its lead: the comparison is at this η.'],
      takeaway: 'At the same step size the cross-entropy converges faster: its gradient is larger where the model is unsure.',
    },
    {
      title: 'One filter: the CNN',
      text: [
        'In the non-overlapping CNN one filter $w \\in \\mathbb R^m$ sees each of $k$ patches of $x$: $H(w, x) = \\frac1k\\sum_j \\sigma(w^\\top x^{(j)})$. Every patch gives the same first moment $E[y\\,x^{(j)}] = \\frac1k c_1(\\|w\\|)\\,\\bar w$, so their mean estimates the filter’s direction, sign and norm.',
      ],
      settings: { ...CNN, model: 'fcn', d: 12 },
      controls: ['model', 'iters'],
      lock: ['loss'],
      panels: [],
      task: 'Switch the model to the non-overlapping CNN: the moment initialization starts far closer than the random filter.',
      check: { kind: 'beats', of: 'initError', arm: 'tensor', other: 'random', factor: 0.25, requires: [{ key: 'model', equals: 'cnn' }] },
      hints: ['d must be a multiple of k for the patches: the app adjusts it.'],
      takeaway: 'With one shared filter a single moment suffices: k patches give k times the samples of one unit.',
    },
    {
      title: 'How many coin flips does a filter need?',
      text: [
        'Gradient descent on the cross-entropy takes the filter to the minimizer of the empirical loss within tens of steps; how close that is to $w^*$ depends on $n$ alone. With one filter shared by $k$ patches, every sample says something about every weight.',
      ],
      settings: { ...CNN, n: 1000 },
      controls: ['n', 'iters'],
      lock: ['model', 'loss'],
      panels: ['loss'],
      task: 'Raise n until the trained filter comes within 0.1 of w* (relative error).',
      check: { kind: 'below', measure: { of: 'error', arm: 'tensor' }, value: 0.1 },
      hints: ['n moves on a log scale: PageUp multiplies it by about 2.7.', 'The CNN has no unit matching: its k units are its patches, in order.'],
      takeaway: 'The error the filter converges to is statistical: more labels, a closer filter — Fu et al.’s guarantee, with the sample size it needs.',
    },
    {
      title: 'Four times the samples',
      text: ['The filter’s floor is statistical too: it falls like $1/\\sqrt n$ on average. The check records the floor at $n$ = 10,000, then compares; it asks only that four times the samples bring it well down (a ratio from 0.15 to 0.8), since one sample set scatters around the average.'],
      settings: CNN,
      controls: ['n', 'iters'],
      lock: ['model', 'loss'],
      panels: [],
      task: 'Let the run reach its floor, then raise n to about 40,000.',
      check: { kind: 'compare', measure: { of: 'floor', arm: 'tensor' }, change: { key: 'n', factor: 4 }, ratio: [0.15, 0.8] },
      hints: ['n moves on a log scale: the arrow keys move it by about 1%, PageUp by ×2.7.'],
      takeaway: 'Four times the labels, a lower floor: 1/√n predicts half; one teacher and one sample set scatter around it.',
    },
  ],
};

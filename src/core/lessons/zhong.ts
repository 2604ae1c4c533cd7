// Zhong, Song, Jain, Bartlett, Dhillon (ICML 2017): the tensor method finds W from the samples alone, close
// enough to W* to start inside the region where the loss is locally strongly convex; from there gradient descent
// converges linearly, at the rate the Hessian predicts. Squared relu throughout: for relu the Hessian never turns
// indefinite, and the region would be empty of meaning.
import type { Lesson } from './lesson';

const BASE = { task: 'regression', act: 'sqrelu', vstar: 'pm1', d: 6, k: 3, kappa: 2, n: 2000, lr: 0.02, iters: 600 } as const;

export const zhong: Lesson = {
  id: 'zhong',
  title: 'Tensor initialization and local strong convexity',
  paper: 'Zhong, Song, Jain, Bartlett, Dhillon (ICML 2017)',
  summary: 'The tensor method starts gradient descent inside the strongly convex region around W*; from there it converges linearly, at the rate λ_min predicts.',
  steps: [
    {
      title: 'Weights from moments',
      text: [
        'The teacher is $y = \\sum_i v_i^*\\,\\phi(w_i^{*\\top} x)$ with $\\phi$ the squared relu and $v^*_i = \\pm 1$. The tensor method never sees $W^*$: it estimates the moments $\\hat M_j = \\frac1n\\sum_s y_s H_j(x_s)$ from the samples and decomposes them.',
        'Moments estimated from $n$ samples are off by about $1/\\sqrt n$, and so is the initialization.',
      ],
      settings: BASE,
      controls: ['n'],
      lock: ['act'],
      panels: [],
      task: 'Raise the number of samples n until the tensor initialization starts within 0.1 of W* (relative error).',
      check: { kind: 'below', measure: { of: 'initError', arm: 'tensor' }, value: 0.1 },
      hints: ['n moves on a log scale: PageUp multiplies it by about 2.7.', 'The readout “init error” of the tensor arm is what the check reads.'],
      takeaway: 'The initialization’s error shrinks like 1/√n: the method needs more samples, not more steps.',
    },
    {
      title: 'Inside the strongly convex region',
      text: [
        'Around $W^*$ the Hessian $\\nabla^2 f(W)$ is positive definite: the loss is locally strongly convex. Zhong et al. show the tensor initialization lands inside that region once $n$ is large enough.',
        'The app computes $\\lambda_{\\min}(\\nabla^2 f(W_0))$ of the empirical loss at the tensor arm’s start. The activation is fixed to the squared relu: for relu $\\phi\'\' = 0$, the Hessian is a Gram matrix that never turns indefinite, and this check would say nothing.',
        'At very small n the empirical Hessian can be positive by chance far from $W^*$: it is the curvature of the loss on these samples that counts.',
      ],
      settings: BASE,
      controls: ['n'],
      lock: ['act'],
      panels: [],
      task: 'Raise n until the tensor initialization starts inside the region: λ_min(∇²f(W₀)) > 0.',
      check: { kind: 'positive', measure: { of: 'lambdaMinInit', arm: 'tensor' } },
      hints: ['The Hessian is probed after each rebuild: give it a second.', 'At n = 2,000 λ_min(∇²f(W₀)) is negative; somewhere past 10,000 it turns positive.'],
      takeaway: 'A good enough initialization starts where the loss is strongly convex: from there gradient descent cannot get stuck.',
    },
    {
      title: 'Random signs do not make it',
      text: [
        'Zhong et al.’s third arm starts from random $W$ and random output signs $v$, and trains the signs too ($v \\leftarrow \\mathrm{sign}(v - \\eta\\nabla_v f)$). A wrong sign makes a unit fit the negative of its teacher: the loss has other minima.',
      ],
      settings: { ...BASE, n: 32000 },
      controls: ['iters', 'lr'],
      lock: ['act', 'n'],
      panels: [],
      task: 'Let the run go 600 iterations: the tensor arm ends a hundred times closer to W* than the arm with random signs.',
      check: { kind: 'beats', of: 'error', arm: 'tensor', other: 'random-signs', factor: 0.01 },
      hints: ['The readouts list each arm’s current error.'],
      takeaway: 'The tensor method also recovers the output signs (from an even moment): no random restart can be sure to.',
    },
    {
      title: 'The rate λ_min predicts',
      text: [
        'Inside the region gradient descent contracts the error by $1 - \\eta\\lambda_{\\min}(\\nabla^2 f(W^*))$ per step (for $\\eta \\le 1/\\lambda_{\\max}$): a straight line on the log plot whose slope the Hessian at $W^*$ predicts.',
        'A larger condition number $\\kappa$ of $W^*$ spreads the Hessian’s spectrum; the measured rate must follow the one predicted at the new $\\kappa$. The step size is fixed at $\\eta = 0.03$, below $1/\\lambda_{\\max}$ up to $\\kappa \\approx 2$: above it the bound does not apply, and the check says so.',
      ],
      settings: { ...BASE, n: 8000, kappa: 1, lr: 0.03, iters: 1500 },
      controls: ['kappa', 'iters'],
      lock: ['act', 'n', 'lr'],
      panels: [],
      task: 'Raise κ to 2 and let the run converge: the tensor arm’s measured rate follows 1 − ηλ_min(∇²f(W*)).',
      check: { kind: 'rate-follows', arm: 'tensor', tolerance: 0.1, requires: [{ key: 'kappa', min: 2 }] },
      hints: ['The rate is fitted over the recent half of the run above float32’s precision: early on, faster modes still show.', 'λ_min at W* is probed after each rebuild.', 'Past κ ≈ 2, η = 0.03 exceeds 1/λ_max: the check then says the bound does not apply.'],
      takeaway: 'Linear convergence is a property of the Hessian at W*: its smallest eigenvalue sets the rate, and κ moves it.',
    },
    {
      title: 'Too large a step',
      text: [
        'Strong convexity holds only near $W^*$, and $\\eta$ must stay below $2/\\lambda_{\\max}$ of the Hessian along the path. Far from $W^*$ the squared relu’s curvature grows with $\\|w\\|^2$: an arm that starts far can be thrown out where a near one is not.',
      ],
      settings: { ...BASE, n: 32000, rscale: 3, lr: 0.005, iters: 300 },
      controls: ['lr'],
      lock: ['act', 'n', 'rscale'],
      panels: [],
      task: 'Raise the learning rate η until the random arm diverges while the tensor arm still converges. Press Reset after each change.',
      check: { kind: 'diverges', arm: 'random', survives: 'tensor' },
      hints: ['η applies live; Reset starts the run again from the initializations.'],
      takeaway: 'A start near W* tolerates larger steps: the tensor initialization buys speed twice, a shorter path and a larger η.',
    },
  ],
};

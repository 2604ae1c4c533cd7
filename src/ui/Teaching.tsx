// A short explanation beside the plots: the model, the loss and what the theory promises, for the problem
// the settings select. Formulas typeset with KaTeX.
import type { Settings } from '../core/settings';
import { useAppStore } from '../state/store';
import { Tex } from './Tex';

export type Problem = 'regression' | 'noisy' | 'classification' | 'cnn';

export function problemOf(s: Pick<Settings, 'task' | 'model' | 'noise'>): Problem {
  if (s.task === 'classification') return s.model === 'cnn' ? 'cnn' : 'classification';
  return s.noise > 0 ? 'noisy' : 'regression';
}

const TEXTS: Record<Problem, { title: string; source: string; model: string; loss: string; promise: React.ReactNode }> = {
  regression: {
    title: 'Regression with a one-hidden-layer network',
    source: 'Zhong, Song, Jain, Bartlett, Dhillon (ICML 2017)',
    model: String.raw`y = \sum_{i=1}^{k} v^*_i\,\phi(w_i^{*\top} x),\quad x \sim \mathcal N(0, I_d),\ v^*_i \in \{\pm 1\}`,
    loss: String.raw`f(W) = \frac{1}{2n}\sum_{s=1}^{n}\Big(\sum_i v_i\,\phi(w_i^\top x_s) - y_s\Big)^2`,
    promise: (
      <>
        Near <Tex>{'W^*'}</Tex> the empirical loss is strongly convex once <Tex>{String.raw`n \gtrsim d\cdot\mathrm{poly}(k,\kappa)\log d`}</Tex>.
        The tensor method (moments <Tex>{String.raw`M_j = \mathbb E[y\,H_j(x)]`}</Tex>) lands inside that region, and gradient descent then
        converges linearly: <Tex>{String.raw`\|W_t - W^*\| \le (1-c)^t\,\|W_0 - W^*\|`}</Tex> — a straight line on the log plot.
      </>
    ),
  },
  noisy: {
    title: 'Noisy ReLU regression',
    source: 'Zhang, Yu, Wang, Gu (AISTATS 2019)',
    model: String.raw`y = \sum_{i=1}^{k} \mathrm{relu}(w_i^{*\top} x) + \xi,\quad \xi \sim \mathcal N(0, \nu^2)`,
    loss: String.raw`f(W) = \frac{1}{2n}\sum_{s=1}^{n}\Big(\sum_i \mathrm{relu}(w_i^\top x_s) - y_s\Big)^2`,
    promise: (
      <>
        Gradient descent from a good initialization converges linearly, but to the empirical minimizer, not to <Tex>{'W^*'}</Tex>: the error
        stops at a statistical floor of order <Tex>{String.raw`\nu\sqrt{dk\log n / n}`}</Tex> (dashed). More samples or less noise lower it.
      </>
    ),
  },
  classification: {
    title: 'Classification with cross-entropy',
    source: 'Fu, Chi, Liang (IEEE TSP 2020)',
    model: String.raw`\Pr(y=1\mid x) = H(W^*, x) = \frac1k\sum_{i=1}^{k}\sigma(w_i^{*\top} x),\quad y \sim \mathrm{Bernoulli}(H)`,
    loss: String.raw`f(W) = -\frac1n\sum_{s=1}^{n}\big[y_s\log H(W,x_s) + (1-y_s)\log(1-H(W,x_s))\big]`,
    promise: (
      <>
        The empirical cross-entropy is strongly convex near <Tex>{'W^*'}</Tex> with <Tex>{String.raw`n \gtrsim d k^2 \log d`}</Tex> samples; from the
        tensor initialization, gradient descent converges linearly to a minimizer within <Tex>{String.raw`O(\sqrt{dk\log n/n})`}</Tex> of <Tex>{'W^*'}</Tex>.
        The <Tex>{'1/k'}</Tex> output weights make the loss flat: steps must be large.
      </>
    ),
  },
  cnn: {
    title: 'Non-overlapping CNN, one filter',
    source: 'Fu, Chi, Liang (IEEE TSP 2020)',
    model: String.raw`\Pr(y=1\mid x) = \frac1k\sum_{j=1}^{k}\sigma(w^{*\top} x^{(j)}),\quad x^{(j)} = x_{[(j-1)m+1\,:\,jm]},\ d = km`,
    loss: String.raw`f(w) = -\frac1n\sum_{s}\big[y_s\log H(w,x_s) + (1-y_s)\log(1-H(w,x_s))\big]`,
    promise: (
      <>
        One filter is shared by <Tex>{'k'}</Tex> patches, so only <Tex>{'m = d/k'}</Tex> weights are learned. The mean of the per-patch first
        moments <Tex>{String.raw`\mathbb E[y\,x^{(j)}] = \tfrac1k c_1(\|w^*\|)\,\bar w^*`}</Tex> gives the initialization; gradient descent then
        converges linearly to the sampling error.
      </>
    ),
  },
};

/** How the steps see the data (the `gd` setting): the papers differ on it. */
const GD_TEXTS: Record<Settings['gd'], { title: string; body: React.ReactNode }> = {
  full: {
    title: 'Fixed samples',
    body: (
      <>
        Every step uses the same <Tex>{'n'}</Tex> samples: <Tex>{String.raw`W \leftarrow W - \eta
abla f(W)`}</Tex> on one empirical loss. Zhang et al.
        prove linear convergence this way, with <b>no resampling</b>: one sample set of size <Tex>{String.raw`n \gtrsim d\,\mathrm{poly}(k,\kappa)`}</Tex> suffices
        for all iterations. Zhong et al.&apos;s gradient-descent theorem for smooth activations is stated under resampling instead — choose
        &ldquo;fresh samples each step&rdquo; to compare.
      </>
    ),
  },
  resample: {
    title: 'Fresh samples each step (resampling)',
    body: (
      <>
        Each step draws a new set of <Tex>{'n'}</Tex> samples from the teacher, so the iterates never depend on the data they are tested on: this is
        the resampling rule under which Zhong et al. prove that gradient descent from the tensor initialization converges linearly for smooth
        activations — a device of the proof. Zhang et al. stress that their guarantee needs none; switch back to the fixed samples and watch the
        curves fall the same way.
      </>
    ),
  },
  sgd: {
    title: 'Minibatches of the fixed samples (SGD)',
    body: (
      <>
        Each step uses a minibatch of the fixed set, reshuffled every epoch (seeded). The steps are cheaper and noisier; with noise-free labels
        every minibatch&apos;s gradient still vanishes at <Tex>{'W^*'}</Tex>, so the error keeps falling. The training loss plotted is the minibatch&apos;s.
      </>
    ),
  },
};

export function Teaching() {
  const problem = useAppStore((s) => problemOf(s.settings));
  const gd = useAppStore((s) => s.settings.gd);
  const text = TEXTS[problem];
  const sampling = GD_TEXTS[gd];
  return (
    <section className="teaching" aria-label="about this problem" data-testid="teaching" data-problem={problem}>
      <h2>{text.title}</h2>
      <p className="source">{text.source}</p>
      <p>Model: <Tex block>{text.model}</Tex></p>
      <p>Loss: <Tex block>{text.loss}</Tex></p>
      <p>{text.promise}</p>
      <h3>{sampling.title}</h3>
      <p data-testid="teaching-gd">{sampling.body}</p>
    </section>
  );
}

// How the tensor initialization was found: the spectrum of P̂_2 with the k chosen eigenvalues marked, the
// angle between the subspace it found and span(W*) (the app knows the teacher; the algorithm does not), the
// recovered output signs against v*, and the time of each stage.
import type { PlotlyData } from 'plotly.js-cartesian-dist-min';
import { initAdvice } from '../core/initAdvice';
import { describeSubspaceAngle } from '../core/tensorArm';
import { useAppStore } from '../state/store';
import { LivePlot, type PlotSource } from './LivePlot';

let revision = 0;

const spectrumPlot: PlotSource = {
  subscribe: (listener) =>
    useAppStore.subscribe((state, prev) => {
      if (state.run.tensor !== prev.run.tensor) {
        revision++;
        listener();
      }
    }),
  figure: () => {
    const tensor = useAppStore.getState().run.tensor;
    const spectrum = tensor?.diagnostics?.p2Spectrum ?? [];
    const chosen = new Set(tensor?.diagnostics?.chosen ?? []);
    const index = spectrum.map((_, i) => i + 1);
    const pick = (keep: boolean) => spectrum.map((l, i) => (chosen.has(i) === keep ? Math.abs(l) : null));
    const data: PlotlyData[] = [
      { type: 'bar', name: 'chosen (top k by |λ|)', x: index, y: pick(true), marker: { color: '#d62728' } },
      { type: 'bar', name: 'left out', x: index, y: pick(false), marker: { color: '#b8c2cc' } },
    ];
    return {
      data,
      layout: {
        barmode: 'overlay',
        margin: { l: 60, r: 10, t: 10, b: 70 },
        xaxis: { title: { text: 'eigenvalue index', standoff: 4 }, dtick: 1 },
        yaxis: { title: { text: '|λ| of P̂₂' }, type: 'log', exponentformat: 'power' },
        legend: { orientation: 'h', y: -0.3, yanchor: 'top' },
      },
      revision,
    };
  },
};

const ms = (s: number) => `${(1000 * s).toFixed(0)} ms`;

/** Why the initialization did not help, when it did not: a random start did better, or n is too small. */
function InitAdvice({ lines }: { lines: string[] }) {
  if (!lines.length) return null;
  return (
    <div className="warning" role="status" data-testid="init-advice">
      {lines.map((line) => <p key={line}>{line}</p>)}
    </div>
  );
}

export function TensorPanel() {
  const tensor = useAppStore((s) => s.run.tensor);
  const tensorArmReadout = useAppStore((s) => s.run.arms.find((a) => a.name === 'tensor'));
  const randomReadout = useAppStore((s) => s.run.arms.find((a) => a.name === 'random'));
  if (!tensor) return null;
  const { diagnostics: diag, seconds } = tensor;
  const advice = initAdvice({
    ...tensor.at, needed: tensor.samplesNeeded,
    tensorError: tensorArmReadout?.initError ?? NaN, randomError: randomReadout?.initError ?? NaN,
  });
  if (!diag) {
    return (
      <section className="tensor-panel" aria-label="how the initialization was found" data-testid="tensor-panel">
        <h2>How the CNN's initialization was found</h2>
        <InitAdvice lines={advice} />
        <p>
          The mean over the k patches of the first moments E[y·x<sup>(j)</sup>] = (1/k)·c₁(‖w*‖)·w̄* gives the filter's direction
          and sign; inverting c₁ gives its norm. Init error {tensorArmReadout ? tensorArmReadout.initError.toExponential(2) : '–'},
          in {ms(seconds.total)}.
        </p>
      </section>
    );
  }
  return (
    <section className="tensor-panel" aria-label="how the initialization was found" data-testid="tensor-panel">
      <h2>How the tensor initialization was found</h2>
      <InitAdvice lines={advice} />
      <div className="tensor-grid">
        <LivePlot id="p2-spectrum" title="Spectrum of P̂₂" source={spectrumPlot} height={240} />
        <dl className="facts">
          <dt>moments used</dt>
          <dd>P̂₂ from M<sub>{diag.j2}</sub>, R̂₃ from M<sub>{diag.j3}</sub>; norms from order {diag.l1}{diag.l2 ? `, signs from order ${diag.l2}` : ''}</dd>
          <dt>subspace angle to span(W*)</dt>
          <dd data-testid="subspace-angle">{describeSubspaceAngle(tensor)}</dd>
          <dt>output signs</dt>
          <dd data-testid="signs" data-correct={tensor.signsCorrect}>
            {tensor.signsRecovered
              ? `${tensor.matchedV.map((v) => (v > 0 ? '+' : '−')).join(' ')} — ${tensor.signsCorrect ? 'all right' : 'some wrong'} against v*`
              : 'known to the algorithm (all equal)'}
          </dd>
          <dt>init error</dt>
          <dd>{tensorArmReadout ? tensorArmReadout.initError.toExponential(2) : '–'}</dd>
          <dt>time by stage</dt>
          <dd data-testid="tensor-seconds">
            moments {ms(seconds.moments)} · eigen {ms(seconds.eigen)} · decomposition {ms(seconds.decomposition)} · magnitudes {ms(seconds.magnitudes)} · total {ms(seconds.total)}
          </dd>
        </dl>
      </div>
    </section>
  );
}

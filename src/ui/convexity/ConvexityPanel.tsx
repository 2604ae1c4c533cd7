// The strong-convexity explorer (SPEC §4): how far around W* the loss stays strongly convex, whether each
// initialization starts inside, the rate λ_min predicts beside the rate each arm shows, the landscape on a plane
// through W*, and how the student's units line up with the teacher's. Results come from the engine's probe store;
// nothing here calls tfjs.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { ARM_LABELS } from '../../core/arms';
import { predictedRate, type Extremes } from '../../core/convexity';
import { convexityMirror as convexityProbe } from '../../engine/convexityMirror';
import type { ConvexityState } from '../../engine/convexityState';
import { positiveDefinite } from '../../engine/convexityRegion';
import { useAppStore } from '../../state/store';
import { ARM_COLORS } from '../colors';
import { LivePlot } from '../LivePlot';
import { ScrollBox } from '../a11y/ScrollBox';
import { Tex } from '../Tex';
import { convexityPlots, fmt, overlapPlot, whileVisible } from './convexityPlots';

function useProbe(): ConvexityState {
  useSyncExternalStore(convexityProbe.subscribe, () => convexityProbe.revision);
  return convexityProbe.state;
}

function Predicted({ at, lr }: { at: Extremes | null; lr: number }) {
  if (!at) return <td>–</td>;
  if (!positiveDefinite(at)) return <td title="λ_min ≤ 0 (to float32 precision): the Hessian here predicts no linear convergence">none (λ_min ≤ 0)</td>;
  const { rate, valid } = predictedRate(at.lambdaMin, at.lambdaMax, lr);
  return (
    <td title={valid ? 'η ≤ 1/λ_max: the slowest mode sets the rate' : `η > 1/λ_max = ${fmt(1 / at.lambdaMax)}: the bound does not apply`}>
      {rate.toFixed(5)}{!valid && <span className="cvx-invalid"> (η &gt; 1/λ_max)</span>}
    </td>
  );
}

function RateTable({ state }: { state: ConvexityState }) {
  const lr = useAppStore((s) => s.settings.lr);
  const readouts = useAppStore((s) => s.run.arms);
  const row = (key: string, label: React.ReactNode, at: Extremes | null, measured: number | null | undefined, note?: string | null) => (
    <tr key={key} data-testid={`cvx-row-${key}`} data-lambda-min={at?.lambdaMin} data-lambda-max={at?.lambdaMax}>
      <th scope="row">{label}</th>
      <td>{fmt(at?.lambdaMin)}</td>
      <td>{fmt(at?.lambdaMax)}</td>
      <td>{at && positiveDefinite(at) ? fmt(at.lambdaMax / at.lambdaMin) : '–'}</td>
      <Predicted at={at} lr={lr} />
      <td>{measured === null || measured === undefined ? '–' : measured.toFixed(5)}{note && <small className="cvx-note"> {note}</small>}</td>
    </tr>
  );
  return (
    <ScrollBox label="Hessian and rates table">
      <table className="readouts cvx-table">
        <thead>
          <tr>
            <th>Hessian at</th><th>λ_min</th><th>λ_max</th><th title="condition number of the Hessian">λ_max/λ_min</th>
            <th title="per-step contraction 1 − ηλ_min, valid for η ≤ 1/λ_max">predicted rate</th>
            <th title="per-step contraction of the error, fitted over the recent half of the run">measured rate</th>
          </tr>
        </thead>
        <tbody>
          {row('star', <>W* (teacher)</>, state.star, null)}
          {state.arms.map((arm) =>
            row(
              arm.name,
              <><span className="swatch" style={{ background: ARM_COLORS[arm.name] }} />{ARM_LABELS[arm.name]}{arm.now && <small> at iteration {arm.now.iteration.toLocaleString('en-US')}</small>}</>,
              arm.now,
              readouts.find((r) => r.name === arm.name)?.rate,
              arm.note && `(probe stopped: ${arm.note})`,
            ),
          )}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function RegionSummary({ state }: { state: ConvexityState }) {
  const rays = state.rays;
  const act = state.settings?.act;
  let region: React.ReactNode = 'probing rays from W*…';
  if (state.unavailable) region = 'No region is probed for this model.';
  else if (state.hessianSkipped) region = state.hessianSkipped;
  else if (state.raysSkipped) region = state.raysSkipped;
  else if (state.star && !positiveDefinite(state.star)) region = 'λ_min ≤ 0 already at W*: at this n the empirical loss is not strongly convex there (more samples help).';
  else if (rays && rays.rays.length) {
    const count = `${rays.rays.length} ray${rays.rays.length > 1 ? 's' : ''}${rays.done ? '' : ' so far'}`;
    region = rays.band.radius !== null ? (
      <>λ_min first turns ≤ 0 at <strong>r ≈ {fmt(rays.band.radius)}</strong> (smallest over {count}; median {rays.band.medianRadius === null ? `beyond ${fmt(rays.radii[rays.radii.length - 1])}` : fmt(rays.band.medianRadius)}).</>
    ) : (
      <>
        λ_min stays &gt; 0 out to r = {fmt(rays.radii[rays.radii.length - 1])} along all {count}
        {(act === 'relu' || act === 'leaky') && <>: with φ″ = 0 the Hessian is a Gram matrix, which never turns indefinite — its curvature only fades</>}.
      </>
    );
  }
  return (
    <div className="cvx-summary">
      <p data-testid="cvx-region">{region}</p>
      <ul className="cvx-inits">
        {state.arms.map((arm) => {
          const lam = arm.atInit?.lambdaMin;
          const inside = arm.atInit ? positiveDefinite(arm.atInit) : null;
          return (
            <li key={arm.name} data-testid={`cvx-init-${arm.name}`} data-distance={arm.initDistance} data-lambda-min={lam} data-inside={inside === null ? undefined : String(inside)}>
              <span className="swatch" style={{ background: ARM_COLORS[arm.name] }} />
              {ARM_LABELS[arm.name]} starts at r = {fmt(arm.initDistance)}
              {inside !== null && <>, λ_min(W₀) = {fmt(lam)}: <strong className={inside ? 'cvx-inside' : 'cvx-outside'}>{inside ? 'inside' : 'outside'}</strong></>}
              {arm.entered !== null && arm.entered > 0 && <> — enters near iteration {Math.round(arm.entered).toLocaleString('en-US')}</>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Timings({ state }: { state: ConvexityState }) {
  const ms = (x: number) => `${Math.round(x)} ms`;
  const parts: string[] = [];
  if (state.star) parts.push(`Hessian at W*: ${ms(state.star.ms)} (${state.star.method})`);
  if (state.rays) parts.push(`${state.rays.rays.length} rays × ${state.rays.radii.length} radii: ${ms(state.rays.ms)}`);
  if (state.landscape) parts.push(`landscape ${state.landscape.resolution}×${state.landscape.resolution}: ${ms(state.landscape.ms)}`);
  if (state.sampling) {
    const { arms } = state.sampling;
    parts.push(`λ along the run: ${ms(state.sampling.ms)} per arm, ${arms === state.arms.length ? 'all arms' : `${arms} arm${arms > 1 ? 's' : ''}`} every ${(state.sampling.every / 1000).toFixed(1)} s`);
  }
  return <p className="cvx-timings" data-testid="cvx-timings">{parts.length ? `Probe times — ${parts.join(' · ')}.` : state.unavailable || state.hessianSkipped ? '' : 'Probing…'}</p>;
}

/** Tells the probes while the explorer is on screen: off it, its costliest probes wait. */
function useSeen(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let seen = false;
    const observer = new IntersectionObserver((entries) => {
      const now = entries[entries.length - 1].isIntersecting;
      if (now !== seen) convexityProbe.seen((seen = now));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      if (seen) convexityProbe.seen(false);
    };
  }, [ref]);
}

export function ConvexityPanel() {
  useEffect(() => convexityProbe.attach(), []);
  const root = useRef<HTMLElement>(null);
  useSeen(root);
  const state = useProbe();
  const [chosen, setChosen] = useState(0);
  const armIndex = Math.min(chosen, Math.max(0, state.arms.length - 1));
  const overlap = useMemo(() => whileVisible('cvx-overlap-plot', overlapPlot(armIndex)), [armIndex]);
  const messages = [
    ...(state.unavailable ? [state.unavailable] : []),
    ...state.errors,
    ...(state.landscapeSkipped ? [state.landscapeSkipped] : []),
    ...(state.plane?.note ? [`Landscape: ${state.plane.note}`] : []),
  ];
  return (
    <section
      ref={root}
      className="convexity"
      aria-label="strong convexity explorer"
      data-testid="convexity"
      data-generation={state.generation}
      data-lambda-min-star={state.star?.lambdaMin}
      data-radius={state.rays?.band.radius ?? undefined}
      data-rays={state.rays?.rays.length ?? 0}
      data-rays-done={String(!!state.rays?.done)}
      data-landscape={state.landscape ? state.landscape.resolution : undefined}
    >
      <h2>Strong convexity around W*</h2>
      <p className="cvx-lead">
        Where <Tex>{String.raw`\lambda_{\min}(\nabla^2 f(W)) > 0`}</Tex> the loss is strongly convex; there gradient descent with{' '}
        <Tex>{String.raw`\eta \le 1/\lambda_{\max}`}</Tex> shrinks <Tex>{String.raw`\|W - W^*\|`}</Tex> by about{' '}
        <Tex>{String.raw`1 - \eta\lambda_{\min}`}</Tex> per step. The output weights v are held fixed.
      </p>
      {messages.map((m) => <p key={m} className="warning" role="status">{m}</p>)}
      <RegionSummary state={state} />
      <RateTable state={state} />
      <div className="plots cvx-plots">
        <LivePlot id="cvx-radius-plot" title="λ_min along random rays from W*, and where each arm starts" source={convexityPlots.radius} />
        <LivePlot id="cvx-along-plot" title="λ_min at each arm's W, along the run" source={convexityPlots.along} />
        <LivePlot id="cvx-landscape-plot" title="Loss on the plane through W* and two initializations (log scale)" source={convexityPlots.landscape} height={360} />
        <div className="cvx-overlap">
          <label className="cvx-overlap-choice">
            overlap of{' '}
            <select aria-label="overlap arm" value={armIndex} onChange={(e) => setChosen(Number(e.target.value))}>
              {state.arms.map((arm, a) => <option key={arm.name} value={a}>{ARM_LABELS[arm.name]}</option>)}
            </select>
          </label>
          <LivePlot id="cvx-overlap-plot" title="Overlap cos(w*_j, w_s) of teacher and student units" source={overlap} height={320} />
        </div>
      </div>
      <Timings state={state} />
    </section>
  );
}

// The explorer's four live figures, as PlotSources for LivePlot: λ_min along rays from W* (a band over the rays,
// the radius, each arm's initialization), λ_min at each arm's W along the run, the loss over a plane through W*
// with the arms' paths, and the overlap of student and teacher units. SVG traces only.
import type { PlotlyData, PlotlyLayout } from 'plotly.js-cartesian-dist-min';
import { ARM_LABELS } from '../../core/arms';
import { controller } from '../../state/controller';
import { convexityMirror as convexityProbe } from '../../engine/convexityMirror';
import { ARM_COLORS } from '../colors';
import type { PlotSource } from '../LivePlot';
import { unitCosines } from './overlap';

export const fmt = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(digits) : x.toExponential(digits - 1);

const MARGIN = { l: 60, r: 10, t: 10, b: 80 };
const LEGEND = { orientation: 'h', y: -0.25, yanchor: 'top', font: { size: 11 } };
const zeroLine = { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0, y1: 0, line: { color: '#5a6470', width: 1 } };

/** Figures that follow every frame redraw at most this often: contours and labelled heatmaps are costly to draw. */
const FRAME_REDRAW_MS = 1000;

/** `listener` at most every `ms`, with a trailing call so the last change is always drawn. */
function throttled(listener: () => void, ms: number): { call: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  return {
    call: () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        last = performance.now();
        listener();
      }, Math.max(0, last + ms - performance.now()));
    },
    cancel: () => clearTimeout(timer),
  };
}

/** Follows the probe's results, but redraws only when `key` (what the figure shows) changed. */
function onResults(key: () => string, listener: () => void): () => void {
  let last = key();
  return convexityProbe.subscribe(() => {
    const next = key();
    if (next === last) return;
    last = next;
    listener();
  });
}

const probeSource = (key: () => string, figure: PlotSource['figure']): PlotSource => ({
  subscribe: (listener) => onResults(key, listener),
  figure,
});

const runKey = () => `${convexityProbe.state.generation}|${convexityProbe.state.star?.lambdaMin}`;

/** A note at the edge of the axes for a point outside them, with its value. */
function edgeNote(x: number, y: number, text: string, color: string, index: number) {
  // Staggered heights, so that notes for initializations at similar distances do not cover each other.
  return { x, y, text, showarrow: true, arrowhead: 2, arrowcolor: color, ax: 0, ay: -24 - 18 * (index % 3), font: { size: 10, color }, bgcolor: 'rgba(255,255,255,0.8)' };
}

const radiusPlot = probeSource(() => `${runKey()}|${convexityProbe.state.rays?.rays.length}|${convexityProbe.state.arms.filter((arm) => arm.atInit).length}`, () => {
  const s = convexityProbe.state;
  const data: PlotlyData[] = [];
  const radii = s.rays?.radii ?? [0, 1.5];
  const rMax = radii[radii.length - 1];
  const values: number[] = [];
  if (s.rays && s.rays.rays.length) {
    const { rays, band } = s.rays;
    values.push(...band.lower, ...band.upper);
    data.push(
      { type: 'scatter', mode: 'lines', name: 'lowest λ_min over the rays', x: radii, y: band.lower, line: { color: '#6b7785', width: 1 }, showlegend: false },
      {
        type: 'scatter', mode: 'lines', name: `λ_min, band over ${rays.length} rays`, x: radii, y: band.upper,
        fill: 'tonexty', fillcolor: 'rgba(107,119,133,0.25)', line: { color: '#6b7785', width: 1 },
      },
      ...rays.map((ray, i): PlotlyData => ({
        type: 'scatter', mode: 'lines', name: `ray ${i + 1}`, x: ray.curve.map(([r]) => r), y: ray.curve.map(([, l]) => l),
        line: { color: 'rgba(60,70,80,0.45)', width: 1 }, showlegend: false, hovertemplate: `ray ${i + 1}: r %{x:.3f}, λ_min %{y:.3g}<extra></extra>`,
      })),
    );
  }
  if (s.star) values.push(s.star.lambdaMin);
  const inits = s.arms.filter((arm) => arm.atInit);
  values.push(...inits.map((arm) => arm.atInit!.lambdaMin));
  // The sign change is the story: show down to 4× the largest λ_min below zero, mark what lies further down.
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const lo = Math.max(bottom, -4 * top) - 0.08 * (top || 1);
  const hi = top + 0.12 * (top - Math.max(bottom, -4 * top) || 1);
  const radius = s.rays?.band.radius ?? null;
  if (radius !== null) {
    data.push({ type: 'scatter', mode: 'lines', name: `radius ≈ ${fmt(radius)} (first λ_min ≤ 0)`, x: [radius, radius], y: [lo, hi], line: { color: '#2a6f2a', width: 2, dash: 'dash' } });
  }
  if (s.star) {
    data.push({ type: 'scatter', mode: 'markers', name: 'W*', x: [0], y: [s.star.lambdaMin], marker: { symbol: 'star', size: 13, color: '#1b1f24' } });
  }
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [zeroLine];
  for (const arm of inits) {
    const color = ARM_COLORS[arm.name];
    const label = ARM_LABELS[arm.name];
    const x = arm.initDistance;
    const y = arm.atInit!.lambdaMin;
    data.push({
      type: 'scatter', mode: 'markers', name: `init: ${label}`, x: [x], y: [y],
      marker: { symbol: 'diamond', size: 11, color, line: { color: '#fff', width: 1 } },
      hovertemplate: `${label}<br>r = %{x:.3f}, λ_min(W₀) = %{y:.3g}<extra></extra>`,
    });
    shapes.push({ type: 'line', yref: 'paper', x0: Math.min(x, rMax), x1: Math.min(x, rMax), y0: 0, y1: 1, line: { color, width: 1, dash: 'dot' } });
    if (y < lo || x > rMax) annotations.push(edgeNote(Math.min(x, rMax), Math.max(y, lo), `${x > rMax ? `r ${fmt(x)}, ` : ''}λ_min ${fmt(y)}`, color, annotations.length));
  }
  const layout: PlotlyLayout = {
    margin: MARGIN,
    xaxis: { title: { text: 'r = ‖W − W*‖_F / ‖W*‖_F', standoff: 4 }, range: [-0.02 * rMax, 1.03 * rMax], zeroline: false },
    yaxis: { title: { text: 'λ_min(∇²f)' }, range: [lo, hi], zeroline: false },
    legend: LEGEND,
    shapes,
    annotations,
  };
  return { data, layout, revision: convexityProbe.revision };
});

const alongPlot = probeSource(() => `${runKey()}|${convexityProbe.state.arms.map((arm) => `${arm.now?.iteration}:${arm.along.x.length}`).join()}`, () => {
  const s = convexityProbe.state;
  const data: PlotlyData[] = s.arms.map((arm): PlotlyData => ({
    type: 'scatter', mode: 'lines+markers', name: ARM_LABELS[arm.name], x: arm.along.x, y: arm.along.y,
    line: { color: ARM_COLORS[arm.name], width: 2 }, marker: { size: 4 },
  }));
  const last = Math.max(1, ...s.arms.map((arm) => arm.along.x[arm.along.x.length - 1] ?? 0));
  if (s.star) {
    data.push({ type: 'scatter', mode: 'lines', name: 'λ_min(∇²f(W*))', x: [0, last], y: [s.star.lambdaMin, s.star.lambdaMin], line: { color: '#1b1f24', width: 1, dash: 'dash' } });
  }
  for (const arm of s.arms) {
    if (arm.entered === null || arm.entered <= 0) continue;
    data.push({
      type: 'scatter', mode: 'markers', name: `${ARM_LABELS[arm.name]} enters (λ_min > 0)`, x: [arm.entered], y: [0],
      marker: { symbol: 'triangle-up', size: 12, color: ARM_COLORS[arm.name], line: { color: '#1b1f24', width: 1 } },
      hovertemplate: `λ_min turns positive near iteration %{x:.0f}<extra></extra>`,
    });
  }
  const layout: PlotlyLayout = {
    margin: MARGIN,
    xaxis: { title: { text: 'iteration', standoff: 4 } },
    yaxis: { title: { text: 'λ_min(∇²f(W_t))' }, zeroline: false },
    legend: LEGEND,
    shapes: [zeroLine],
  };
  return { data, layout, revision: convexityProbe.revision };
});

/** Loss spans decades and is ~0 at W*: contours of log10, floored a millionth below the largest value. */
function logLoss(loss: number[][]): number[][] {
  const max = Math.max(...loss.flat().filter(Number.isFinite));
  const floor = max > 0 ? 1e-6 * max : 1e-12;
  return loss.map((row) => row.map((x) => (Number.isFinite(x) ? Math.log10(Math.max(x, floor)) : NaN)));
}

const landscapePlot: PlotSource = {
  subscribe: (listener) => {
    const frames = throttled(listener, FRAME_REDRAW_MS);
    const offResults = onResults(() => `${runKey()}|${convexityProbe.state.landscape?.resolution}`, listener);
    const offFrames = convexityProbe.subscribeFrames(frames.call);
    return () => {
      frames.cancel();
      offResults();
      offFrames();
    };
  },
  figure: () => {
    const s = convexityProbe.state;
    const data: PlotlyData[] = [];
    const slice = s.landscape;
    if (slice) {
      data.push({
        type: 'contour', name: 'log₁₀ loss', x: slice.a, y: slice.b, z: logLoss(slice.loss), ncontours: 22,
        colorscale: 'Viridis', contours: { coloring: 'heatmap' }, line: { width: 0.5, color: 'rgba(255,255,255,0.5)' },
        colorbar: { title: { text: 'log₁₀ loss', side: 'right' }, thickness: 12 },
        hovertemplate: 'a %{x:.3f}, b %{y:.3f}<br>log₁₀ loss %{z:.2f}<extra></extra>',
      });
    }
    const plane = s.plane;
    plane?.arms.forEach((a, p) => {
      const arm = s.arms[a];
      const path = plane.paths[p];
      const color = ARM_COLORS[arm.name];
      data.push(
        { type: 'scatter', mode: 'lines', name: `${ARM_LABELS[arm.name]} (path)`, x: path.x, y: path.y, line: { color, width: 2.5 } },
        { type: 'scatter', mode: 'markers', name: `${ARM_LABELS[arm.name]} W₀`, x: path.x.slice(0, 1), y: path.y.slice(0, 1), marker: { symbol: 'diamond', size: 11, color, line: { color: '#fff', width: 1 } }, showlegend: false },
      );
    });
    data.push({ type: 'scatter', mode: 'markers', name: 'W*', x: [0], y: [0], marker: { symbol: 'star', size: 14, color: '#fff', line: { color: '#1b1f24', width: 1.5 } } });
    const toward = (p: number) => (plane && plane.arms[p] !== undefined ? `toward ${ARM_LABELS[s.arms[plane.arms[p]].name]} W₀` : 'a random direction');
    const range = slice ? [-slice.extent, slice.extent] : undefined;
    const layout: PlotlyLayout = {
      margin: { l: 60, r: 10, t: 10, b: 80 },
      xaxis: { title: { text: `a: ${toward(0)} (×‖W*‖)`, standoff: 4 }, range, constrain: 'domain' },
      yaxis: { title: { text: `b: ${toward(1)}, orth.` }, range, scaleanchor: 'x', constrain: 'domain' },
      legend: LEGEND,
    };
    return { data, layout, revision: convexityProbe.revision + convexityProbe.frameRevision };
  },
};

/** The overlap map of arm `armIndex` in the latest frame, redrawn as frames come (no tensor work). */
export function overlapPlot(armIndex: number): PlotSource {
  let revision = 0;
  return {
    subscribe: (listener) => {
      const frames = throttled(() => {
        revision++;
        listener();
      }, FRAME_REDRAW_MS);
      const off = controller.onFrame(frames.call);
      return () => {
        frames.cancel();
        off();
      };
    },
    figure: () => {
      const view = controller.view();
      const arm = view?.latest?.arms[armIndex];
      const data: PlotlyData[] = [];
      if (view && arm) {
        const { d, k, teacherW } = view.run;
        const z = unitCosines(arm.W, teacherW, d, k, arm.match.perm).map((row) => row.map((c) => (Number.isFinite(c) ? c : null)));
        const order = arm.match.perm.length === k ? arm.match.perm : Array.from({ length: k }, (_, l) => l);
        data.push({
          type: 'heatmap', name: `${ARM_LABELS[arm.name]}: cos(w*_j, w_s)`, z,
          x: order.map((s) => `w${s + 1}`), y: Array.from({ length: k }, (_, j) => `w*${j + 1}`),
          zmin: -1, zmax: 1, colorscale: 'RdBu', reversescale: true,
          colorbar: { title: { text: 'cos', side: 'right' }, thickness: 12 },
          ...(k <= 8 ? { texttemplate: '%{z:.2f}', textfont: { size: 11 } } : {}),
          hovertemplate: 'teacher %{y}, student %{x}: cos %{z:.3f}<extra></extra>',
        });
      }
      const layout: PlotlyLayout = {
        margin: { l: 60, r: 10, t: 10, b: 60 },
        xaxis: { title: { text: 'student unit (matched order)', standoff: 4 }, type: 'category' },
        yaxis: { title: { text: 'teacher unit' }, type: 'category', autorange: 'reversed' },
      };
      return { data, layout, revision };
    },
  };
}

/**
 * Passes a source's changes on only while its plot (the element `id`) is on screen, and once more when it comes
 * back into view: the explorer sits below the fold, and off-screen redraws would only take time from training.
 */
export function whileVisible(id: string, source: PlotSource): PlotSource {
  return {
    figure: source.figure,
    subscribe: (listener) => {
      let visible = true;
      let missed = false;
      const observer = new IntersectionObserver((entries) => {
        visible = entries[entries.length - 1].isIntersecting;
        if (visible && missed) {
          missed = false;
          listener();
        }
      });
      const element = document.getElementById(id);
      if (element) observer.observe(element);
      const off = source.subscribe(() => {
        if (visible) listener();
        else missed = true;
      });
      return () => {
        observer.disconnect();
        off();
      };
    },
  };
}

export const convexityPlots = {
  radius: whileVisible('cvx-radius-plot', radiusPlot),
  along: whileVisible('cvx-along-plot', alongPlot),
  landscape: whileVisible('cvx-landscape-plot', landscapePlot),
};

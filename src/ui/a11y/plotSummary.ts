// A plot's figures as one sentence, for screen readers: the latest point of every line the legend names, the
// bars, the range of a heatmap or contour. Built from the very traces the plot draws, at each redraw.
import type { PlotlyData, PlotlyLayout } from 'plotly.js-cartesian-dist-min';

interface Trace {
  type?: string;
  name?: string;
  showlegend?: boolean;
  x?: ArrayLike<number | string | null>;
  y?: ArrayLike<number | null>;
  z?: ArrayLike<ArrayLike<number | null>>;
}

/** A number as the plots' readouts write it: 3 significant digits, exponent form when small or large. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return x.toLocaleString('en-US');
  return Math.abs(x) >= 1e-2 && Math.abs(x) < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function lastPoint(t: Trace, xTitle: string): string | null {
  const ys = Array.from(t.y ?? []);
  for (let i = ys.length - 1; i >= 0; i--) {
    const y = ys[i];
    if (!finite(y)) continue;
    const x = t.x?.[i];
    return `${t.name} ${formatNumber(y)}${finite(x) ? ` at ${xTitle} ${formatNumber(x)}` : ''}`;
  }
  return null;
}

function bars(t: Trace): string | null {
  const ys = Array.from(t.y ?? []);
  const shown = ys.map((y, i) => (finite(y) ? `${t.x?.[i] ?? i + 1}: ${formatNumber(y)}` : null)).filter((s) => s !== null);
  return shown.length ? `${t.name}: ${shown.join(', ')}` : null;
}

function range(t: Trace): string | null {
  const values = Array.from(t.z ?? [], (row) => Array.from(row)).flat().filter(finite);
  if (!values.length) return null;
  const name = t.name ? `${t.name} ` : '';
  return `${name}from ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}`;
}

function axisTitle(layout: PlotlyLayout, axis: 'xaxis' | 'yaxis'): string {
  const title = (layout as Record<string, { title?: { text?: string } } | undefined>)[axis]?.title?.text;
  return title ?? (axis === 'xaxis' ? 'x' : 'y');
}

export function summarizeFigure(data: PlotlyData[], layout: PlotlyLayout): string {
  const xTitle = axisTitle(layout, 'xaxis');
  const parts = (data as Trace[])
    .filter((t) => t.showlegend !== false)
    .map((t) => {
      if (t.type === 'heatmap' || t.type === 'contour') return range(t);
      if (t.type === 'bar') return bars(t);
      return t.name ? lastPoint(t, xTitle) : null;
    })
    .filter((s) => s !== null);
  if (!parts.length) return 'No data yet.';
  return `${axisTitle(layout, 'yaxis')}: ${parts.join('; ')}.`;
}

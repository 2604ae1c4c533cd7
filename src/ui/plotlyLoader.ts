// Plotly is large: it loads lazily, once, after the first paint; plots say 'Loading plot…' until then.
import type { PlotlyStatic } from 'plotly.js-cartesian-dist-min';

let loading: Promise<PlotlyStatic> | null = null;

export function loadPlotly(): Promise<PlotlyStatic> {
  loading ??= import('plotly.js-cartesian-dist-min').then((m) => m.default);
  return loading;
}

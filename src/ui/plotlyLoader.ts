// Plotly is large: it loads lazily, once, after the first paint; plots say 'Loading plot…' until then. A failed load
// is forgotten, so Retry asks again (a browser may still answer from its own cache of the failure: then only a
// reload helps, and the plot offers one).
import type { PlotlyStatic } from 'plotly.js-cartesian-dist-min';

let loading: Promise<PlotlyStatic> | null = null;

export function loadPlotly(): Promise<PlotlyStatic> {
  loading ??= import('plotly.js-cartesian-dist-min').then(
    (m) => m.default,
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

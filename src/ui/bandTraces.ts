// The traces of a band (many seeds): each arm's 10–90% band as a fill between its two edges, and its median.
import type { PlotlyData } from 'plotly.js-cartesian-dist-min';
import type { SpreadTraces } from '../engine/series';
import { decimateToColumns } from './plotDecimation';

/** `#rrggbb` with an alpha, for the band's fill. */
function translucent(hex: string, alpha = 0.18): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Names the traces carry: the e2e suite and the legend find a band by them. */
export const bandNames = (label: string, seeds: number) => ({
  median: `${label} (median of ${seeds} seeds)`,
  lo: `${label}: 10%`,
  hi: `${label}: 10–90% of ${seeds} seeds`,
});

/** The lower edge, then the upper one filled down to it ('tonexty' fills to the trace before), then the median. */
export function spreadTraces(
  label: string, color: string, traces: SpreadTraces, seeds: number, options: { band?: boolean; dash?: string; columns: number },
): PlotlyData[] {
  const names = bandNames(label, seeds);
  const points = (t: SpreadTraces['median']) => decimateToColumns(t.x, t.y, options.columns);
  const median: PlotlyData = {
    type: 'scatter', mode: 'lines', name: names.median, ...points(traces.median), legendgroup: label,
    line: { color, width: options.dash ? 1.5 : 2, dash: options.dash },
  };
  if (options.band === false) return [median];
  return [
    {
      type: 'scatter', mode: 'lines', name: names.lo, ...points(traces.lo), legendgroup: label, showlegend: false,
      line: { color, width: 0 },
    },
    {
      type: 'scatter', mode: 'lines', name: names.hi, ...points(traces.hi), legendgroup: label,
      fill: 'tonexty', fillcolor: translucent(color), line: { color, width: 0 },
    },
    median,
  ];
}

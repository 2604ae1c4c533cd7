// The map as a plotly heatmap: one cell per (x, y) on category axes (so geometric ranges get equal cells),
// colour = success rate or log10 of the mean initialization error, the number written in the cell, and every
// figure of the cell in its tooltip.
import type { PlotlyData, PlotlyLayout } from 'plotly.js-cartesian-dist-min';
import { ARM_LABELS } from '../../core/arms';
import { axisValues, INIT_LABELS, SUCCESS_ERROR, type CellResult, type MapAxis, type MapSpec } from '../../core/recoveryMap';
import { SETTINGS } from '../../core/settings';
import type { MapSettings } from '../../state/mapSettings';

export const AXIS_TITLES: Record<MapAxis, string> = {
  n: 'samples n', d: 'input dimension d', k: 'hidden units k', kappa: 'condition number κ',
};

export const formatError = (x: number | null) => (x === null ? '—' : Number.isFinite(x) ? x.toExponential(1) : '∞');
export const formatRate = (x: number | null) => (x === null ? '—' : `${Math.round(100 * x)}%`);

/** What a cell shows, as a number (the colour) and as text; null where it has none. */
export function cellValue(cell: CellResult, show: MapSettings['show']): number | null {
  return show === 'success' ? cell.successRate : cell.meanInitError;
}

function hover(spec: MapSpec, cell: CellResult): string {
  const { x, y } = spec.grid;
  const head = `${x.key} = ${cell.x}, ${y.key} = ${cell.y}`;
  if (cell.reason) return `${head}<br>no numbers: ${cell.reason}`;
  const done = cell.trials.filter((t) => t.result);
  const recovered = done.filter((t) => t.result!.outcome === 'recovered').length;
  const diverged = done.filter((t) => t.result!.outcome === 'diverged').length;
  const lines = [
    head,
    `recovered ${recovered} of ${done.length} trials (${formatRate(cell.successRate)})${diverged ? `, ${diverged} diverged` : ''}`,
    `mean init error ${formatError(cell.meanInitError)} (max unit), ${formatError(cell.meanInitErrorFro)} (Frobenius)`,
    `init output signs right: ${formatRate(cell.initSignsRight)}`,
  ];
  if (spec.iters > 0) {
    lines.push(`mean error where stopped ${formatError(cell.meanFinalError)}`);
    if (cell.meanItersToSuccess !== null) lines.push(`mean steps to ≤ ${SUCCESS_ERROR}: ${Math.round(cell.meanItersToSuccess)}`);
  }
  if (done.length < cell.trials.length) lines.push(`${cell.trials.length - done.length} trials had no initialization`);
  const first = cell.trials[0];
  if (first.result) {
    const r = first.result;
    const how = r.outcome === 'budget' ? `not recovered in ${r.iterations} steps` : `${r.outcome} at step ${r.iterations}`;
    lines.push(`trial 1 (seed ${first.seed}): init error ${r.initError.toExponential(4)} (Frobenius ${r.initErrorFro.toExponential(4)}), ${how}`);
  }
  lines.push(`${cell.seconds.toFixed(1)} s · click: open trial 1 (seed ${cell.trials[0].seed})`);
  return lines.join('<br>');
}

const SUCCESS_SCALE = [[0, '#c0392b'], [0.5, '#f4d03f'], [1, '#1e8449']];

export function mapFigure(spec: MapSpec, cells: (CellResult | null)[], show: MapSettings['show']): { data: PlotlyData[]; layout: PlotlyLayout } {
  const xs = axisValues(spec.grid.x);
  const ys = axisValues(spec.grid.y);
  const z = ys.map(() => xs.map((): number | null => null));
  const text = ys.map(() => xs.map(() => ''));
  const hovertext = ys.map((y) => xs.map((x) => `${spec.grid.x.key} = ${x}, ${spec.grid.y.key} = ${y}<br>not computed yet`));
  cells.forEach((cell, i) => {
    if (!cell) return;
    const [row, col] = [Math.floor(i / xs.length), i % xs.length];
    const value = cellValue(cell, show);
    z[row][col] = value === null ? null : show === 'success' ? value : Math.log10(value);
    text[row][col] = cell.reason ? '×' : show === 'success' ? formatRate(value) : formatError(value);
    hovertext[row][col] = hover(spec, cell);
  });
  const logs = z.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const [lo, hi] = logs.length ? [Math.floor(Math.min(...logs)), Math.ceil(Math.max(...logs))] : [-2, 0];
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const colorbar = show === 'success'
    ? { title: { text: 'success' }, tickvals: [0, 0.25, 0.5, 0.75, 1], ticktext: ['0%', '25%', '50%', '75%', '100%'] }
    : { title: { text: 'init error' }, tickvals: ticks, ticktext: ticks.map((t) => `1e${t}`) };
  const trace: PlotlyData = {
    type: 'heatmap',
    name: show === 'success' ? 'success rate' : 'mean init error',
    x: xs.map(String),
    y: ys.map(String),
    z,
    text,
    texttemplate: '%{text}',
    hovertext,
    hoverinfo: 'text',
    colorscale: show === 'success' ? SUCCESS_SCALE : 'YlOrRd',
    // plotly's YlOrRd runs dark to light: reversed, a large error is the dark red one.
    reversescale: show === 'error',
    zmin: show === 'success' ? 0 : lo,
    zmax: show === 'success' ? 1 : hi,
    xgap: 2,
    ygap: 2,
    colorbar,
  };
  const armLabel = spec.init === 'tensor' ? INIT_LABELS.tensor : ARM_LABELS.random;
  const layout: PlotlyLayout = {
    margin: { l: 70, r: 10, t: 30, b: 60 },
    title: {
      text: `${show === 'success' ? 'Success rate' : 'Mean initialization error'} · ${armLabel}, ${spec.trials} trials a cell, ${spec.iters === 0 ? 'initialization only' : `${spec.iters} steps`}`,
      font: { size: 13 },
    },
    xaxis: { title: { text: AXIS_TITLES[spec.grid.x.key] }, type: 'category' },
    yaxis: { title: { text: AXIS_TITLES[spec.grid.y.key] }, type: 'category' },
  };
  return { data: [trace], layout };
}

/** Axis values as the plot's categories hold them, back to numbers. */
export function categoryValue(key: MapAxis, category: string | number): number {
  const v = Number(category);
  return SETTINGS[key].kind === 'int' ? Math.round(v) : v;
}

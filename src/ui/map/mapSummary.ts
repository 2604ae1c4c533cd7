// The map in words, for the text beside it and the live region: how many cells are done, and the best and
// worst of them in what the cells show (success rate, or mean initialization error: lower is better).
import type { CellResult, MapSpec } from '../../core/recoveryMap';
import type { MapSettings } from '../../state/mapSettings';
import { cellValue, formatError, formatRate } from './mapFigure';

export function mapSummary(spec: MapSpec, cells: (CellResult | null)[], show: MapSettings['show']): string {
  const done = cells.filter((c): c is CellResult => c !== null);
  const head = `${done.length} of ${cells.length} cells done.`;
  const valued = done.filter((c) => cellValue(c, show) !== null);
  if (!valued.length) return head;
  // Best first: the highest success rate, or the lowest error.
  const sign = show === 'success' ? -1 : 1;
  const sorted = [...valued].sort((a, b) => sign * (cellValue(a, show)! - cellValue(b, show)!));
  const { x, y } = spec.grid;
  const describe = (c: CellResult) =>
    `${show === 'success' ? formatRate(c.successRate) : formatError(c.meanInitError)} at ${x.key} = ${c.x}, ${y.key} = ${c.y}`;
  const what = show === 'success' ? 'success rate' : 'mean initialization error';
  return `${head} Best ${what}: ${describe(sorted[0])}; worst: ${describe(sorted[sorted.length - 1])}.`;
}

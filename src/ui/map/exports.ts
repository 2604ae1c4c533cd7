// The map's exports: its numbers as CSV (the same table the CLI writes), its picture as PNG.
import { mapCsv, type CellResult, type MapSpec } from '../../core/recoveryMap';
import { download, downloadText } from '../download';
import { loadPlotly } from '../plotlyLoader';

/** A file name that says which map it is: recovery-map_n-1000-16000_d-5-20. */
export function mapFileName(spec: MapSpec): string {
  const axis = (r: MapSpec['grid']['x']) => `${r.key}-${r.from}-${r.to}`;
  return `recovery-map_${axis(spec.grid.x)}_${axis(spec.grid.y)}`;
}

export function downloadCsv(spec: MapSpec, cells: CellResult[]): void {
  downloadText(mapCsv(spec.grid, cells), `${mapFileName(spec)}.csv`, 'text/csv');
}

export async function downloadPng(plotId: string, spec: MapSpec): Promise<void> {
  const root = document.getElementById(plotId);
  if (!root) return;
  const Plotly = await loadPlotly();
  download(await Plotly.toImage(root, { format: 'png', width: 960, height: 600 }), `${mapFileName(spec)}.png`);
}

// The map's exports: its numbers as CSV (the same table the CLI writes), its picture as PNG.
import { mapCsv, type CellResult, type MapSpec } from '../../core/recoveryMap';
import { loadPlotly } from '../plotlyLoader';

function download(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** A file name that says which map it is: recovery-map_n-1000-16000_d-5-20. */
export function mapFileName(spec: MapSpec): string {
  const axis = (r: MapSpec['grid']['x']) => `${r.key}-${r.from}-${r.to}`;
  return `recovery-map_${axis(spec.grid.x)}_${axis(spec.grid.y)}`;
}

export function downloadCsv(spec: MapSpec, cells: CellResult[]): void {
  const url = URL.createObjectURL(new Blob([mapCsv(spec.grid, cells)], { type: 'text/csv' }));
  download(url, `${mapFileName(spec)}.csv`);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function downloadPng(plotId: string, spec: MapSpec): Promise<void> {
  const root = document.getElementById(plotId);
  if (!root) return;
  const Plotly = await loadPlotly();
  download(await Plotly.toImage(root, { format: 'png', width: 960, height: 600 }), `${mapFileName(spec)}.png`);
}

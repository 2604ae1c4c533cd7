// The map's files: its numbers as CSV and its picture as PNG, its link, and "Open map" for a map file (the CLI's
// --json, or the join of its shards).
import { useState } from 'react';
import type { CellResult } from '../../core/recoveryMap';
import { FileOpenButton } from '../FileOpenButton';
import { ShareButton } from '../StatusBar';
import { downloadCsv, downloadPng } from './exports';
import { mapShareUrl } from './mapUrl';
import { useMapStore } from './mapStore';
import { openMapFile } from './openMap';

export function MapExports({ plotId, cells }: { plotId: string; cells: CellResult[] }) {
  const spec = useMapStore((s) => s.run.spec);
  const [openError, setOpenError] = useState<string | null>(null);
  return (
    <>
      <div className="buttons map-exports" role="group" aria-label="export">
        <button type="button" disabled={!spec || !cells.length} onClick={() => spec && downloadCsv(spec, cells)}>Export CSV</button>
        <button type="button" disabled={!spec || !cells.length} onClick={() => spec && void downloadPng(plotId, spec)}>Export PNG</button>
        <ShareButton label="Share map link" url={mapShareUrl} />
        <FileOpenButton label="Open map…" what="map file to open" testId="open-map-input" onFile={(file) => file && void openMapFile(file).then(setOpenError)} />
      </div>
      {openError && (
        <div role="alert" className="error" data-testid="open-map-error">
          <p>{openError}</p>
          <p>Choose another file (the CLI's --json of a map, or npm run recover -- --merge of its shards).</p>
          <button type="button" onClick={() => setOpenError(null)}>Dismiss</button>
        </div>
      )}
    </>
  );
}

// The map's files: its numbers as CSV and its picture as PNG, its link, and "Open map" for a map file (the CLI's
// --json, or the join of its shards).
import { useRef, useState } from 'react';
import type { CellResult } from '../../core/recoveryMap';
import { ShareButton } from '../StatusBar';
import { downloadCsv, downloadPng } from './exports';
import { mapShareUrl } from './mapUrl';
import { useMapStore } from './mapStore';
import { openMapFile } from './openMap';

export function MapExports({ plotId, cells }: { plotId: string; cells: CellResult[] }) {
  const spec = useMapStore((s) => s.run.spec);
  const input = useRef<HTMLInputElement>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  return (
    <>
      <div className="buttons map-exports" role="group" aria-label="export">
        <button type="button" disabled={!spec || !cells.length} onClick={() => spec && downloadCsv(spec, cells)}>Export CSV</button>
        <button type="button" disabled={!spec || !cells.length} onClick={() => spec && void downloadPng(plotId, spec)}>Export PNG</button>
        <ShareButton label="Share map link" url={mapShareUrl} />
        <button type="button" onClick={() => input.current?.click()}>Open map…</button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="map file to open"
          data-testid="open-map-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void openMapFile(file).then(setOpenError);
          }}
        />
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

// "Open map": a map file (the CLI's --json in map mode, or the join of its shards by --merge) shown in the map
// view as if computed here; its cells open in the live view like computed ones. Outside input: bounded, total.
import { clip } from '../../core/clip';
import { MAX_DOCUMENT_BYTES } from '../../core/jsonDocument';
import { readMapFile } from '../../core/mapFile';
import { cancelMap } from './mapRunner';
import { useMapStore } from './mapStore';

/** Reads a chosen map file into the map view; returns the message to show when it cannot. Never throws. */
export async function openMapFile(file: File): Promise<string | null> {
  if (file.size > MAX_DOCUMENT_BYTES) return `${clip(file.name)} is ${(file.size / 2 ** 20).toFixed(0)} MB: more than the ${MAX_DOCUMENT_BYTES / 2 ** 20} MB a map file may have.`;
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    return `${clip(file.name)} could not be read (${clip(err instanceof Error ? err.message : String(err), 120)}).`;
  }
  const read = readMapFile(text);
  if (!read.ok) return `${clip(file.name)}: ${read.message}`;
  const { file: doc, base, spec, cells } = read.value;
  cancelMap();
  const store = useMapStore.getState();
  store.setAll({ ...store.settings, map: spec.grid, trials: spec.trials, init: spec.init, iters: spec.iters });
  const provenance = `made by the ${doc.app.writer === 'cli' ? 'command line' : 'app'} of Recovery Lab ${clip(doc.app.version, 20)} on ${clip(doc.backend, 60)} in ${doc.seconds.toFixed(0)} s`;
  store.setRun({ status: 'done', base, spec, cells, progress: null, error: null, opened: { name: clip(file.name), notes: read.notes, provenance } });
  return null;
}

// `npm run recover -- --merge shard-0.json shard-1.json … [--json]`: joins the slices of a map that `--shard i/N`
// ran (on a Slurm array, a Kubernetes Indexed Job) into the one map file the app's "Open map" reads.
import { readFileSync, statSync } from 'node:fs';
import { clip } from '../core/clip';
import { MAX_DOCUMENT_BYTES } from '../core/jsonDocument';
import { mergeMapFiles, openMapFile, readMapDocument, type MapFile } from '../core/mapFile';
import { ArgumentError } from './args';
import { mapText } from './map';
import type { CliReport } from './run';

function readShard(path: string): { file: MapFile; notes: string[] } {
  let text: string;
  try {
    if (statSync(path).size > MAX_DOCUMENT_BYTES) throw new ArgumentError(`${clip(path)} is larger than ${MAX_DOCUMENT_BYTES / 2 ** 20} MB: not a map shard.`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ArgumentError) throw err;
    throw new ArgumentError(`cannot read ${clip(path)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const read = readMapDocument(text);
  if (!read.ok) throw new ArgumentError(`${clip(path)}: ${read.message}`);
  const opened = openMapFile(read.value);
  if (!opened.ok) throw new ArgumentError(`${clip(path)}: ${opened.message}`);
  // What reading it changed (npm's banner lines skipped): said, not lost in the join. What opening a shard alone
  // says ("join the shards with --merge") is what this is doing.
  return { file: read.value, notes: read.notes.map((note) => `${clip(path)}: ${note}`) };
}

/** Throws ArgumentError (exit 2) when a file cannot be read or the files are not the slices of one map. */
export function mergeCli(paths: string[]): CliReport {
  const shards = paths.map((path) => ({ name: clip(path), ...readShard(path) }));
  const merged = mergeMapFiles(shards.map(({ name, file }) => ({ name, file })));
  if (!merged.ok) throw new ArgumentError(merged.message);
  const opened = openMapFile(merged.file);
  if (!opened.ok) throw new ArgumentError(opened.message);
  const { base, spec, cells } = opened.value;
  const text = mapText(base, spec, cells.filter((c) => c !== null), merged.file.backend, merged.file.seconds, null);
  return { ok: true, text: `merged ${paths.length} shards\n${text}`, json: merged.file, notes: shards.flatMap((shard) => shard.notes) };
}

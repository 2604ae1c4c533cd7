// Reading a saved document (a run file, a map file) is reading outside input: bounded before parsing, total (a
// message, never an exception), and explicit about which kind and version of document it wants.
import { z } from 'zod';
import { version as APP_VERSION } from '../../package.json';
import { clip } from './clip';

export { APP_VERSION };

/** Larger files are refused before they are parsed (a 10⁶-step run of five arms is about 60 MB written whole). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export type ReadResult<T> = { ok: true; value: T; notes: string[] } | { ok: false; message: string };

/** Who wrote a document: the app or the CLI, and which version of Recovery Lab. */
export const writerSchema = z.object({
  name: z.literal('recovery-lab'),
  version: z.string().max(100),
  writer: z.enum(['app', 'cli']),
});
export type Writer = z.infer<typeof writerSchema>;

export const writer = (who: Writer['writer']): Writer => ({ name: 'recovery-lab', version: APP_VERSION, writer: who });

const KIND_WORDS: Record<string, string> = {
  'recovery-lab/run': 'a run file (open it with “Open run” in the live view)',
  'recovery-lab/map': 'a recovery map file (open it with “Open map” in the Recovery map view)',
};

const header = z.object({ kind: z.string().max(200), version: z.unknown() }).loose();

/** The first problem zod found, as "path: message". */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length ? issue.path.join('.') : 'the document';
  return `${clip(path)}: ${clip(issue.message, 200)}`;
}

/** `npm run recover -- … --json > file` without `-s` starts the file with npm's "> package script" lines. */
const NPM_BANNER = /^(?:[ \t]*(?:>[^\n]*)?\r?\n){1,8}(?=[ \t]*\{)/;

/** The text with npm's banner lines taken off its top, and a note saying so; any other text unchanged. */
function withoutNpmBanner(text: string): { body: string; notes: string[] } {
  const banner = NPM_BANNER.exec(text.slice(0, 4096));
  if (!banner || !banner[0].includes('>')) return { body: text, notes: [] };
  return {
    body: text.slice(banner[0].length),
    notes: ['The file began with npm\'s own "> recovery-lab …" lines (written by `npm run` without -s); they were skipped.'],
  };
}

/**
 * `text` as a document of `kind` at `version`, checked by `schema`. Every failure (too large, not JSON, another
 * kind, another version, a field that does not fit) is a message saying what was found.
 */
export function readDocument<T>(text: string, kind: string, version: number, schema: z.ZodType<T>): ReadResult<T> {
  const what = KIND_WORDS[kind] ?? kind;
  if (text.length > MAX_DOCUMENT_BYTES) {
    return { ok: false, message: `The file is ${(text.length / 2 ** 20).toFixed(0)} MB: more than the ${MAX_DOCUMENT_BYTES / 2 ** 20} MB a saved document may have.` };
  }
  // A byte-order mark (some editors and Windows tools write one) is not part of the document.
  const { body, notes } = withoutNpmBanner(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    return { ok: false, message: `The file is not JSON (${clip(err instanceof Error ? err.message : String(err), 120)}); expected ${what}.` };
  }
  const head = header.safeParse(json);
  if (!head.success) return { ok: false, message: `The file is JSON but not a Recovery Lab document (it has no "kind"); expected ${what}.` };
  if (head.data.kind !== kind) {
    const found = KIND_WORDS[head.data.kind] ?? `a document of kind “${clip(head.data.kind)}”`;
    return { ok: false, message: `This is ${found}, not ${what}.` };
  }
  if (head.data.version !== version) {
    return {
      ok: false,
      message: `This file has version ${clip(String(JSON.stringify(head.data.version) ?? head.data.version))} of its format; this Recovery Lab (${APP_VERSION}) reads version ${version}.`,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `This ${what.split(' (')[0].replace(/^an? /, '')} does not fit its format (version ${version}): ${firstIssue(parsed.error)}.` };
  return { ok: true, value: parsed.data, notes };
}

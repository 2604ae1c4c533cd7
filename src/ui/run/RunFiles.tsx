// Run files in the live view: Download run (JSON, and CSV of the curves), Open run (a file chooser, or a file
// dropped here) and, while a saved run is replayed, where it came from with Re-run and Back to live.
import { useState, useSyncExternalStore, type DragEvent } from 'react';
import { clip } from '../../core/clip';
import { FileOpenButton } from '../FileOpenButton';
import { series } from '../../engine/series';
import { backToLive, openRunFile, rerun } from './replay';
import { currentRunFile, downloadRun, downloadRunCsv } from './runFileWriter';

const subscribe = (listener: () => void) => series.subscribe(() => listener());
const useReplay = () => useSyncExternalStore(subscribe, () => series.replay);

type Message = { kind: 'error' | 'info'; lines: string[] };

/** A link only to the app itself (http(s) or a query string): the file's URL is outside input. */
function SourceLink({ url }: { url: string }) {
  if (/^(https?:\/\/|\?)/.test(url)) return <a href={url} data-testid="replay-link">{clip(url, 120)}</a>;
  return <code>{clip(url, 120)}</code>;
}

function ReplayBanner() {
  const replay = useReplay();
  if (!replay) return null;
  const { file, name } = replay;
  const who = file.app.writer === 'cli' ? 'the command line' : 'the app';
  const when = file.createdAt ? ` on ${clip(file.createdAt, 40)}` : '';
  return (
    <div className="info replay" role="status" data-testid="replay-banner">
      <p>
        <strong>Replay of {clip(name)}</strong>: saved by {who} of Recovery Lab {clip(file.app.version, 20)}{when}, backend {clip(file.backend, 40)},
        float{file.precision}, seed{file.seeds.length > 1 ? 's' : ''} {clip(file.seeds.join(', '), 60)}, {file.iterations.toLocaleString('en-US')} iterations.
        The plots and readouts show the file; nothing is computed. Link: <SourceLink url={file.url} />
      </p>
      <div className="buttons">
        <button type="button" onClick={rerun}>Re-run</button>
        <button type="button" onClick={backToLive}>Back to live</button>
      </div>
    </div>
  );
}

export function RunFiles() {
  const [message, setMessage] = useState<Message | null>(null);
  const [dragging, setDragging] = useState(false);
  const save = (how: 'json' | 'csv') => {
    const file = currentRunFile();
    if (!file) return setMessage({ kind: 'info', lines: ['Nothing to save yet: the run has not drawn its first point.'] });
    setMessage(null);
    if (how === 'json') downloadRun(file);
    else downloadRunCsv(file);
  };
  const open = async (file: File | undefined) => {
    if (!file) return;
    const result = await openRunFile(file);
    if ('error' in result) setMessage({ kind: 'error', lines: [result.error, 'Choose another file, or go on with the live run.'] });
    else setMessage(result.notes.length ? { kind: 'info', lines: result.notes } : null);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void open(e.dataTransfer.files[0]);
  };
  return (
    <section
      className={`run-files${dragging ? ' dragging' : ''}`}
      aria-label="run files"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="buttons" role="group" aria-label="run file">
        <button type="button" onClick={() => save('json')}>Download run</button>
        <button type="button" onClick={() => save('csv')}>Download CSV</button>
        <FileOpenButton label="Open run…" what="run file to open" testId="open-run-input" onFile={(file) => void open(file)} />
        <small>or drop a run file (the app's or the CLI's --json) here</small>
      </div>
      <ReplayBanner />
      {message && (
        <div role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'info'} data-testid="run-file-message">
          {message.lines.map((line, i) => <p key={i}>{line}</p>)}
          <button type="button" onClick={() => setMessage(null)}>Dismiss</button>
        </div>
      )}
    </section>
  );
}

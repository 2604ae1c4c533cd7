// What runs and where: backend (and why it fell back), run status, notices from the URL, messages, errors.
import { useState } from 'react';
import { shareUrl } from '../state/urlSync';
import { useAppStore } from '../state/store';
import { BuildProgress } from './BuildProgress';
import { useMapStore } from './map/mapStore';

export function BackendBadge() {
  const backend = useAppStore((s) => s.run.backend);
  if (!backend) return <span className="badge">starting…</span>;
  return (
    <span className="badge" data-testid="backend" data-backend={backend.name} title={backend.detail}>
      backend: {backend.name} <small>({backend.detail})</small>
    </span>
  );
}

export function EngineBadge() {
  const engine = useAppStore((s) => s.run.engine);
  if (!engine) return null;
  const where = engine.thread === 'worker' ? 'Web Worker' : 'main thread';
  const title = engine.thread === 'worker'
    ? 'Training runs in a Web Worker: the page stays responsive while it steps.'
    : 'Training runs on the page’s main thread: plots and input share its time.';
  return (
    <span className="badge" data-testid="engine-thread" data-thread={engine.thread} title={title}>
      engine: {where}
    </span>
  );
}

/** Copies a link to the clipboard, or shows it where the clipboard is refused. */
export function ShareButton({ label = 'Share', url: makeUrl = shareUrl }: { label?: string; url?: () => string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const share = async () => {
    const url = makeUrl();
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link copied.');
    } catch {
      setCopied(`Copy this link: ${url}`);
    }
  };
  return (
    <span>
      <button type="button" onClick={() => void share()}>{label}</button>
      {copied && <small role="status" className="copied">{copied}</small>}
    </span>
  );
}

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismissNotices);
  const run = useAppStore((s) => s.run);
  const settingNote = useAppStore((s) => s.settingNote);
  const dismissSettingNote = useAppStore((s) => s.dismissSettingNote);
  const mapBusy = useMapStore((s) => s.run.status === 'waiting' || s.run.status === 'running');
  // The map view shows its own notices; elsewhere, what a link's map part changed shows here.
  const onMap = useMapStore((s) => s.settings.view === 'map');
  const mapNotices = useMapStore((s) => s.notices);
  const dismissMap = useMapStore((s) => s.dismissNotices);
  return (
    <div className="notices">
      <BuildProgress />
      <div role="status" aria-live="polite">
        {mapBusy && (
          <p className="info" data-testid="map-hold">
            The live run is paused while the recovery map computes (they share one backend); it plays again when the map finishes or is cancelled, if it was playing.
          </p>
        )}
        {settingNote && (
          <p className="info" data-testid="setting-note">
            {settingNote} <button type="button" onClick={dismissSettingNote}>Dismiss</button>
          </p>
        )}
      </div>
      {run.backend?.fallback && <p className="info" data-testid="fallback">{run.backend.fallback}</p>}
      {run.engine?.fallback && <p className="info" data-testid="thread-fallback">{run.engine.fallback}</p>}
      {notices.length > 0 && (
        <div role="alert" className="warning" data-testid="url-notice">
          <strong>Some settings in the link were changed:</strong>
          <ul>{notices.map((p, i) => <li key={i}>{p.message}</li>)}</ul>
          <button type="button" onClick={dismiss}>Dismiss</button>
        </div>
      )}
      {!onMap && mapNotices.length > 0 && (
        <div role="alert" className="warning" data-testid="map-link-notice">
          <strong>Some settings after the link’s “#” (the map or lesson part) were changed:</strong>
          <ul>{mapNotices.map((p, i) => <li key={i}>{p.message}</li>)}</ul>
          <button type="button" onClick={dismissMap}>Dismiss</button>
        </div>
      )}
      {run.status === 'error' && run.error && (
        <p role="alert" className="error" data-testid="run-error">
          {run.error}{' '}
          {run.fatal ? <button type="button" onClick={() => location.reload()}>Reload the page</button> : 'Change a setting to try again.'}
        </p>
      )}
      {run.messages.map((m, i) => <p key={i} className="info">{m}</p>)}
    </div>
  );
}

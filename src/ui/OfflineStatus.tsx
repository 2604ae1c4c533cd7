// Tells the lecturer the app is cached (it will open in a hall with no network), and offers a newer version
// when one has installed, instead of swapping code under a running experiment.
import { useServiceWorkerStore } from '../state/serviceWorker';

export function OfflineStatus() {
  const offlineReady = useServiceWorkerStore((s) => s.offlineReady);
  const applyUpdate = useServiceWorkerStore((s) => s.applyUpdate);
  return (
    <>
      {offlineReady && (
        <span className="badge" data-testid="offline-ready" title="Cached by this browser: it opens and trains without a network.">
          works offline
        </span>
      )}
      {applyUpdate && <button type="button" onClick={applyUpdate}>New version: reload</button>}
    </>
  );
}

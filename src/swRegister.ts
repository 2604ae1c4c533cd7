// Registers the service worker (src/sw.ts) of the production build. It caches the app for offline use and,
// on hosts that send no COOP/COEP, adds them itself: isolation then needs one reload, done here once when the
// worker first takes control of a page that is not isolated. A sessionStorage mark keeps that to one reload
// per tab even where the headers cannot help (a browser without SharedArrayBuffer stays honest: one thread).
import { Workbox } from 'workbox-window';
import { useServiceWorkerStore } from './state/serviceWorker';

const RELOADED_KEY = 'recovery-lab:isolation-reload';
/**
 * Automated browsers (the e2e suite) get no service worker unless a test sets this global before the page
 * loads: a worker installing in the background would change the timings and network of every other test.
 */
const SERVICE_WORKER_OPT_IN = 'recoveryLabServiceWorker';

function isolationReloadWanted(): boolean {
  if (typeof crossOriginIsolated === 'undefined' || crossOriginIsolated) return false;
  try {
    if (sessionStorage.getItem(RELOADED_KEY)) return false;
    sessionStorage.setItem(RELOADED_KEY, '1');
    return true;
  } catch {
    return false;
  }
}

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !isSecureContext) return;
  if (navigator.webdriver && !(window as unknown as Record<string, unknown>)[SERVICE_WORKER_OPT_IN]) return;
  // Relative to the page, so the worker's scope is the folder the app was copied to.
  const wb = new Workbox(new URL('sw.js', document.baseURI).href);
  const store = useServiceWorkerStore;
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) location.reload();
    else if (isolationReloadWanted()) location.reload();
  });
  wb.addEventListener('waiting', () => {
    store.setState({ applyUpdate: () => wb.messageSkipWaiting() });
  });
  void wb.register().then(async (registration) => {
    if (!registration) return;
    await navigator.serviceWorker.ready;
    store.setState({ offlineReady: true });
  }).catch(() => {
    // No worker (private mode, a refused scope): the app works as before, online and perhaps without threads.
  });
}

/// <reference lib="webworker" />
// The app's one service worker. It precaches the build (app shell, chunks, the engine's worker, tfjs's .wasm
// binaries) so the app opens offline after a first visit, and it adds the cross-origin isolation headers to
// every same-origin response it serves, so tfjs's WASM backend gets threads on hosts that send no COOP/COEP
// (GitHub Pages, a plain file server). The page reloads once when this worker first takes control
// (src/swRegister.ts): isolation applies only to documents loaded through it.
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The same response with the isolation headers; opaque and error responses cannot be rebuilt and pass as they are. */
function isolated(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const isolation: WorkboxPlugin = { handlerWillRespond: async ({ response }) => isolated(response) };

// Asset names carry content hashes; the only query strings are the app's settings (`?d=5&hide=k`), which
// must all find the cached index.html.
addPlugins([isolation]);
// The build writes the list of files into this exact name (vite-plugin-pwa's injection point).
// oxlint-disable-next-line no-underscore-dangle
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
// Anything same-origin not in the precache (there should be nothing) still gets the headers, from the network.
registerRoute(({ url }) => url.origin === self.location.origin, new NetworkOnly({ plugins: [isolation] }));

self.addEventListener('install', () => {
  // The first install takes over at once (there is no older version to wait for); an update waits until the
  // page asks (SKIP_WAITING) so an open lecture never swaps code under a running experiment.
  if (!self.registration.active) void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

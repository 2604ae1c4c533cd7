// What the service worker has done for this page: whether the app is cached for offline use, and an update
// waiting to be applied (the page decides when: a swap under a running lecture would be a surprise).
import { create } from 'zustand';

export interface ServiceWorkerState {
  /** The app shell, chunks and .wasm files are cached: the next visit works without a network. */
  offlineReady: boolean;
  /** Applies a newer version that finished installing (reloads the page), or null when there is none. */
  applyUpdate: (() => void) | null;
}

export const useServiceWorkerStore = create<ServiceWorkerState>()(() => ({ offlineReady: false, applyUpdate: null }));

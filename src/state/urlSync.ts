// Keeps the URL's query string in step with the settings: read once at start (with notices for what had to be
// changed), then written with a debounced history.replaceState — no history entry per slider move.
import { encodeSettings, settingsFromSearch } from '../core/settings';
import { useAppStore } from './store';

const WRITE_DELAY_MS = 250;

/** The shareable address of the current settings (the fragment carries the recovery map's settings). */
export function shareUrl(): string {
  const query = encodeSettings(useAppStore.getState().settings);
  return `${location.origin}${location.pathname}?${query}${location.hash}`;
}

/** Reads the settings from the current URL into the store, then follows the store. Returns the unsubscriber. */
export function startUrlSync(): () => void {
  const { settings, problems } = settingsFromSearch(location.search);
  useAppStore.getState().setSettings(settings, problems);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    const query = encodeSettings(useAppStore.getState().settings);
    const url = `${location.pathname}?${query}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
  };
  write();
  const unsubscribe = useAppStore.subscribe((state, prev) => {
    if (state.settings === prev.settings) return;
    clearTimeout(timer);
    timer = setTimeout(write, WRITE_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

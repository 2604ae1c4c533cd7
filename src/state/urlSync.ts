// Keeps the URL's query string in step with the settings: read once at start (with notices for what had to be
// changed), then written with a debounced history.replaceState — no history entry per slider move.
import { encodeLecturerView, type LecturerView } from '../core/lecturerLinks';
import { encodeSettings, settingsFromSearch } from '../core/settings';
import { startLecturerView, useLecturerStore } from './lecturer';
import { useAppStore } from './store';

const WRITE_DELAY_MS = 250;

/**
 * The settings' query string, followed by the lecturer's keys (hide, lock, present): by default those the page
 * was opened with, so no URL the app writes drops them.
 */
export function currentQuery(view: LecturerView = useLecturerStore.getState().view): string {
  return [encodeSettings(useAppStore.getState().settings), encodeLecturerView(view)].filter(Boolean).join('&');
}

/** The shareable address of the current settings (the fragment carries the recovery map's settings). */
export function shareUrl(view?: LecturerView): string {
  return `${location.origin}${location.pathname}?${currentQuery(view)}${location.hash}`;
}

/** Reads the settings from the current URL into the store, then follows the store. Returns the unsubscriber. */
export function startUrlSync(): () => void {
  const { settings, problems } = settingsFromSearch(location.search);
  const lecturer = startLecturerView(location.search, settings);
  useAppStore.getState().setSettings(settings, [...problems, ...lecturer.problems]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    const url = `${location.pathname}?${currentQuery()}${location.hash}`;
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
    lecturer.stop();
  };
}

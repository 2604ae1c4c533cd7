// Keeps the URL's fragment in step with the map's settings (debounced history.replaceState, no history entry
// per edit). The query string belongs to the experiment's settings (state/urlSync.ts), which keeps the fragment.
import { encodeMapSettings, mapSettingsFromHash } from '../../state/mapSettings';
import { currentQuery } from '../../state/urlSync';
import { useMapStore } from './mapStore';

const WRITE_DELAY_MS = 250;

/** The fragment's map settings into the store when the user edits it; store changes into the fragment. */
export function startMapUrlSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    const hash = encodeMapSettings(useMapStore.getState().settings);
    const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ''}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
  };
  const onHashChange = () => {
    if (location.hash.replace(/^#/, '') === encodeMapSettings(useMapStore.getState().settings)) return;
    const { settings, problems } = mapSettingsFromHash(location.hash);
    useMapStore.getState().setAll(settings, problems);
  };
  write();
  window.addEventListener('hashchange', onHashChange);
  const unsubscribe = useMapStore.subscribe((state, prev) => {
    if (state.settings === prev.settings) return;
    clearTimeout(timer);
    timer = setTimeout(write, WRITE_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    window.removeEventListener('hashchange', onHashChange);
    unsubscribe();
  };
}

/** The shareable address of the experiment and the map. */
export function mapShareUrl(): string {
  const hash = encodeMapSettings(useMapStore.getState().settings);
  return `${location.origin}${location.pathname}?${currentQuery()}${hash ? `#${hash}` : ''}`;
}

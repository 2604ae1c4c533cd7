// The lecturer's view of this page, read once from the link: what is hidden, what is fixed, projector mode.
// Fixed settings keep the link's values whatever moves them (a preset, a map cell opened in the live view):
// a disabled control alone would not stop those.
import { create } from 'zustand';
import { isPanel, lecturerViewFromSearch, OPEN_VIEW, type LecturerView } from '../core/lecturerLinks';
import { reconcile, SETTING_KEYS, type Problem, type SettingKey, type Settings } from '../core/settings';
import { useAppStore } from './store';

export const useLecturerStore = create<{ view: LecturerView }>()(() => ({ view: OPEN_VIEW }));

/** The settings a lecturer fixed, at the values they have now. */
function lockedValues(view: LecturerView, settings: Settings): Partial<Settings> {
  const locked = view.lock.filter((name): name is SettingKey => !isPanel(name));
  return Object.fromEntries(locked.map((key) => [key, settings[key]])) as Partial<Settings>;
}

/**
 * Reads the view from a query string and, from now on, holds the locked settings at the values of `settings`
 * (the link's). Returns the notices for names it did not know, and the unsubscriber.
 */
export function startLecturerView(search: string, settings: Settings): { problems: Problem[]; stop: () => void } {
  const { view, problems } = lecturerViewFromSearch(search);
  useLecturerStore.setState({ view });
  const locked = lockedValues(view, settings);
  if (Object.keys(locked).length === 0) return { problems, stop: () => {} };
  const stop = useAppStore.subscribe((state) => {
    const held = { ...state.settings, ...locked };
    // The combination rules still win (k ≤ d…): holding against them would loop.
    reconcile(held);
    if (SETTING_KEYS.some((key) => held[key] !== state.settings[key])) useAppStore.setState({ settings: held });
  });
  return { problems, stop };
}

// The keyboard shortcuts, as one table: the key, what it does, and the words the help dialog and README show.
// `shortcutFor` decides whether a key press is a shortcut: never while typing in a field, never with Ctrl,
// Alt or Meta (those belong to the browser), and Space/arrows never where the focused element uses them.
export type ShortcutAction = 'play-pause' | 'step' | 'reset' | 'help';

export interface Shortcut {
  /** `KeyboardEvent.key`. */
  key: string;
  /** How the key is written for people. */
  label: string;
  action: ShortcutAction;
  description: string;
  /** Only in the live view (the run's commands); the rest work everywhere. */
  liveOnly: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { key: ' ', label: 'Space', action: 'play-pause', description: 'Play or pause the live run', liveOnly: true },
  { key: 'ArrowRight', label: '→', action: 'step', description: 'One gradient step (pauses a running run)', liveOnly: true },
  { key: 'r', label: 'r', action: 'reset', description: 'Reset the run: new initializations, same settings', liveOnly: true },
  { key: '?', label: '?', action: 'help', description: 'List these shortcuts', liveOnly: false },
];

/** The parts of a key event and of its target that decide; a plain object, so the rule is testable in Node. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** The focused element's tag (upper case) and role, and whether it is editable. */
  tag: string;
  role: string | null;
  editable: boolean;
}

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
/** Elements whose own behaviour Space or an arrow key triggers (a button presses, a tab list moves). */
const OWN_KEYS = new Set(['BUTTON', 'A', 'SUMMARY', 'DETAILS']);
const OWN_ROLES = new Set(['button', 'tab', 'toolbar', 'slider', 'radio', 'checkbox', 'menuitem', 'link', 'option', 'region']);

export function shortcutFor(press: KeyPress, view: string): Shortcut | null {
  if (press.ctrlKey || press.altKey || press.metaKey || press.editable || TYPING.has(press.tag)) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  const shortcut = SHORTCUTS.find((s) => s.key === key);
  if (!shortcut || (shortcut.liveOnly && view !== 'live')) return null;
  const ownsKey = OWN_KEYS.has(press.tag) || (press.role !== null && OWN_ROLES.has(press.role));
  if ((press.key === ' ' || press.key.startsWith('Arrow')) && ownsKey) return null;
  return shortcut;
}

// Lecturer links: URL keys that hide controls and panels (`hide=d,k,convexity`), show them fixed (`lock=n`),
// or turn on projector mode (`present=1`). One table of keys drives reading and writing, like the settings'
// table; names come from the same vocabulary (the settings' keys) plus the panels below. Total and bounded:
// any string reads into a valid view with a list of what was ignored.
import { clip } from './clip';
import { SETTING_KEYS, SETTINGS, type Problem, type SettingKey } from './settings';

/** The page's parts a link can hide or fix besides the settings' own controls, with how the Share dialog names them. */
export const PANELS = {
  readouts: 'readout table',
  presets: 'preset menu',
  tensor: 'how the initialization was found',
  teaching: 'teaching text',
  convexity: 'strong-convexity explorer',
  map: 'recovery map tab',
} as const;

export type PanelName = keyof typeof PANELS;
export type LinkTarget = SettingKey | PanelName;

/** Every name `hide` and `lock` accept, in the order links write them. */
export const LINK_TARGETS: readonly LinkTarget[] = [...SETTING_KEYS, ...(Object.keys(PANELS) as PanelName[])];

export function isPanel(name: LinkTarget): name is PanelName {
  return name in PANELS;
}

/** A target in words: the setting's label or the panel's name. */
export function targetLabel(name: LinkTarget): string {
  return isPanel(name) ? PANELS[name] : SETTINGS[name].label;
}

export interface LecturerView {
  hide: LinkTarget[];
  lock: LinkTarget[];
  present: boolean;
}

export const OPEN_VIEW: LecturerView = { hide: [], lock: [], present: false };

/** More names than there are targets is never meaningful; reading stops there so a huge list costs nothing. */
export const MAX_NAMES = 4 * LINK_TARGETS.length;

interface KeyCodec<T> {
  /** `raws`: every value the URL gave this key, in order. */
  parse(key: string, raws: string[], problems: Problem[]): T;
  /** The URL value, or null to leave the key out. */
  encode(value: T): string | null;
}

const known = new Set<string>(LINK_TARGETS);

const nameList: KeyCodec<LinkTarget[]> = {
  parse(key, raws, problems) {
    const names = raws.join(',').split(',', MAX_NAMES + 1);
    const cut = names.length > MAX_NAMES;
    const wanted = new Set<string>();
    const unknown: string[] = [];
    for (const raw of names.slice(0, MAX_NAMES)) {
      const name = raw.trim();
      if (name === '') continue;
      if (known.has(name)) wanted.add(name);
      else unknown.push(name);
    }
    if (unknown.length > 0) {
      problems.push({
        kind: 'value', key, given: clip(unknown.join(',')), used: 'ignored',
        message: `${key}= names no setting or panel: ${clip(unknown.join(', '))}; ignored (known: ${LINK_TARGETS.join(', ')}).`,
      });
    }
    if (cut) {
      problems.push({
        kind: 'value', key, given: `more than ${MAX_NAMES} names`, used: `the first ${MAX_NAMES}`,
        message: `${key}= lists more than ${MAX_NAMES} names; only the first ${MAX_NAMES} were read.`,
      });
    }
    return LINK_TARGETS.filter((name) => wanted.has(name));
  },
  encode: (names) => (names.length > 0 ? LINK_TARGETS.filter((name) => names.includes(name)).join(',') : null),
};

const flag: KeyCodec<boolean> = {
  parse(key, raws, problems) {
    const raw = raws[raws.length - 1];
    if (raw === '1' || raw === '0') return raw === '1';
    problems.push({ kind: 'value', key, given: clip(raw), used: '0', message: `${key}=${clip(raw)} is not 0 or 1; using 0.` });
    return false;
  },
  encode: (on) => (on ? '1' : null),
};

/** The keys, in the order links write them. */
const CODECS: { [K in keyof LecturerView]: KeyCodec<LecturerView[K]> } = { hide: nameList, lock: nameList, present: flag };

export const LECTURER_KEYS = Object.keys(CODECS) as (keyof LecturerView)[];

/** The view from query-string pairs (other keys are ignored), with a problem for everything that was not used. */
export function parseLecturerView(pairs: Iterable<[string, string]>): { view: LecturerView; problems: Problem[] } {
  const raws = new Map<keyof LecturerView, string[]>();
  for (const [key, raw] of pairs) {
    if (!(key in CODECS)) continue;
    const list = raws.get(key as keyof LecturerView) ?? [];
    // A list past the cap is already cut; further repeats of the key add nothing but cost.
    if (list.length <= MAX_NAMES) list.push(raw);
    raws.set(key as keyof LecturerView, list);
  }
  const problems: Problem[] = [];
  const view: LecturerView = { ...OPEN_VIEW };
  for (const key of LECTURER_KEYS) {
    const given = raws.get(key);
    if (given) (view as unknown as Record<string, unknown>)[key] = CODECS[key].parse(key, given, problems);
  }
  const both = view.lock.filter((name) => view.hide.includes(name));
  if (both.length > 0) {
    view.lock = view.lock.filter((name) => !both.includes(name));
    problems.push({
      kind: 'combination', key: 'lock', given: both.join(','), used: 'hidden',
      message: `${both.join(', ')} ${both.length === 1 ? 'is' : 'are'} both hidden and locked; hidden.`,
    });
  }
  return { view, problems };
}

export function lecturerViewFromSearch(search: string): { view: LecturerView; problems: Problem[] } {
  return parseLecturerView(new URLSearchParams(search).entries());
}

/**
 * The view's part of a query string (`hide=d,k&lock=n&present=1`; empty for the open view). Names are plain
 * identifiers, so commas stay readable instead of URLSearchParams's %2C.
 */
export function encodeLecturerView(view: LecturerView): string {
  const parts: string[] = [];
  for (const key of LECTURER_KEYS) {
    const value = (CODECS[key] as KeyCodec<unknown>).encode(view[key]);
    if (value !== null) parts.push(`${key}=${value}`);
  }
  return parts.join('&');
}

import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyPress } from '../src/ui/a11y/shortcuts';

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key, ctrlKey: false, altKey: false, metaKey: false, tag: 'BODY', role: null, editable: false, ...over,
});
const action = (p: KeyPress, view = 'live') => shortcutFor(p, view)?.action ?? null;

describe('keyboard shortcuts', () => {
  it('maps Space, →, r and ? to their actions on the page', () => {
    expect(action(press(' '))).toBe('play-pause');
    expect(action(press('ArrowRight'))).toBe('step');
    expect(action(press('r'))).toBe('reset');
    expect(action(press('R'))).toBe('reset');
    expect(action(press('?'))).toBe('help');
    expect(action(press('x'))).toBeNull();
  });

  it('rests while typing in a field, in editable text, or with a modifier', () => {
    for (const tag of ['INPUT', 'SELECT', 'TEXTAREA']) for (const s of SHORTCUTS) expect(action(press(s.key, { tag }))).toBeNull();
    expect(action(press('r', { editable: true }))).toBeNull();
    for (const mod of ['ctrlKey', 'altKey', 'metaKey'] as const) for (const s of SHORTCUTS) expect(action(press(s.key, { [mod]: true }))).toBeNull();
  });

  it('leaves Space and the arrows to a focused button, tab or toolbar, but not r and ?', () => {
    expect(action(press(' ', { tag: 'BUTTON' }))).toBeNull();
    expect(action(press('ArrowRight', { tag: 'BUTTON', role: 'tab' }))).toBeNull();
    expect(action(press('ArrowRight', { tag: 'DIV', role: 'region' }))).toBeNull();
    expect(action(press('r', { tag: 'BUTTON' }))).toBe('reset');
    expect(action(press('?', { tag: 'BUTTON', role: 'tab' }))).toBe('help');
  });

  it('runs the live run only from the live view; ? works everywhere', () => {
    expect(action(press(' '), 'map')).toBeNull();
    expect(action(press('r'), 'map')).toBeNull();
    expect(action(press('?'), 'map')).toBe('help');
  });

  it('has one row per key and per action', () => {
    expect(new Set(SHORTCUTS.map((s) => s.key)).size).toBe(SHORTCUTS.length);
    expect(new Set(SHORTCUTS.map((s) => s.action)).size).toBe(SHORTCUTS.length);
  });
});

// The keyboard shortcuts at work: one key listener for the page, and the "?" dialog that lists them (a native
// modal dialog: it keeps focus inside, Escape closes it, focus returns to where it was).
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/store';
import { useMapStore } from '../map/mapStore';
import { SHORTCUTS, shortcutFor, type ShortcutAction } from './shortcuts';

function run(action: Exclude<ShortcutAction, 'help'>): void {
  const { run: { status }, send } = useAppStore.getState();
  // The same conditions as the run buttons.
  const busy = status === 'building' || status === 'starting';
  if (action === 'reset') return busy ? undefined : send('reset');
  if (busy || status === 'error') return;
  if (action === 'step') send('step');
  else send(status === 'running' ? 'pause' : 'play');
}

export function ShortcutTable() {
  return (
    <table className="readouts shortcut-table">
      <thead>
        <tr><th scope="col">key</th><th scope="col">action</th></tr>
      </thead>
      <tbody>
        {SHORTCUTS.map((s) => (
          <tr key={s.action}><td><kbd>{s.label}</kbd></td><td>{s.description}{s.liveOnly ? ' (live view)' : ''}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function Shortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || dialog.current?.open) return;
      const target = e.target instanceof HTMLElement ? e.target : document.body;
      const shortcut = shortcutFor(
        { key: e.key, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, tag: target.tagName, role: target.getAttribute('role'), editable: target.isContentEditable },
        useMapStore.getState().settings.view,
      );
      if (!shortcut) return;
      e.preventDefault();
      if (shortcut.action === 'help') dialog.current?.showModal();
      else run(shortcut.action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>Keyboard shortcuts</button>
      <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <ShortcutTable />
        <p className="hint">Shortcuts rest while you type in a field; Space and → leave a focused button or slider to do its own work.</p>
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </dialog>
    </>
  );
}

// "Share": a modal dialog that builds the link for a class — which settings and panels to hide or fix, projector
// mode — shows it with a QR code for the room, and copies it. Opening copies the current link at once (what the
// button always did); every change of the options makes a new link to copy.
import { useRef, useState } from 'react';
import { LINK_TARGETS, OPEN_VIEW, isPanel, targetLabel, type LecturerView, type LinkTarget } from '../../core/lecturerLinks';
import { useLecturerStore } from '../../state/lecturer';
import { shareUrl } from '../../state/urlSync';
import { QrCode } from './QrCode';
import './share.css';

type ListKey = 'hide' | 'lock';
const OTHER: Record<ListKey, ListKey> = { hide: 'lock', lock: 'hide' };

/** The draft with `name` put in or out of one list; hidden and fixed exclude each other, as links read them. */
function toggled(view: LecturerView, list: ListKey, name: LinkTarget, on: boolean): LecturerView {
  const other = OTHER[list];
  return {
    ...view,
    [list]: on ? LINK_TARGETS.filter((n) => n === name || view[list].includes(n)) : view[list].filter((n) => n !== name),
    [other]: on ? view[other].filter((n) => n !== name) : view[other],
  };
}

async function copy(url: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(url);
    return 'Link copied.';
  } catch {
    return 'The browser refused the clipboard: select the link above and copy it.';
  }
}

function TargetRows({ names, draft, onToggle }: { names: readonly LinkTarget[]; draft: LecturerView; onToggle: (list: ListKey, name: LinkTarget, on: boolean) => void }) {
  return names.map((name) => (
    <tr key={name}>
      <th scope="row">{targetLabel(name)} <code>{name}</code></th>
      {(['hide', 'lock'] as const).map((list) => (
        <td key={list}>
          <input
            type="checkbox"
            aria-label={`${list} ${targetLabel(name)}`}
            checked={draft[list].includes(name)}
            onChange={(e) => onToggle(list, name, e.target.checked)}
          />
        </td>
      ))}
    </tr>
  ));
}

export function ShareDialogButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<LecturerView>(OPEN_VIEW);
  const [status, setStatus] = useState<string | null>(null);
  const link = open ? shareUrl(draft) : '';

  const show = () => {
    const view = useLecturerStore.getState().view;
    setDraft(view);
    setStatus(null);
    setOpen(true);
    dialog.current?.showModal();
    void copy(shareUrl(view)).then(setStatus);
  };
  const change = (next: LecturerView) => {
    setDraft(next);
    setStatus(null);
  };
  const onToggle = (list: ListKey, name: LinkTarget, on: boolean) => change(toggled(draft, list, name, on));

  return (
    <>
      <button type="button" ref={opener} onClick={show} aria-haspopup="dialog">Share</button>
      <dialog
        ref={dialog}
        className="share-dialog"
        aria-labelledby="share-title"
        data-testid="share-dialog"
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        <form method="dialog" className="share-head">
          <h2 id="share-title">Share this experiment</h2>
          <button type="submit">Close</button>
        </form>
        {open && (
          <>
            <p className="share-lead">The link opens these settings. For a class, hide or fix controls and panels, or open it in projector mode.</p>
            <div className="share-link">
              <input type="text" readOnly value={link} aria-label="link" data-testid="share-link" onFocus={(e) => e.target.select()} />
              <button type="button" onClick={() => void copy(link).then(setStatus)}>Copy link</button>
            </div>
            <p role="status" className="share-status">{status}</p>
            <div className="share-body">
              <div className="share-options">
                <label className="share-present">
                  <input type="checkbox" checked={draft.present} onChange={(e) => change({ ...draft, present: e.target.checked })} />
                  Projector mode (<code>present=1</code>): large type, plots first
                </label>
                <table className="share-targets">
                  <thead>
                    <tr><th scope="col">control or panel</th><th scope="col">hide</th><th scope="col">lock</th></tr>
                  </thead>
                  <tbody>
                    <TargetRows names={LINK_TARGETS.filter((n) => !isPanel(n))} draft={draft} onToggle={onToggle} />
                  </tbody>
                  <tbody>
                    <TargetRows names={LINK_TARGETS.filter(isPanel)} draft={draft} onToggle={onToggle} />
                  </tbody>
                </table>
              </div>
              <QrCode text={link} label="QR code of the link, for phones in the room" />
            </div>
          </>
        )}
      </dialog>
    </>
  );
}

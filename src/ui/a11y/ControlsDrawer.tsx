// On a phone the controls fold into a drawer behind one button, so the plots are the first thing on screen;
// on wider screens the button is hidden and the controls always show. The tree is the same either way, so
// resizing never remounts the controls.
import { useId, useState, type ReactNode } from 'react';
import { useNarrow } from './useNarrow';

export function ControlsDrawer({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  const narrow = useNarrow();
  const [open, setOpen] = useState(false);
  return (
    <div className="drawer" data-open={String(open)}>
      <button type="button" className="drawer-toggle" aria-expanded={open} aria-controls={id} hidden={!narrow} onClick={() => setOpen(!open)}>
        {open ? `Hide ${label}` : `Show ${label}`}
      </button>
      <div id={id} className="drawer-content" hidden={narrow && !open}>
        {children}
      </div>
    </div>
  );
}

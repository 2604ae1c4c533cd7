// How the lecturer's link shapes a control or panel: hidden (not rendered), fixed (disabled, with the reason
// linked to it), or as usual. Controls and panels ask here; they hold no knowledge of links.
import { useId, type ReactNode } from 'react';
import type { LinkTarget, PanelName } from '../../core/lecturerLinks';
import { useLecturerStore } from '../../state/lecturer';
import './lecturer.css';

export const LOCK_REASON = 'Fixed by your lecturer.';

/** Hidden, or the reason it is disabled: the lecturer's lock first, else the control's own reason (`why`). */
export function useLecturerAccess(name: LinkTarget, why: string | null = null): { hidden: boolean; disabled: string | null } {
  const hidden = useLecturerStore((s) => s.view.hide.includes(name));
  const locked = useLecturerStore((s) => s.view.lock.includes(name));
  return { hidden, disabled: locked ? LOCK_REASON : why };
}

export function usePresentMode(): boolean {
  return useLecturerStore((s) => s.view.present);
}

/** A panel the link may hide or fix; fixing disables every control inside and says why. */
export function LecturerPanel({ name, children }: { name: PanelName; children: ReactNode }) {
  const reasonId = useId();
  const { hidden, disabled } = useLecturerAccess(name);
  if (hidden) return null;
  if (!disabled) return children;
  return (
    <fieldset className="lecturer-locked" disabled aria-describedby={reasonId}>
      <small id={reasonId} className="reason">{disabled}</small>
      {children}
    </fieldset>
  );
}

/** Projector mode's plots fill over half the screen's height (at least their usual size). */
export function usePlotHeight(usual: number): number {
  const present = usePresentMode();
  return present ? Math.max(usual, Math.round(0.55 * window.innerHeight)) : usual;
}

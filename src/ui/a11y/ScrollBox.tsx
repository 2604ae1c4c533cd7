// A wide table on a narrow screen scrolls inside its own box instead of the page. The box is a labelled,
// focusable region so that keyboard users can scroll it too (axe: scrollable-region-focusable).
import type { ReactNode } from 'react';

export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="scroll-box" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

// Whether the page is phone-narrow: below this width the controls fold into a drawer and the plots come first.
// The same width as the @media rules of responsive.css.
import { useSyncExternalStore } from 'react';

export const NARROW_QUERY = '(max-width: 700px)';

function subscribe(listener: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW_QUERY).matches);
}

import { useSyncExternalStore } from 'react';

/** Which of the console's three layouts the window's width calls for. */
export type ViewportLayout = 'phone' | 'tablet' | 'desktop';

/** Narrowest tablet layout (two columns). Mirrored by `$tablet-min` in ConsolePage.scss. */
export const TABLET_MIN_WIDTH = 768;
/** Narrowest desktop layout (three columns). Mirrored by `$desktop-min` in ConsolePage.scss. */
export const DESKTOP_MIN_WIDTH = 1024;

const TABLET_QUERY = `(min-width: ${TABLET_MIN_WIDTH}px)`;
const DESKTOP_QUERY = `(min-width: ${DESKTOP_MIN_WIDTH}px)`;

export function layoutForWidth(width: number): ViewportLayout {
  if (width >= DESKTOP_MIN_WIDTH) return 'desktop';
  return width >= TABLET_MIN_WIDTH ? 'tablet' : 'phone';
}

// Media queries rather than innerWidth, so the layout switches exactly where the CSS does.
function snapshot(): ViewportLayout {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return 'desktop';
  if (window.matchMedia(DESKTOP_QUERY).matches) return 'desktop';
  return window.matchMedia(TABLET_QUERY).matches ? 'tablet' : 'phone';
}

function subscribe(onChange: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return () => undefined;
  const queries = [window.matchMedia(TABLET_QUERY), window.matchMedia(DESKTOP_QUERY)];
  queries.forEach((query) => query.addEventListener('change', onChange));
  return () => queries.forEach((query) => query.removeEventListener('change', onChange));
}

/** The current layout; re-renders when the window crosses a breakpoint. Desktop where there is no matchMedia (jsdom). */
export function useViewportLayout(): ViewportLayout {
  return useSyncExternalStore(subscribe, snapshot, () => 'desktop');
}

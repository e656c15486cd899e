// Which rows of a fixed-row-height list are on screen. The list renders only those (plus a few
// either side, so a fast scroll does not flash blank rows) inside a spacer as tall as the
// whole list. Browsers cap an element's height (Chromium ~33 million px, Firefox ~17 million):
// at the default 24 px rows that is ~700,000 rows, well past what the log is built for.

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
}

export interface RowWindow {
  /** First row rendered (inclusive). */
  start: number;
  /** Row after the last one rendered (exclusive). */
  end: number;
  /** Height of the whole list, in px. */
  totalHeight: number;
}

export function rowWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: WindowInput): RowWindow {
  const totalHeight = rowCount * rowHeight;
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(rowCount, Math.ceil((top + viewportHeight) / rowHeight) + overscan);
  return { start, end: Math.max(start, end), totalHeight };
}

/** The scrollTop that brings `index` into view with as little movement as possible. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowTop + rowHeight > scrollTop + viewportHeight) return rowTop + rowHeight - viewportHeight;
  return scrollTop;
}

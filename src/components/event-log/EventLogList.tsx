import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EventLogStore } from './eventLogStore';
import { EventLogRow, eventLogRowElementId } from './EventLogRow';
import { rowWindow, scrollToReveal } from './virtualWindow';

export interface EventLogListProps {
  store: EventLogStore;
  /** The store version rendered (changes once per frame at most). */
  version: number;
  selectedRowId: number | null;
  onSelect(rowId: number | null): void;
  /** Keep the newest row in view while the user has not scrolled up. */
  follow: boolean;
  onFollowChange(follow: boolean): void;
  rowHeight: number;
  overscan: number;
  /** Used until the list is measured (and where nothing can be measured, e.g. jsdom). */
  fallbackViewportHeight: number;
}

/** Within this many px of the bottom counts as "at the bottom" (follow mode resumes). */
const BOTTOM_SLACK_PX = 4;

export function EventLogList(props: EventLogListProps) {
  const { store, version, selectedRowId, onSelect, follow, onFollowChange, rowHeight, overscan, fallbackViewportHeight } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(fallbackViewportHeight);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setViewportHeight(element.clientHeight || fallbackViewportHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallbackViewportHeight]);

  const count = store.visibleCount;
  const totalHeight = count * rowHeight;
  const bottom = Math.max(0, totalHeight - viewportHeight);
  // While following, the window is the bottom one straight away (no second render to get there).
  const top = follow ? bottom : scrollTop;
  const { start, end } = rowWindow({ scrollTop: top, viewportHeight, rowHeight, rowCount: count, overscan });

  // Following: keep the element at the bottom. Not following (e.g. "Follow" just unticked):
  // render the rows where the element really is.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    if (follow) {
      if (element.scrollTop !== bottom) element.scrollTop = bottom;
    } else if (element.scrollTop !== scrollTop) {
      setScrollTop(element.scrollTop);
    }
  }, [follow, version, bottom, scrollTop]);

  // The store's bound drops the oldest rows, which moves every row up: when the user has scrolled
  // up to read, the row at the top stays in place instead (following, the bottom stays anyway).
  const anchor = useRef<{ rowId: number; index: number; dropped: number; generation: number } | null>(null);
  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element) return;
    let position = element.scrollTop;
    const held = anchor.current;
    if (!follow && held && held.dropped !== store.droppedCount && held.generation === store.generation) {
      const index = store.visibleIndexOf(held.rowId);
      const moved = index < 0 ? 0 : Math.max(0, position + (index - held.index) * rowHeight);
      if (moved !== position) {
        position = moved;
        element.scrollTop = moved;
        setScrollTop(moved);
      }
    }
    const first = Math.min(count - 1, Math.floor(position / rowHeight));
    anchor.current = follow || first < 0 ? null : { rowId: store.visibleRow(first)!.id, index: first, dropped: store.droppedCount, generation: store.generation };
  }, [store, version, follow, count, rowHeight]);

  const onScroll = useCallback(() => {
    const element = viewport.current;
    if (!element) return;
    const position = element.scrollTop;
    // From what is known, not from scrollHeight/clientHeight: reading those forces a layout.
    const atBottom = position >= totalHeight - viewportHeight - BOTTOM_SLACK_PX;
    // While following, the rows come from `bottom`: the scroll our own jump causes needs no render.
    if (!(follow && atBottom)) setScrollTop(position);
    if (atBottom !== follow) onFollowChange(atBottom);
  }, [follow, onFollowChange, totalHeight, viewportHeight]);

  const select = useCallback((rowId: number) => onSelect(rowId === selectedRowId ? null : rowId), [onSelect, selectedRowId]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (event.key === 'Escape') onSelect(null);
    // Enter opens the first row in view when none is open (arrows then move from there).
    if (event.key === 'Enter' && selectedRowId === null && count > 0) {
      event.preventDefault();
      const first = Math.min(count - 1, Math.ceil(top / rowHeight));
      onSelect(store.visibleRow(first)!.id);
      onFollowChange(false);
      return;
    }
    if (!step || count === 0) return;
    event.preventDefault();
    const current = selectedRowId === null ? -1 : store.visibleIndexOf(selectedRowId);
    const next = Math.min(count - 1, Math.max(0, current === -1 ? (step > 0 ? 0 : count - 1) : current + step));
    onSelect(store.visibleRow(next)!.id);
    const element = viewport.current;
    if (element) {
      const revealed = scrollToReveal(next, top, viewportHeight, rowHeight);
      element.scrollTop = revealed;
      setScrollTop(revealed);
      onFollowChange(false);
    }
  };

  const rows = [];
  let selectedShown = false;
  for (let i = start; i < end; i++) {
    const row = store.visibleRow(i)!;
    if (row.id === selectedRowId) selectedShown = true;
    rows.push(
      <EventLogRow
        key={row.id}
        store={store}
        row={row}
        count={row.count}
        problems={row.problems}
        search={store.filter.search}
        index={i}
        top={i * rowHeight}
        height={rowHeight}
        selected={row.id === selectedRowId}
        onSelect={select}
      />,
    );
  }

  // A listbox must own options: with none to show it is a plain group that says why (an empty
  // listbox is axe-core's critical aria-required-children). It stays focusable either way, so
  // Tab lands in the same place before and after the first event.
  const empty = count === 0;
  return (
    <div
      ref={viewport}
      className="event-log__viewport"
      role={empty ? 'group' : 'listbox'}
      aria-label="Events"
      aria-activedescendant={selectedShown && selectedRowId !== null ? eventLogRowElementId(selectedRowId) : undefined}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-testid="event-log-viewport"
    >
      <div className="event-log__spacer" style={{ height: totalHeight }}>
        {rows}
      </div>
      {empty && <p className="event-log__empty" role="status">{store.size === 0 ? 'No events yet.' : 'No event matches the filter.'}</p>}
    </div>
  );
}

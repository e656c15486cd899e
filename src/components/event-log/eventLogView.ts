// The event log's filtered view: the ids of the rows passing the filter, ascending, kept up to
// date as events arrive (O(1) per append) and recomputed once (O(n)) when the filter changes.
// `null` ids mean nothing is filtered: every row is visible, and no copy of the ids is kept.
import { trimAudioPayload } from './eventPayload';
import { NO_FILTER, type EventLogFilter, type LogEntry, type LogRow } from './eventLogTypes';
import { matchesWordStart, searchNeedle } from './searchMatch';

/** What the view reads of the store: its rows, and a row's events. */
export interface ViewSource {
  readonly rowList: readonly LogRow[];
  /** The row's `index`-th event (undefined once dropped). */
  rowEntry(row: LogRow, index: number): LogEntry | undefined;
}

export class EventLogView {
  /** Row ids passing the filter, ascending; null when nothing is filtered. */
  ids: number[] | null = null;
  private current: EventLogFilter = NO_FILTER;
  private needle = '';

  constructor(private readonly source: ViewSource) {}

  get filter(): EventLogFilter {
    return this.current;
  }

  setFilter(patch: Partial<EventLogFilter>): void {
    this.current = { ...this.current, ...patch };
    this.needle = searchNeedle(this.current.search);
    this.rebuild();
  }

  isFiltered(): boolean {
    const f = this.current;
    return f.direction !== 'all' || f.types !== null || this.needle !== '' || f.problemsOnly;
  }

  /** The store was cleared. */
  reset(): void {
    this.ids = this.isFiltered() ? [] : null;
  }

  rebuild(): void {
    if (!this.isFiltered()) {
      this.ids = null;
      return;
    }
    const ids: number[] = [];
    for (const row of this.source.rowList) if (this.matches(row)) ids.push(row.id);
    this.ids = ids;
  }

  /** An event was appended: as a new row, or joining an open group (`joins`). */
  appended(row: LogRow, joins: boolean, entry: LogEntry): void {
    const ids = this.ids;
    if (!ids) return;
    if (!joins) {
      if (this.matches(row)) ids.push(row.id);
      return;
    }
    // A growing row is one of the run's few rows, all at the end: scan back from the end.
    let at = ids.length;
    while (at > 0 && ids[at - 1] > row.id) at -= 1;
    const inView = at > 0 && ids[at - 1] === row.id;
    if (!inView && this.matches(row, entry)) ids.splice(at, 0, row.id);
  }

  /** Rows before `firstRowId` were dropped. */
  droppedBefore(firstRowId: number): void {
    const ids = this.ids;
    if (!ids) return;
    let stale = 0;
    while (stale < ids.length && ids[stale] < firstRowId) stale += 1;
    ids.splice(0, stale);
  }

  /** Position of a row among the visible ones, or -1. O(log n); `allIndex` answers when nothing is filtered. */
  indexOf(rowId: number, allIndex: (rowId: number) => number): number {
    const ids = this.ids;
    if (!ids) return allIndex(rowId);
    let low = 0;
    let high = ids.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = ids[mid];
      if (value === rowId) return mid;
      if (value < rowId) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /**
   * A test of whether an event's row is visible, for `rowCount` rows from id `rowBase` (one
   * lookup per event, however many rows); undefined when nothing is filtered.
   */
  rowTest(rowBase: number, rowCount: number): ((entry: LogEntry) => boolean) | undefined {
    const ids = this.ids;
    if (!ids) return undefined;
    const shown = new Uint8Array(rowCount);
    for (const rowId of ids) shown[rowId - rowBase] = 1;
    return (entry) => shown[entry.rowId - rowBase] === 1;
  }

  /** Whether a row passes the filter; `newEntry` limits the search to the event just added. */
  matches(row: LogRow, newEntry?: LogEntry): boolean {
    const f = this.current;
    if (f.direction !== 'all' && row.source !== f.direction) return false;
    if (f.types && !f.types.has(row.type)) return false;
    if (f.problemsOnly && row.problems === 0) return false;
    if (!this.needle) return true;
    if (newEntry) return matchesWordStart(searchTextOf(newEntry), this.needle);
    for (let i = 0; i < row.count; i++) {
      const entry = this.source.rowEntry(row, i);
      if (entry && matchesWordStart(searchTextOf(entry), this.needle)) return true;
    }
    return false;
  }
}

/** The text a search looks in, lower-cased and cached on the entry (built on the first search). */
function searchTextOf(entry: LogEntry): string {
  if (entry.searchText === undefined) {
    const body = entry.malformed !== undefined ? `${entry.raw ?? ''} ${entry.malformed}` : JSON.stringify(trimAudioPayload(entry.event)) ?? '';
    entry.searchText = `${entry.type} ${body}`.toLowerCase();
  }
  return entry.searchText;
}

import { useEffect, useReducer, useState } from 'react';
import type { DirectionFilter, EventLogFilter, EventLogStore } from './eventLogStore';

export interface EventLogToolbarProps {
  store: EventLogStore;
  /** Wait this long after the last keystroke before searching (a search scans every event). */
  searchDebounceMs: number;
  follow: boolean;
  onFollowChange(follow: boolean): void;
  /** Export base64 audio in full (off: `<base64 audio N bytes>`). */
  exportAudio: boolean;
  onExportAudioChange(include: boolean): void;
  onExport(): void;
}

const DIRECTIONS: Array<{ value: DirectionFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'client', label: '↑ Client' },
  { value: 'server', label: '↓ Server' },
];

const ALL_TYPES = '';

export function EventLogToolbar({ store, searchDebounceMs, follow, onFollowChange, exportAudio, onExportAudioChange, onExport }: EventLogToolbarProps) {
  const filter = store.filter;
  const [search, setSearch] = useState(filter.search);
  // The log re-renders once per animation frame; a control the user just changed must show its
  // new value at once (a controlled checkbox or select would otherwise snap back for a frame).
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const applyFilter = (patch: Partial<EventLogFilter>) => {
    store.setFilter(patch);
    rerender();
  };

  useEffect(() => {
    if (search === store.filter.search) return;
    const timer = setTimeout(() => store.setFilter({ search }), searchDebounceMs);
    return () => clearTimeout(timer);
  }, [search, store, searchDebounceMs]);

  const selectedType = filter.types && filter.types.size === 1 ? Array.from(filter.types)[0] : ALL_TYPES;
  const types = store.types();
  // A chosen type stays selectable after a clear, so the select never shows a value it lacks.
  if (selectedType !== ALL_TYPES && !types.some((t) => t.type === selectedType)) types.push({ type: selectedType, count: 0 });

  return (
    <div className="event-log__toolbar" role="toolbar" aria-label="Event log filters">
      <div className="event-log__segmented" role="group" aria-label="Direction">
        {DIRECTIONS.map(({ value, label }) => (
          <button
            key={value}
            type="button"
            className="event-log__button"
            aria-pressed={filter.direction === value}
            onClick={() => applyFilter({ direction: value })}
          >
            {label}
          </button>
        ))}
      </div>
      <label className="event-log__field">
        <span className="event-log__label">Type</span>
        <select
          value={selectedType}
          onChange={(e) => applyFilter({ types: e.target.value === ALL_TYPES ? null : new Set([e.target.value]) })}
        >
          <option value={ALL_TYPES}>All types</option>
          {types.map(({ type, count }) => (
            <option key={type} value={type}>
              {type} ({count})
            </option>
          ))}
        </select>
      </label>
      <input
        className="event-log__search"
        type="search"
        placeholder="Search payloads"
        aria-label="Search payloads"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <label className="event-log__check">
        <input type="checkbox" checked={filter.problemsOnly} onChange={(e) => applyFilter({ problemsOnly: e.target.checked })} />
        Problems only
      </label>
      <label className="event-log__check">
        <input type="checkbox" checked={follow} onChange={(e) => onFollowChange(e.target.checked)} />
        Follow
      </label>
      <span className="event-log__spacer-flex" />
      <label className="event-log__check" title="Audio makes exports large: ~6.4 kB of text per 100 ms">
        <input type="checkbox" checked={exportAudio} onChange={(e) => onExportAudioChange(e.target.checked)} />
        Export audio
      </label>
      <button type="button" className="event-log__button" onClick={onExport} disabled={store.size === 0}>
        Export JSONL
      </button>
      <button type="button" className="event-log__button" onClick={() => store.clear()} disabled={store.size === 0}>
        Clear
      </button>
    </div>
  );
}

import { useCallback, useState } from 'react';
import { EventDetails } from './EventDetails';
import { EventLogList } from './EventLogList';
import type { EventLogStore, ValidatorState } from './eventLogStore';
import { EventLogToolbar } from './EventLogToolbar';
import { downloadFile, exportFileName, type DownloadFile } from './downloadFile';
import { useStoreVersion, type FrameScheduler } from './useStoreVersion';
import './EventLog.scss';

export const DEFAULT_ROW_HEIGHT = 24;
export const DEFAULT_OVERSCAN = 4;
export const DEFAULT_SEARCH_DEBOUNCE_MS = 150;
export const DEFAULT_FALLBACK_VIEWPORT_HEIGHT = 480;

export interface EventLogProps {
  store: EventLogStore;
  /** The key in use, redacted from exports (key-shaped strings are redacted anyway). */
  apiKey?: string | null;
  /** Row height in px: the virtualiser relies on every row having exactly this height. */
  rowHeight?: number;
  overscan?: number;
  searchDebounceMs?: number;
  fallbackViewportHeight?: number;
  /** Whether "Export audio" starts ticked (exports then carry base64 audio in full). */
  exportAudio?: boolean;
  /** Saves the export; default: a browser download. */
  download?: (file: DownloadFile) => void;
  /** Batches renders; default: requestAnimationFrame. */
  frames?: FrameScheduler;
  className?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The log's problems: the server's `error` events first (they need no schema), then the schema's findings. */
function problemStatus(state: ValidatorState, problems: number, serverErrors: number, error: string | null): string {
  if (serverErrors === 0) return schemaStatus(state, problems, error, 'problem');
  const schema = schemaStatus(state, problems - serverErrors, error, 'schema problem');
  return `${plural(serverErrors, 'server error')} · ${schema === 'no schema problems' ? 'schema ok' : schema}`;
}

function schemaStatus(state: ValidatorState, problems: number, error: string | null, word: string): string {
  switch (state) {
    case 'idle':
      return 'schema check on the first event'; // loads lazily: nothing is loading yet
    case 'loading':
      return 'schema check loading…';
    case 'failed':
      return `schema check unavailable (${error ?? 'failed to load'})`;
    case 'off':
      return 'schema check off';
    default:
      return problems === 0 ? `no ${word}s` : plural(problems, word);
  }
}

/** Every event sent and received: grouped, filterable, searchable, exportable. */
export function EventLog(props: EventLogProps) {
  const { store, apiKey, download = downloadFile, frames } = props;
  const rowHeight = props.rowHeight ?? DEFAULT_ROW_HEIGHT;
  useStoreVersion(store, frames);
  const version = store.version;
  const [selection, setSelection] = useState<{ rowId: number; generation: number } | null>(null);
  const selectedRowId = selection && selection.generation === store.generation ? selection.rowId : null;
  const generation = store.generation;
  const setSelectedRowId = useCallback((rowId: number | null) => setSelection(rowId === null ? null : { rowId, generation }), [generation]);
  const [follow, setFollow] = useState(true);
  const [exportAudio, setExportAudio] = useState(props.exportAudio ?? false);

  const selected = selectedRowId === null ? undefined : store.row(selectedRowId);
  const onExport = useCallback(() => {
    download({ name: exportFileName(), type: 'application/x-ndjson', parts: store.exportJsonl({ apiKey, trimAudio: !exportAudio }) });
  }, [download, store, apiKey, exportAudio]);

  return (
    <div className={['event-log', props.className].filter(Boolean).join(' ')} data-testid="event-log">
      <EventLogToolbar
        store={store}
        searchDebounceMs={props.searchDebounceMs ?? DEFAULT_SEARCH_DEBOUNCE_MS}
        follow={follow}
        onFollowChange={setFollow}
        exportAudio={exportAudio}
        onExportAudioChange={setExportAudio}
        onExport={onExport}
      />
      <div className="event-log__status" data-testid="event-log-status">
        <span>
          {store.size} events · {store.rowCount} rows · {store.visibleCount} shown
        </span>
        {store.droppedNotice && <span data-testid="event-log-dropped">{store.droppedNotice}</span>}
        <span className={store.problemCount > 0 ? 'event-log__status-problems' : undefined} data-testid="event-log-schema">
          {problemStatus(store.validatorState, store.problemCount, store.serverErrorCount, store.validatorError)}
        </span>
      </div>
      <EventLogList
        store={store}
        version={version}
        selectedRowId={selected ? selectedRowId : null}
        onSelect={setSelectedRowId}
        follow={follow}
        onFollowChange={setFollow}
        rowHeight={rowHeight}
        overscan={props.overscan ?? DEFAULT_OVERSCAN}
        fallbackViewportHeight={props.fallbackViewportHeight ?? DEFAULT_FALLBACK_VIEWPORT_HEIGHT}
      />
      {selected && <EventDetails store={store} row={selected} onClose={() => setSelectedRowId(null)} />}
    </div>
  );
}

// The event log's records (an event, a row), its filter and options, and the constants that
// classify events; the store (eventLogStore.ts, which re-exports all of this) keeps and indexes them.
import type { EventValidator } from './protocolValidator';

/** 'console': the page's own record (e.g. '(audible)'), neither sent nor received: never validated. */
export type LogSource = 'client' | 'server' | 'console';

/** What the page pushes: the reference client's `TransportEvent` has exactly this shape. */
export interface LoggableEvent {
  time: number;
  source: LogSource;
  event: unknown;
  /** The text received, when the transport kept it. Not stored: the event is. */
  raw?: string;
  /** Not from the wire but from the relay, rewritten (a Live session's snapshots over WebRTC, held text removed). */
  via?: 'relay';
}

/** A frame that was not a JSON event (the transport's 'malformed' payload). */
export interface MalformedInput {
  raw: string;
  error: string;
}

/** Type shown for frames that were not JSON. */
export const MALFORMED_TYPE = '(malformed)';
/** The console's own row for a connection that ended (its event: `{ type, code?, reason? }`: typed, so an export reads back the same). */
export const DISCONNECTED_TYPE = '(disconnected)';
/** Type shown for JSON frames without a string `type`. */
export const UNTYPED_TYPE = '(no type)';

export interface LogEntry {
  /** Position in the log, from 0. */
  readonly seq: number;
  readonly time: number;
  readonly source: LogSource;
  readonly type: string;
  /** The event as pushed (not copied). `undefined` for malformed frames. */
  readonly event: unknown;
  /** The frame's text, for malformed frames only (the rest keep the parsed event alone). */
  readonly raw?: string;
  /** Why the frame could not be read, for malformed frames. */
  readonly malformed?: string;
  /** The relay delivered this event instead of the wire (LoggableEvent.via). */
  readonly via?: 'relay';
  readonly itemId?: string;
  /** Row this event belongs to. */
  readonly rowId: number;
  /** `undefined` = not checked yet, `null` = valid, else the schema errors. */
  errors?: string[] | null;
  /** Lower-cased searchable text, built on the first search. */
  searchText?: string;
}

export interface LogRow {
  readonly id: number;
  /** `seq` of its first event. */
  readonly first: number;
  /** `seq` of every event, in order, once it holds more than one (use `store.rowSeq`). */
  members: number[] | null;
  /** Number of events in the row (1, or more for grouped deltas). */
  count: number;
  /** Audio bytes its events carry (what `maxAudioBytes` counts). */
  audioBytes: number;
  readonly type: string;
  readonly source: LogSource;
  readonly itemId?: string;
  readonly time: number;
  lastTime: number;
  /** Events of this row that failed the schema, were not JSON, or are a server `error`. */
  problems: number;
  readonly malformed: boolean;
  /** The row is a server `error` event (a problem even when it passes the schema). */
  readonly serverError: boolean;
  /** The row holds the first event of a connection (where its session begins in the log). */
  readonly connectionStart: boolean;
  /** On a connection's first row: the wire it ran over (`WebSocket`, `WebRTC`), when the page said. */
  readonly connectionTransport?: string;
}

export type DirectionFilter = 'all' | LogSource;

export interface EventLogFilter {
  direction: DirectionFilter;
  /** Only these types; `null` = every type. */
  types: ReadonlySet<string> | null;
  /** Case-insensitive text searched in payloads (audio trimmed), matched at the start of a word. Empty = no search. */
  search: string;
  /** Only rows with a problem: an event that failed the schema, was not JSON, or a server `error`. */
  problemsOnly: boolean;
}

export const NO_FILTER: EventLogFilter = { direction: 'all', types: null, search: '', problemsOnly: false };

export type ValidatorState = 'idle' | 'loading' | 'ready' | 'failed' | 'off';

export interface EventLogStoreOptions {
  /** Loads the validator; `null` turns schema checks off. Default: dynamic import of validate.ts. */
  loadValidator?: (() => Promise<EventValidator>) | null;
  /** Longest a validation batch may run before yielding, in ms. */
  validationSliceMs?: number;
  /** Runs a validation batch later. Default: `setTimeout(task, 0)`. */
  scheduleTask?: (task: () => void) => void;
  /** Whether events of this type (same item, same direction, in one run of deltas) share a row. */
  isGroupable?: (type: string) => boolean;
  /** The stream an event without an item belongs to (its run); default: the microphone's appends. */
  streamOf?: (type: string) => string | undefined;
  /** Most events kept; the oldest rows are dropped past it. Default DEFAULT_MAX_ENTRIES (100,000). */
  maxEntries?: number;
  /** Most audio bytes kept (decoded, in base64 fields); the oldest rows are dropped past it. Default DEFAULT_MAX_AUDIO_BYTES (64 MiB). */
  maxAudioBytes?: number;
}

export const DEFAULT_VALIDATION_SLICE_MS = 8;

export const isDeltaType = (type: string): boolean => type.endsWith('.delta');

/** The stream of `input_audio_buffer.append` chunks, which carry no `item_id`. */
export const INPUT_AUDIO_STREAM = 'input_audio_buffer';
export const INPUT_AUDIO_APPEND = 'input_audio_buffer.append';

/** Default grouping: deltas, and the microphone's append chunks (50 a second when streaming). */
export const isStreamedType = (type: string): boolean => isDeltaType(type) || type === INPUT_AUDIO_APPEND;

export interface ExportOptions {
  /** Also redacted, besides the key patterns. */
  apiKey?: string | null;
  /** 'all' events (default) or only those in rows passing the filter. */
  scope?: 'all' | 'visible';
  /** Replace base64 audio by `<base64 audio N bytes>`. Default false: the export is complete. */
  trimAudio?: boolean;
}

export interface TypeCount {
  type: string;
  count: number;
}

// Grouping: a run is a stretch of consecutive streamed events of one stream, per direction: the
// deltas (`*.delta`) of one `item_id`, or the client's `input_audio_buffer.append` chunks. Within
// a run, an event joins the group of its type and content part, so a spoken answer's interleaved
// audio and transcript deltas make two rows (one per type) instead of dozens, and a microphone
// streaming while the model speaks makes one append row. Any other event ends both directions'
// runs; a streamed event of another stream ends its own direction's run. A row sits at its first
// event; `count` is the number of events, and its events may interleave with other groups' events.
import { groupKeyOf } from './eventKeys';
import { INPUT_AUDIO_APPEND, INPUT_AUDIO_STREAM, type LogEntry, type LogRow, type LogSource } from './eventLogTypes';

/** The server's `error` event: a problem in the log, whatever the schema says. */
export const SERVER_ERROR_TYPE = 'error';

/** The row an event opens (alone, or as the first of a group). */
export function firstRowOf(entry: LogEntry, audioBytes: number, connection: { transport?: string } | null): LogRow {
  return {
    id: entry.rowId,
    first: entry.seq,
    members: null,
    count: 1,
    audioBytes,
    type: entry.type,
    source: entry.source,
    itemId: entry.itemId,
    time: entry.time,
    lastTime: entry.time,
    problems: 0,
    malformed: entry.malformed !== undefined,
    serverError: entry.source === 'server' && entry.type === SERVER_ERROR_TYPE,
    connectionStart: connection !== null,
    connectionTransport: connection?.transport,
  };
}

export class EventLogRuns {
  /** Per direction: the stream of the current run (undefined: no run). */
  private readonly stream: Record<LogSource, string | undefined> = { client: undefined, server: undefined, console: undefined };
  /** Per direction: the run's open groups, by type and content part. */
  private readonly groups: Record<LogSource, Map<string, LogRow>> = { client: new Map(), server: new Map(), console: new Map() };

  constructor(
    private readonly isGroupable: (type: string) => boolean,
    /** The stream of an event without an item (GPT-Live's have none); default: the microphone's appends. */
    private readonly streamOf: (type: string) => string | undefined = (type) => (type === INPUT_AUDIO_APPEND ? INPUT_AUDIO_STREAM : undefined),
  ) {}

  /**
   * An event arrives: ends the runs it ends, and returns its group key within its run, or
   * undefined when it is not grouped.
   */
  route(source: LogSource, type: string, event: unknown, itemId: string | undefined): string | undefined {
    // The console's own record (the first played sample, amid the item's audio deltas) is no
    // wire event: it splits no group.
    if (source === 'console') return undefined;
    const stream = itemId ?? this.streamOf(type);
    if (stream === undefined || !this.isGroupable(type)) {
      this.endAll();
      return undefined;
    }
    if (stream !== this.stream[source]) this.start(source, stream);
    // Deltas of different content parts of one item are different streams: they never share a row.
    return groupKeyOf(type, event);
  }

  /** The open group of that key in the current run of `source`. */
  open(source: LogSource, key: string): LogRow | undefined {
    return this.groups[source].get(key);
  }

  /** A new row opens the group of `key`. */
  opened(source: LogSource, key: string, row: LogRow): void {
    this.groups[source].set(key, row);
  }

  /** The row was dropped: it takes no more events. */
  forget(row: LogRow): void {
    const groups = this.groups[row.source];
    groups.forEach((open, key) => open === row && groups.delete(key));
  }

  /** Closes every open group, in both directions. */
  endAll(): void {
    if (this.stream.client !== undefined) this.start('client', undefined);
    if (this.stream.server !== undefined) this.start('server', undefined);
  }

  /** Closes one direction's open groups; `stream` (if given) is that direction's next run. */
  private start(source: LogSource, stream: string | undefined): void {
    this.groups[source].clear();
    this.stream[source] = stream;
  }
}

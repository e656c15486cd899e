/**
 * EventLogStore: the event log's model (no React). The page owns one store, pushes every event
 * sent or received into it, and mounts `<EventLog store={store} />` to show it.
 *
 *   const store = new EventLogStore();
 *   client.on('realtime.event', (e) => store.append(e));               // TransportEvent
 *   client.on('malformed', (frame) => store.appendMalformed(frame)); // not JSON
 *
 * Writing
 *   append(event)              one TransportEvent ({ time, source, event, raw? }). O(1) amortised:
 *                              one push, or one counter bump. `raw` is not kept (only malformed
 *                              frames keep their text); MCP tools' secrets are redacted first.
 *   appendMalformed(frame, { time?, source? })  a frame that was not a JSON event ({ raw, error }).
 *   startConnection(transport?) the next event begins a new connection (its row is marked, with its wire).
 *   appendDisconnect({ time?, code?, reason? })  a row of the console's own (source 'console'): the
 *                              connection ended (not a protocol event: never validated, exported
 *                              with its type).
 *                              Records appended with source 'console' (e.g. '(audible)') are the
 *                              console's own too: never validated, never grouped, ending no run.
 *   clear()                    forgets everything (the filter stays).
 * Bound (eventLogLimits.ts)
 *   Past `maxEntries` events or `maxAudioBytes` of audio the oldest rows are dropped, whole, in
 *   batches; `droppedCount` says how many events went, and the export's first line says so too.
 *   Row ids and seqs are never reused (until clear()): a dropped one reads as undefined.
 * Reading (cheap, call them while rendering)
 *   size, rowCount             events and rows kept (a row is one event or a group of deltas).
 *   droppedCount, audioBytes, limits   events dropped by the bound, audio held, the limits.
 *   visibleCount, visibleRow(i), visibleIndexOf(rowId)   rows passing the filter, in order.
 *   row(id), entry(seq), rowSeq(row, i), rowEntries(row)  a row and the events it holds.
 *   types()                    every event type seen, with counts (for the type filter).
 *   generation                 bumped by clear() (row ids restart from 0).
 *   problemCount               events that failed the schema, were not JSON, or are the server's
 *                              `error` events (serverErrorCount of them).
 *   validatorState             'idle' | 'loading' | 'ready' | 'failed' | 'off'.
 * Filtering
 *   filter, setFilter({ direction?, types?, search?, problemsOnly? })  recomputes the visible rows
 *                              once (O(n)); appends then keep them up to date in O(1).
 * Changes
 *   subscribe(listener) → unsubscribe. Listeners run synchronously after every change (cheap:
 *   the view only schedules one render per animation frame). `version` counts changes.
 * Validation (eventLogValidation.ts)
 *   Events are checked against the protocol schema off the append path, client events strictly,
 *   server events leniently. `whenValidated()` resolves once every event so far is checked.
 * Export (eventLogExport.ts)
 *   exportJsonl({ apiKey?, scope?, trimAudio? }) → JSONL lines (each ends in "\n", ready for a
 *   Blob), with `openai-insecure-api-key.*`, `sk-…`, `ek_…` and `apiKey` replaced by [redacted].
 * Grouping deltas into rows: eventLogRuns.ts. The filtered view: eventLogView.ts. Running totals
 * (kept, audio, dropped, problems, per type): eventLogTallies.ts.
 */
import { DEFAULT_MAX_AUDIO_BYTES, DEFAULT_MAX_ENTRIES, DROP_SLACK, GROUP_SHARE_OF_LIMIT, droppedNotice, eventAudioBytes, type EventLogLimits } from './eventLogLimits';
import { exportJsonl } from './eventLogExport';
import { itemIdOf, typeOf } from './eventKeys';
import { EventLogRuns, firstRowOf, SERVER_ERROR_TYPE } from './eventLogRuns';
import { EventLogValidation } from './eventLogValidation';
import { EventLogView } from './eventLogView';
import {
  DEFAULT_VALIDATION_SLICE_MS,
  DISCONNECTED_TYPE,
  isStreamedType,
  MALFORMED_TYPE,
  type EventLogFilter,
  type EventLogStoreOptions,
  type ExportOptions,
  type LogEntry,
  type LoggableEvent,
  type LogRow,
  type LogSource,
  type MalformedInput,
  type TypeCount,
  type ValidatorState,
} from './eventLogTypes';
import { loadProtocolValidator } from './protocolValidator';
import { withoutMcpSecrets } from '../../lib/protocol/mcp-secrets';
import { EventLogTallies } from './eventLogTallies';

export * from './eventLogTypes';

/** A reason that already starts with this is not prefixed a second time. */
const NOT_JSON_PREFIX = /^not JSON:\s*/i;

export { SERVER_ERROR_TYPE };

export class EventLogStore {
  /** Entries from seq `entryBase` on; a dropped row's events after that are holes (undefined). */
  private readonly entries: Array<LogEntry | undefined> = [];
  /** Rows from id `rowBase` on. */
  private readonly rows: LogRow[] = [];
  private entryBase = 0;
  private rowBase = 0;
  private readonly tallies = new EventLogTallies();
  private readonly listeners = new Set<() => void>();
  private readonly view: EventLogView;
  private readonly validation: EventLogValidation;
  /** startConnection() was called: the next row begins a connection (over this wire, when named). */
  private connectionPending: { transport?: string } | null = null;
  private changes = 0;
  private readonly runs: EventLogRuns;
  private clears = 0;

  /** The bound, as given (or the defaults). */
  readonly limits: Readonly<EventLogLimits>;
  private readonly maxGroupEvents: number;
  private readonly maxGroupAudio: number;

  constructor(options: EventLogStoreOptions = {}) {
    this.limits = { maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES, maxAudioBytes: options.maxAudioBytes ?? DEFAULT_MAX_AUDIO_BYTES };
    if (!(this.limits.maxEntries >= 1) || !(this.limits.maxAudioBytes >= 0)) throw new RangeError('maxEntries must be at least 1 and maxAudioBytes at least 0');
    this.maxGroupEvents = Math.max(1, Math.floor(this.limits.maxEntries * GROUP_SHARE_OF_LIMIT));
    this.maxGroupAudio = this.limits.maxAudioBytes * GROUP_SHARE_OF_LIMIT;
    this.runs = new EventLogRuns(options.isGroupable ?? isStreamedType, options.streamOf);
    this.view = new EventLogView({ rowList: this.rows, rowEntry: (row, index) => this.entry(this.rowSeq(row, index)) });
    this.validation = new EventLogValidation(
      {
        endSeq: () => this.entryBase + this.entries.length,
        entry: (seq) => this.entry(seq),
        problemFound: (entry) => this.tallies.problemIn(this.rows[entry.rowId - this.rowBase]),
        checked: (foundProblem) => {
          if (foundProblem && this.view.filter.problemsOnly) this.view.rebuild();
          this.changed();
        },
      },
      {
        load: options.loadValidator === undefined ? loadProtocolValidator : options.loadValidator,
        sliceMs: options.validationSliceMs ?? DEFAULT_VALIDATION_SLICE_MS,
        scheduleTask: options.scheduleTask ?? ((task) => void setTimeout(task, 0)),
      },
    );
  }

  // ---- writing -------------------------------------------------------------------------

  append(input: LoggableEvent): LogEntry {
    // input.raw is not kept (it would double what every server event holds); MCP secrets neither. A '(disconnected)' read back is local too.
    const event = withoutMcpSecrets(input.event);
    const type = typeOf(event);
    return this.push(input.time, input.source, type, event, undefined, itemIdOf(event), undefined, input.source === 'console' || type === DISCONNECTED_TYPE, input.via);
  }

  appendMalformed(frame: MalformedInput, options: { time?: number; source?: LogSource } = {}): LogEntry {
    // The client already says "not JSON: …"; the store adds that prefix itself, so keep it once.
    const reason = frame.error.replace(NOT_JSON_PREFIX, '');
    return this.push(options.time ?? Date.now(), options.source ?? 'server', MALFORMED_TYPE, undefined, frame.raw, undefined, reason);
  }

  /** The next event appended begins a new connection: its row carries the connection's start line. */
  startConnection(transport?: string): void {
    this.connectionPending = { transport };
  }

  /** The connection ended: a row of the console's own (nothing was sent or received). */
  appendDisconnect(details: { time?: number; code?: number; reason?: string } = {}): LogEntry {
    // Typed and of source 'console', so an exported log opened again shows the same row.
    const event: Record<string, unknown> = { type: DISCONNECTED_TYPE };
    if (details.code !== undefined) event.code = details.code;
    if (details.reason) event.reason = details.reason;
    this.connectionPending = null;
    return this.push(details.time ?? Date.now(), 'console', DISCONNECTED_TYPE, event, undefined, undefined, undefined, true);
  }

  clear(): void {
    this.entries.length = 0;
    this.rows.length = 0;
    this.entryBase = 0;
    this.rowBase = 0;
    this.tallies.reset();
    this.runs.endAll();
    this.clears += 1;
    this.view.reset();
    this.changed();
    this.validation.skipTo(0, true);
  }

  private push(
    time: number,
    source: LogSource,
    type: string,
    event: unknown,
    raw: string | undefined,
    itemId: string | undefined,
    malformed: string | undefined,
    local = false,
    via?: 'relay',
  ): LogEntry {
    const seq = this.entryBase + this.entries.length;
    const groupKey = this.runs.route(source, type, event, itemId);
    const audioBytes = eventAudioBytes(type, event);
    let open = groupKey === undefined ? undefined : this.runs.open(source, groupKey);
    // A full group is closed, so that dropping whole groups never drops much more than needed.
    if (open && (open.count >= this.maxGroupEvents || open.audioBytes + audioBytes > this.maxGroupAudio)) open = undefined;
    const joins = open !== undefined;

    const rowId = open ? open.id : this.rowBase + this.rows.length;
    // One object shape for every entry keeps property access monomorphic (and appends fast).
    const entry: LogEntry = {
      seq,
      time,
      source,
      type,
      event,
      raw,
      malformed,
      via,
      itemId,
      rowId,
      // A local row is never validated (null: checked, nothing found).
      errors: malformed !== undefined ? [`not JSON: ${malformed}`] : local ? null : undefined,
      searchText: undefined,
    };
    this.entries.push(entry);
    this.tallies.added(entry.type, audioBytes);

    let row: LogRow;
    if (open) {
      row = open;
      if (row.members) row.members.push(seq);
      else row.members = [row.first, seq];
      row.count += 1;
      row.audioBytes += audioBytes;
      row.lastTime = entry.time;
    } else {
      row = firstRowOf(entry, audioBytes, this.connectionPending);
      this.connectionPending = null;
      this.rows.push(row);
      if (groupKey !== undefined) this.runs.opened(source, groupKey, row);
    }
    if (entry.errors) this.tallies.problemIn(row);
    if (row.serverError && !joins) this.tallies.serverErrorIn(row);

    this.view.appended(row, joins, entry);
    if (this.tallies.kept > this.limits.maxEntries || this.tallies.audio > this.limits.maxAudioBytes) this.dropOldest();
    this.changed();
    this.validation.start();
    return entry;
  }

  /**
   * Drops the oldest rows, whole, until both limits hold with some slack (so this runs once per
   * many appends: each run moves the arrays once). The newest row always stays.
   */
  private dropOldest(): void {
    const slack = Math.floor(this.limits.maxEntries * DROP_SLACK);
    const entryTarget = this.limits.maxEntries - slack;
    const audioTarget = this.limits.maxAudioBytes - this.limits.maxAudioBytes * DROP_SLACK;
    let cut = 0; // rows dropped
    while (cut < this.rows.length - 1 && (this.tallies.kept > entryTarget || this.tallies.audio > audioTarget)) {
      const row = this.rows[cut++];
      this.tallies.droppedRow(row);
      for (let i = 0; i < row.count; i++) this.entries[this.rowSeq(row, i) - this.entryBase] = undefined;
      this.runs.forget(row);
    }
    if (cut === 0) return;
    this.rows.splice(0, cut);
    this.rowBase += cut;
    // Every event before the first kept row's first belonged to a dropped row.
    const firstKept = this.rows[0].first;
    this.entries.splice(0, firstKept - this.entryBase);
    this.entryBase = firstKept;
    this.validation.skipTo(this.entryBase);
    this.view.droppedBefore(this.rowBase);
  }

  // ---- reading -------------------------------------------------------------------------

  /** Events kept (dropped ones excluded). */
  get size(): number {
    return this.tallies.kept;
  }
  /** Events dropped by the bound since the last clear(). */
  get droppedCount(): number {
    return this.tallies.dropped;
  }
  /** "N earlier events dropped (limit …)", or null when nothing was dropped. */
  get droppedNotice(): string | null {
    return this.tallies.dropped > 0 ? droppedNotice(this.tallies.dropped, this.limits) : null;
  }
  /** Audio bytes held by the events kept. */
  get audioBytes(): number {
    return this.tallies.audio;
  }
  get rowCount(): number {
    return this.rows.length;
  }
  get version(): number {
    return this.changes;
  }
  /** Changes on every `clear()`: row ids of an older generation name other rows. */
  get generation(): number {
    return this.clears;
  }
  get problemCount(): number {
    return this.tallies.problems;
  }
  /** The server's `error` events (each also counted in problemCount). */
  get serverErrorCount(): number {
    return this.tallies.serverErrors;
  }
  get validatorState(): ValidatorState {
    return this.validation.state;
  }
  /** Why the validator could not be loaded, when `validatorState` is 'failed'. */
  get validatorError(): string | null {
    return this.validation.error;
  }
  get visibleCount(): number {
    const ids = this.view.ids;
    return ids ? ids.length : this.rows.length;
  }
  visibleRow(index: number): LogRow | undefined {
    const ids = this.view.ids;
    return ids ? this.row(ids[index]) : this.rows[index];
  }
  /** Position of a row among the visible ones, or -1. O(log n). */
  visibleIndexOf(rowId: number): number {
    return this.view.indexOf(rowId, (id) => (id >= this.rowBase && id < this.rowBase + this.rows.length ? id - this.rowBase : -1));
  }
  /** The row, or undefined once dropped. */
  row(id: number): LogRow | undefined {
    return id >= this.rowBase ? this.rows[id - this.rowBase] : undefined;
  }
  /** The event, or undefined once dropped. */
  entry(seq: number): LogEntry | undefined {
    return seq >= this.entryBase ? this.entries[seq - this.entryBase] : undefined;
  }
  /** `seq` of the row's `index`-th event (0 ≤ index < row.count). */
  rowSeq(row: LogRow, index: number): number {
    return row.members ? row.members[index] : row.first + index;
  }
  /** The row's events (a row is kept or dropped whole, so a kept row has them all). */
  rowEntries(row: LogRow): LogEntry[] {
    const entries: LogEntry[] = [];
    for (let i = 0; i < row.count; i++) {
      const entry = this.entry(this.rowSeq(row, i));
      if (entry) entries.push(entry);
    }
    return entries;
  }
  types(): TypeCount[] {
    return this.tallies.types();
  }

  // ---- filtering -----------------------------------------------------------------------

  get filter(): EventLogFilter {
    return this.view.filter;
  }

  setFilter(patch: Partial<EventLogFilter>): void {
    this.view.setFilter(patch);
    this.changed();
  }

  // ---- changes -------------------------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(): void {
    this.changes += 1;
    this.listeners.forEach((listener) => listener());
  }

  // ---- validation ----------------------------------------------------------------------

  /** Resolves when every event appended so far has been checked (or checks are off/failed). */
  whenValidated(): Promise<void> {
    return this.validation.whenDone();
  }

  // ---- export --------------------------------------------------------------------------

  /**
   * The log as JSON Lines, secrets redacted. Returns lines (each ending in "\n") for a Blob.
   * When the bound dropped events, the first line says so: `{ dropped, maxEntries, maxAudioBytes, notice }`.
   */
  exportJsonl(options: ExportOptions = {}): string[] {
    const visible = this.view.rowTest(this.rowBase, this.rows.length);
    return exportJsonl({ entries: this.entries, dropped: this.tallies.dropped, limits: this.limits, visible }, options);
  }
}

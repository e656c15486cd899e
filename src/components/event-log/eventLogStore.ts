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
 *                              one push, or one counter bump when it joins an open group. `raw` is
 *                              not kept: the parsed event is what every reader uses (raw text is
 *                              kept only for malformed frames, which have nothing else).
 *   appendMalformed(frame, { time?, source? })  a frame that was not a JSON event ({ raw, error }).
 *   startConnection()          the next event begins a new connection (its row is marked).
 *   appendDisconnect({ time?, code?, reason? })  a row of the console's own: the connection ended
 *                              (not a protocol event: never validated, exported with its type).
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
 * Validation
 *   The protocol validator (Ajv + schema) is loaded with a dynamic import on the first event,
 *   then events are checked in time-sliced batches off the append path: client events strictly,
 *   server events leniently. `whenValidated()` resolves once every event so far is checked.
 * Export
 *   exportJsonl({ apiKey?, scope?, trimAudio? }) → JSONL lines (each ends in "\n", ready for a
 *   Blob), with `openai-insecure-api-key.*`, `sk-…`, `ek_…` and `apiKey` replaced by [redacted].
 *
 * Grouping: a run is a stretch of consecutive streamed events of one stream, per direction: the
 * deltas (`*.delta`) of one `item_id`, or the client's `input_audio_buffer.append` chunks. Within a
 * run, an event joins the group of its type and content part, so a spoken answer's interleaved audio and
 * transcript deltas make two rows (one per type) instead of dozens, and a microphone streaming
 * while the model speaks makes one append row. Any other event ends both directions' runs; a
 * streamed event of another stream ends its own direction's run. A row sits at its first event;
 * `count` is the number of events, and its events may interleave with other groups' events.
 */
import { errorMessage } from '../../lib/shared/error-message';
import { DEFAULT_MAX_AUDIO_BYTES, DEFAULT_MAX_ENTRIES, DROP_SLACK, GROUP_SHARE_OF_LIMIT, droppedNotice, eventAudioBytes, type EventLogLimits } from './eventLogLimits';
import { makeRedactor, trimAudioPayload } from './eventPayload';
import {
  DEFAULT_VALIDATION_SLICE_MS,
  DISCONNECTED_TYPE,
  INPUT_AUDIO_APPEND,
  INPUT_AUDIO_STREAM,
  isStreamedType,
  MALFORMED_TYPE,
  NO_FILTER,
  UNTYPED_TYPE,
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
import { loadProtocolValidator, type EventValidator } from './protocolValidator';
import { matchesWordStart, searchNeedle } from './searchMatch';

export * from './eventLogTypes';

/** A reason that already starts with this is not prefixed a second time. */
const NOT_JSON_PREFIX = /^not JSON:\s*/i;

function typeOf(event: unknown): string {
  const type = (event as { type?: unknown } | null)?.type;
  return typeof event === 'object' && event !== null && typeof type === 'string' ? type : UNTYPED_TYPE;
}

function itemIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const record = event as { item_id?: unknown; item?: { id?: unknown } };
  if (typeof record.item_id === 'string') return record.item_id;
  if (typeof record.item?.id === 'string') return record.item.id;
  return undefined;
}

/** A delta's group within a run: its type, and its content part when that is not the first. */
function groupKeyOf(type: string, event: unknown): string {
  const index = (event as { content_index?: unknown } | null)?.content_index;
  // Nearly every delta is of part 0: no string is built for it on the hot path.
  return typeof index === 'number' && index !== 0 ? `${type}#${index}` : type;
}

/** The server's `error` event: a problem in the log, whatever the schema says. */
export const SERVER_ERROR_TYPE = 'error';

export class EventLogStore {
  /** Entries from seq `entryBase` on; a dropped row's events after that are holes (undefined). */
  private readonly entries: Array<LogEntry | undefined> = [];
  /** Rows from id `rowBase` on. */
  private readonly rows: LogRow[] = [];
  private entryBase = 0;
  private rowBase = 0;
  private kept = 0;
  private audio = 0;
  private dropped = 0;
  private readonly typeCounts = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** Row ids passing the filter, ascending; `null` when nothing is filtered. */
  private view: number[] | null = null;
  private currentFilter: EventLogFilter = NO_FILTER;
  private searchNeedle = '';
  private problems = 0;
  private serverErrors = 0;
  /** startConnection() was called: the next row begins a connection. */
  private connectionPending = false;
  private changes = 0;
  /** Per direction: the stream of the current run (undefined: no run), and its open groups by type and content part. */
  private readonly runStream: Record<LogSource, string | undefined> = { client: undefined, server: undefined };
  private readonly openGroups: Record<LogSource, Map<string, LogRow>> = { client: new Map(), server: new Map() };
  private clears = 0;

  private validator: EventValidator | null = null;
  private validatorStatus: ValidatorState;
  private validationError: string | null = null;
  private validatedUpTo = 0;
  private drainScheduled = false;
  private validatedWaiters: Array<() => void> = [];

  private readonly loadValidator: (() => Promise<EventValidator>) | null;
  private readonly sliceMs: number;
  private readonly scheduleTask: (task: () => void) => void;
  private readonly isGroupable: (type: string) => boolean;
  /** The bound, as given (or the defaults). */
  readonly limits: Readonly<EventLogLimits>;
  private readonly maxGroupEvents: number;
  private readonly maxGroupAudio: number;

  constructor(options: EventLogStoreOptions = {}) {
    this.limits = { maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES, maxAudioBytes: options.maxAudioBytes ?? DEFAULT_MAX_AUDIO_BYTES };
    if (!(this.limits.maxEntries >= 1) || !(this.limits.maxAudioBytes >= 0)) throw new RangeError('maxEntries must be at least 1 and maxAudioBytes at least 0');
    this.maxGroupEvents = Math.max(1, Math.floor(this.limits.maxEntries * GROUP_SHARE_OF_LIMIT));
    this.maxGroupAudio = this.limits.maxAudioBytes * GROUP_SHARE_OF_LIMIT;
    this.loadValidator = options.loadValidator === undefined ? loadProtocolValidator : options.loadValidator;
    this.validatorStatus = this.loadValidator ? 'idle' : 'off';
    this.sliceMs = options.validationSliceMs ?? DEFAULT_VALIDATION_SLICE_MS;
    this.scheduleTask = options.scheduleTask ?? ((task) => void setTimeout(task, 0));
    this.isGroupable = options.isGroupable ?? isStreamedType;
  }

  // ---- writing -------------------------------------------------------------------------

  append(input: LoggableEvent): LogEntry {
    // input.raw is not kept: it would double what every server event holds, for nothing.
    return this.push(input.time, input.source, typeOf(input.event), input.event, undefined, itemIdOf(input.event), undefined);
  }

  appendMalformed(frame: MalformedInput, options: { time?: number; source?: LogSource } = {}): LogEntry {
    // The client already says "not JSON: …"; the store adds that prefix itself, so keep it once.
    const reason = frame.error.replace(NOT_JSON_PREFIX, '');
    return this.push(options.time ?? Date.now(), options.source ?? 'server', MALFORMED_TYPE, undefined, frame.raw, undefined, reason);
  }

  /** The next event appended begins a new connection: its row carries the connection's start line. */
  startConnection(): void {
    this.connectionPending = true;
  }

  /** The connection ended: a row of the console's own (nothing was sent or received). */
  appendDisconnect(details: { time?: number; code?: number; reason?: string } = {}): LogEntry {
    const event: Record<string, unknown> = {};
    if (details.code !== undefined) event.code = details.code;
    if (details.reason) event.reason = details.reason;
    this.connectionPending = false;
    return this.push(details.time ?? Date.now(), 'client', DISCONNECTED_TYPE, event, undefined, undefined, undefined, true);
  }

  clear(): void {
    this.entries.length = 0;
    this.rows.length = 0;
    this.entryBase = 0;
    this.rowBase = 0;
    this.kept = 0;
    this.audio = 0;
    this.dropped = 0;
    this.typeCounts.clear();
    this.endRuns();
    this.problems = 0;
    this.serverErrors = 0;
    this.validatedUpTo = 0;
    this.clears += 1;
    this.view = this.isFiltered() ? [] : null;
    this.changed();
    this.resolveWaitersIfDone();
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
  ): LogEntry {
    const seq = this.entryBase + this.entries.length;
    const stream = itemId ?? (type === INPUT_AUDIO_APPEND ? INPUT_AUDIO_STREAM : undefined);
    const groupable = stream !== undefined && this.isGroupable(type);
    if (!groupable) this.endRuns();
    else if (stream !== this.runStream[source]) this.startRun(source, stream);
    // Deltas of different content parts of one item are different streams: they never share a row.
    const groupKey = groupable ? groupKeyOf(type, event) : undefined;
    const audioBytes = eventAudioBytes(type, event);
    let open = groupKey === undefined ? undefined : this.openGroups[source].get(groupKey);
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
      itemId,
      rowId,
      // A local row is never validated (null: checked, nothing found).
      errors: malformed !== undefined ? [`not JSON: ${malformed}`] : local ? null : undefined,
      searchText: undefined,
    };
    this.entries.push(entry);
    this.kept += 1;
    this.audio += audioBytes;
    this.typeCounts.set(entry.type, (this.typeCounts.get(entry.type) ?? 0) + 1);

    let row: LogRow;
    if (open) {
      row = open;
      if (row.members) row.members.push(seq);
      else row.members = [row.first, seq];
      row.count += 1;
      row.audioBytes += audioBytes;
      row.lastTime = entry.time;
    } else {
      row = {
        id: rowId,
        first: seq,
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
        connectionStart: this.connectionPending,
      };
      this.connectionPending = false;
      this.rows.push(row);
      if (groupKey !== undefined) this.openGroups[source].set(groupKey, row);
    }
    if (entry.errors) this.countProblem(row);
    if (row.serverError && !joins) {
      this.countProblem(row);
      this.serverErrors += 1;
    }

    if (this.view) {
      if (!joins) {
        if (this.rowMatches(row)) this.view.push(row.id);
      } else {
        // A growing row is one of the run's few rows, all at the end: scan back from the end.
        let at = this.view.length;
        while (at > 0 && this.view[at - 1] > row.id) at -= 1;
        const inView = at > 0 && this.view[at - 1] === row.id;
        if (!inView && this.rowMatches(row, entry)) this.view.splice(at, 0, row.id);
      }
    }
    if (this.kept > this.limits.maxEntries || this.audio > this.limits.maxAudioBytes) this.dropOldest();
    this.changed();
    this.startValidation();
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
    while (cut < this.rows.length - 1 && (this.kept > entryTarget || this.audio > audioTarget)) {
      const row = this.rows[cut++];
      this.kept -= row.count;
      this.audio -= row.audioBytes;
      this.dropped += row.count;
      this.problems -= row.problems;
      if (row.serverError) this.serverErrors -= 1;
      const left = (this.typeCounts.get(row.type) ?? 0) - row.count;
      if (left > 0) this.typeCounts.set(row.type, left);
      else this.typeCounts.delete(row.type);
      for (let i = 0; i < row.count; i++) this.entries[this.rowSeq(row, i) - this.entryBase] = undefined;
      const groups = this.openGroups[row.source];
      groups.forEach((open, key) => open === row && groups.delete(key));
    }
    if (cut === 0) return;
    this.rows.splice(0, cut);
    this.rowBase += cut;
    // Every event before the first kept row's first belonged to a dropped row.
    const firstKept = this.rows[0].first;
    this.entries.splice(0, firstKept - this.entryBase);
    this.entryBase = firstKept;
    this.validatedUpTo = Math.max(this.validatedUpTo, this.entryBase);
    if (this.view) {
      let stale = 0;
      while (stale < this.view.length && this.view[stale] < this.rowBase) stale += 1;
      this.view.splice(0, stale);
    }
  }

  /** Closes every open group, in both directions. */
  private endRuns(): void {
    if (this.runStream.client !== undefined) this.startRun('client', undefined);
    if (this.runStream.server !== undefined) this.startRun('server', undefined);
  }

  /** Closes one direction's open groups; `stream` (if given) is that direction's next run. */
  private startRun(source: LogSource, stream: string | undefined): void {
    this.openGroups[source].clear();
    this.runStream[source] = stream;
  }

  private countProblem(row: LogRow): void {
    row.problems += 1;
    this.problems += 1;
  }

  // ---- reading -------------------------------------------------------------------------

  /** Events kept (dropped ones excluded). */
  get size(): number {
    return this.kept;
  }
  /** Events dropped by the bound since the last clear(). */
  get droppedCount(): number {
    return this.dropped;
  }
  /** "N earlier events dropped (limit …)", or null when nothing was dropped. */
  get droppedNotice(): string | null {
    return this.dropped > 0 ? droppedNotice(this.dropped, this.limits) : null;
  }
  /** Audio bytes held by the events kept. */
  get audioBytes(): number {
    return this.audio;
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
    return this.problems;
  }
  /** The server's `error` events (each also counted in problemCount). */
  get serverErrorCount(): number {
    return this.serverErrors;
  }
  get validatorState(): ValidatorState {
    return this.validatorStatus;
  }
  /** Why the validator could not be loaded, when `validatorState` is 'failed'. */
  get validatorError(): string | null {
    return this.validationError;
  }
  get visibleCount(): number {
    return this.view ? this.view.length : this.rows.length;
  }
  visibleRow(index: number): LogRow | undefined {
    return this.view ? this.row(this.view[index]) : this.rows[index];
  }
  /** Position of a row among the visible ones, or -1. O(log n). */
  visibleIndexOf(rowId: number): number {
    if (!this.view) return rowId >= this.rowBase && rowId < this.rowBase + this.rows.length ? rowId - this.rowBase : -1;
    let low = 0;
    let high = this.view.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = this.view[mid];
      if (value === rowId) return mid;
      if (value < rowId) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
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
    return Array.from(this.typeCounts, ([type, count]) => ({ type, count })).sort((a, b) => a.type.localeCompare(b.type));
  }

  // ---- filtering -----------------------------------------------------------------------

  get filter(): EventLogFilter {
    return this.currentFilter;
  }

  setFilter(patch: Partial<EventLogFilter>): void {
    this.currentFilter = { ...this.currentFilter, ...patch };
    this.searchNeedle = searchNeedle(this.currentFilter.search);
    this.rebuildView();
    this.changed();
  }

  private isFiltered(): boolean {
    const f = this.currentFilter;
    return f.direction !== 'all' || f.types !== null || this.searchNeedle !== '' || f.problemsOnly;
  }

  private rebuildView(): void {
    if (!this.isFiltered()) {
      this.view = null;
      return;
    }
    const view: number[] = [];
    for (const row of this.rows) if (this.rowMatches(row)) view.push(row.id);
    this.view = view;
  }

  /** Whether a row passes the filter; `newEntry` limits the search to the event just added. */
  private rowMatches(row: LogRow, newEntry?: LogEntry): boolean {
    const f = this.currentFilter;
    if (f.direction !== 'all' && row.source !== f.direction) return false;
    if (f.types && !f.types.has(row.type)) return false;
    if (f.problemsOnly && row.problems === 0) return false;
    if (!this.searchNeedle) return true;
    if (newEntry) return matchesWordStart(this.searchTextOf(newEntry), this.searchNeedle);
    for (let i = 0; i < row.count; i++) {
      const entry = this.entry(this.rowSeq(row, i));
      if (entry && matchesWordStart(this.searchTextOf(entry), this.searchNeedle)) return true;
    }
    return false;
  }

  private searchTextOf(entry: LogEntry): string {
    if (entry.searchText === undefined) {
      const body = entry.malformed !== undefined ? `${entry.raw ?? ''} ${entry.malformed}` : JSON.stringify(trimAudioPayload(entry.event)) ?? '';
      entry.searchText = `${entry.type} ${body}`.toLowerCase();
    }
    return entry.searchText;
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
    if (this.validationDone()) return Promise.resolve();
    return new Promise((resolve) => this.validatedWaiters.push(resolve));
  }

  private validationDone(): boolean {
    return this.validatorStatus === 'off' || this.validatorStatus === 'failed' || (this.validatorStatus === 'ready' && this.validatedUpTo >= this.entryBase + this.entries.length);
  }

  private resolveWaitersIfDone(): void {
    if (!this.validationDone() || this.validatedWaiters.length === 0) return;
    const waiters = this.validatedWaiters;
    this.validatedWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private startValidation(): void {
    if (this.validatorStatus === 'idle' && this.loadValidator) {
      this.validatorStatus = 'loading';
      this.loadValidator().then(
        (validator) => {
          this.validator = validator;
          this.validatorStatus = 'ready';
          this.scheduleDrain();
          this.changed();
        },
        (error: unknown) => {
          this.validatorStatus = 'failed';
          this.validationError = errorMessage(error);
          this.changed();
          this.resolveWaitersIfDone();
        },
      );
    } else if (this.validatorStatus === 'ready') {
      this.scheduleDrain();
    }
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    this.scheduleTask(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  /** Checks pending events for at most `sliceMs`, then yields and continues later. */
  private drain(): void {
    const validator = this.validator;
    if (!validator) return;
    const started = performance.now();
    let foundProblem = false;
    let checked = 0;
    const end = this.entryBase + this.entries.length;
    while (this.validatedUpTo < end) {
      const entry = this.entries[this.validatedUpTo++ - this.entryBase];
      checked += 1;
      if (entry === undefined || entry.errors !== undefined) continue; // dropped, or malformed: already marked
      const result = entry.source === 'client' ? validator.validateClientEvent(entry.event) : validator.validateServerEvent(entry.event);
      entry.errors = result.valid ? null : result.errors;
      if (!result.valid) {
        this.countProblem(this.rows[entry.rowId - this.rowBase]);
        foundProblem = true;
      }
      // Checking the clock every event would cost more than some validations.
      if ((checked & 63) === 0 && performance.now() - started > this.sliceMs) break;
    }
    if (foundProblem && this.currentFilter.problemsOnly) this.rebuildView();
    if (checked > 0) this.changed();
    if (this.validatedUpTo < this.entryBase + this.entries.length) this.scheduleDrain();
    else this.resolveWaitersIfDone();
  }

  // ---- export --------------------------------------------------------------------------

  /**
   * The log as JSON Lines, secrets redacted. Returns lines (each ending in "\n") for a Blob.
   * When the bound dropped events, the first line says so: `{ dropped, maxEntries, maxAudioBytes, notice }`.
   */
  exportJsonl(options: ExportOptions = {}): string[] {
    const redact = makeRedactor(options.apiKey);
    const lines: string[] = [];
    if (this.dropped > 0) lines.push(`${JSON.stringify({ dropped: this.dropped, ...this.limits, notice: this.droppedNotice })}\n`);
    const write = (entry: LogEntry): void => {
      const record: Record<string, unknown> = { time: new Date(entry.time).toISOString(), source: entry.source };
      if (entry.malformed !== undefined) {
        record.malformed = entry.malformed;
        record.raw = entry.raw;
      } else {
        record.event = options.trimAudio ? trimAudioPayload(entry.event) : entry.event;
      }
      if (entry.errors) record.errors = entry.errors;
      lines.push(`${redact(JSON.stringify(record))}\n`);
    };
    if (options.scope === 'visible' && this.view) {
      // In arrival order: a run's groups interleave, so row by row would reorder the events.
      const visible = new Uint8Array(this.rows.length);
      for (const rowId of this.view) visible[rowId - this.rowBase] = 1;
      for (const entry of this.entries) if (entry && visible[entry.rowId - this.rowBase]) write(entry);
    } else {
      for (const entry of this.entries) if (entry) write(entry);
    }
    return lines;
  }
}

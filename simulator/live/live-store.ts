// The simulator's stored GPT-Live sessions: a session started with `store: true` is kept when it
// closes (live.d.ts: "Whether to store the session for later forking and recording download"),
// with its final snapshot and what was said, so `/v1/live/sessions/{id}/fork` can start a new
// session from it. The docs say a fork needs "a stored, closed session whose recording has
// finalized" (API reference, forks connect example) and give no retention; the simulator's own
// bounds are below. Kept in memory only: a restart forgets every stored session.
import type { InitialItem, SessionResource } from 'openai/resources/live/live';

export interface LiveStoreLimits {
  maxSessions: number;
  maxBytes: number;
  retentionMs: number;
  maxUnstoredIds: number;
}

/** The simulator's bounds (its own figures: the docs state none for Live storage). */
export const LIVE_STORE_LIMITS: Readonly<LiveStoreLimits> = {
  /** Stored sessions kept; the oldest goes first past it. */
  maxSessions: 64,
  /** Bytes of stored snapshots and conversations (their JSON); the oldest go first past it. */
  maxBytes: 8 * 1024 * 1024,
  /** A stored session is forgotten this long after it closed. */
  retentionMs: 60 * 60 * 1000,
  /** Ids remembered as closed but not stored, to say so instead of "unknown". */
  maxUnstoredIds: 1024,
};

export interface StoredLiveSession {
  id: string;
  /** The final snapshot (`session.closed`'s `session`). */
  session: SessionResource;
  /** What was said, as text history (the stored `input` first, then the transcript turns). */
  history: InitialItem[];
  closedAtMs: number;
  /** The stored session this one was forked from, if any. */
  forkedFrom: string | null;
  bytes: number;
}

export type LiveTransport = 'websocket' | 'webrtc';

/** Why a fork of `id` is refused (the simulator's words: the docs name no codes), or the stored session. */
export type ForkLookup =
  | { ok: true; stored: StoredLiveSession }
  | { ok: false; code: 'session_not_found' | 'session_not_stored' | 'session_active'; message: string };

export class LiveStore {
  private readonly stored = new Map<string, StoredLiveSession>();
  private readonly active = new Map<string, LiveTransport>();
  private readonly unstored = new Set<string>();
  private totalBytes = 0;

  constructor(
    private readonly limits: Readonly<LiveStoreLimits> = LIVE_STORE_LIMITS,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get size(): number {
    this.expire();
    return this.stored.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** A session started (its transport decides whether a sideband may attach). */
  opened(id: string, transport: LiveTransport): void {
    this.active.set(id, transport);
  }

  /** The transport of an active session, or undefined. */
  activeTransport(id: string): LiveTransport | undefined {
    return this.active.get(id);
  }

  /** A session closed: kept when it was started with `store: true`. */
  closed(entry: Omit<StoredLiveSession, 'bytes' | 'closedAtMs'>): void {
    this.active.delete(entry.id);
    if (!entry.session.store) {
      this.unstored.add(entry.id);
      if (this.unstored.size > this.limits.maxUnstoredIds) this.unstored.delete(this.unstored.values().next().value as string);
      return;
    }
    const bytes = JSON.stringify(entry.session).length + JSON.stringify(entry.history).length;
    if (bytes > this.limits.maxBytes) return;
    this.stored.set(entry.id, { ...entry, bytes, closedAtMs: this.nowMs() });
    this.totalBytes += bytes;
    while (this.stored.size > this.limits.maxSessions || this.totalBytes > this.limits.maxBytes) this.drop(this.stored.keys().next().value as string);
  }

  /** The stored session a fork may start from, or why not. */
  forkable(id: string): ForkLookup {
    this.expire();
    const stored = this.stored.get(id);
    if (stored) return { ok: true, stored };
    const shown = id.slice(0, 80);
    if (this.active.has(id)) {
      return { ok: false, code: 'session_active', message: `The Live session '${shown}' has not closed yet; fork a stored session once it has closed and its recording has finalized.` };
    }
    if (this.unstored.has(id)) {
      return { ok: false, code: 'session_not_stored', message: `The Live session '${shown}' was not stored; start a session with "store": true to fork it later.` };
    }
    return { ok: false, code: 'session_not_found', message: `No stored Live session with id '${shown}' (the simulator keeps stored sessions ${this.limits.retentionMs / 60_000} minutes, in memory).` };
  }

  private expire(): void {
    const oldest = this.nowMs() - this.limits.retentionMs;
    for (const [id, entry] of this.stored) {
      if (entry.closedAtMs > oldest) break; // insertion order is closing order
      this.drop(id);
    }
  }

  private drop(id: string): void {
    const entry = this.stored.get(id);
    if (!entry) return;
    this.stored.delete(id);
    this.totalBytes -= entry.bytes;
  }
}

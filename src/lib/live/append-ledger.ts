// The appends a client sent (`session.instructions|thinking|commentary.append`) and where each
// landed: pending until its `*.appended` arrives (it waits while input audio is stalled, as the
// session clock does), then placed at a timeline position. Matched by the command's event_id.

export type AppendChannel = 'instructions' | 'thinking' | 'commentary';

export interface LedgerEntry {
  eventId: string;
  channel: AppendChannel;
  delegationId: string | null;
  content: string;
  sentWallMs: number;
  /** Set once appended. */
  startMs?: number;
  endMs?: number;
  appendedWallMs?: number;
  /** Set when the server refused it (`error` with this client_event_id). */
  error?: string;
}

export const APPENDED_TYPES: Record<string, AppendChannel> = {
  'session.instructions.appended': 'instructions',
  'session.thinking.appended': 'thinking',
  'session.commentary.appended': 'commentary',
};

export class AppendLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  constructor(private readonly now: () => number = Date.now) {}

  sent(eventId: string, channel: AppendChannel, content: string, delegationId: string | null): LedgerEntry {
    const entry: LedgerEntry = { eventId, channel, content, delegationId, sentWallMs: this.now() };
    this.entries.set(eventId, entry);
    return entry;
  }

  appended(clientEventId: string | undefined, startMs: number, endMs: number): LedgerEntry | undefined {
    const entry = clientEventId ? this.entries.get(clientEventId) : undefined;
    if (!entry) return undefined;
    entry.startMs = startMs;
    entry.endMs = endMs;
    entry.appendedWallMs = this.now();
    return entry;
  }

  refused(clientEventId: string | undefined, message: string): LedgerEntry | undefined {
    const entry = clientEventId ? this.entries.get(clientEventId) : undefined;
    if (entry) entry.error = message;
    return entry;
  }

  pending(): LedgerEntry[] {
    return this.list().filter((e) => e.startMs === undefined && e.error === undefined);
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()];
  }
}

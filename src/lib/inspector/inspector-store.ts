// The inspector's model for one session (no React): records go in, latency turns, usage and
// rate limits come out. The page feeds it the client's 'realtime.event' stream; an opened
// recording feeds it the log's records. Readers get cached results until the next record.
import { LatencyTracker, summarizeLatency, type LatencySummary, type TurnLatency } from './latency';
import type { InspectorRecord } from './records';
import { UsageTracker } from './usage';

export class InspectorStore {
  private latency = new LatencyTracker();
  private usageTracker = new UsageTracker();
  private readonly listeners = new Set<() => void>();
  private changes = 0;
  private cachedTurns: { version: number; turns: TurnLatency[]; summary: LatencySummary } | null = null;

  get version(): number {
    return this.changes;
  }

  append(record: InspectorRecord): void {
    this.latency.push(record);
    this.usageTracker.push(record);
    this.changed();
  }

  appendAll(records: Iterable<InspectorRecord>): void {
    for (const record of records) {
      this.latency.push(record);
      this.usageTracker.push(record);
    }
    this.changed();
  }

  /** A new session: figures start again from nothing. */
  reset(): void {
    this.latency = new LatencyTracker();
    this.usageTracker = new UsageTracker();
    this.changed();
  }

  turns(): TurnLatency[] {
    return this.latencyNow().turns;
  }

  summary(): LatencySummary {
    return this.latencyNow().summary;
  }

  /** The session's usage so far (read-only: price it with usageReport). */
  get usage(): Readonly<UsageTracker> {
    return this.usageTracker;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private latencyNow(): { turns: TurnLatency[]; summary: LatencySummary } {
    if (this.cachedTurns?.version !== this.changes) {
      const turns = this.latency.turns();
      this.cachedTurns = { version: this.changes, turns, summary: summarizeLatency(turns) };
    }
    return this.cachedTurns;
  }

  private changed(): void {
    this.changes += 1;
    for (const listener of this.listeners) listener();
  }
}

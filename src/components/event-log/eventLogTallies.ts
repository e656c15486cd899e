// The event log's running totals: events and audio kept (what the bound checks), events dropped,
// problems and server errors, and events per type. Appending, dropping a row and clearing each
// update all of them in one call, so the totals cannot drift from the rows they describe.
import type { LogRow, TypeCount } from './eventLogTypes';
import { TypeCounts } from './typeCounts';

export class EventLogTallies {
  /** Events kept (dropped ones excluded). */
  kept = 0;
  /** Audio bytes held by the events kept. */
  audio = 0;
  /** Events dropped by the bound since the last reset. */
  dropped = 0;
  /** Events that failed the schema, were not JSON, or are the server's `error` events. */
  problems = 0;
  serverErrors = 0;
  private readonly typeCounts = new TypeCounts();

  added(type: string, audioBytes: number): void {
    this.kept += 1;
    this.audio += audioBytes;
    this.typeCounts.add(type);
  }

  problemIn(row: LogRow): void {
    row.problems += 1;
    this.problems += 1;
  }

  /** A row that starts with a server `error` event: a problem, and counted apart too. */
  serverErrorIn(row: LogRow): void {
    this.problemIn(row);
    this.serverErrors += 1;
  }

  droppedRow(row: LogRow): void {
    this.kept -= row.count;
    this.audio -= row.audioBytes;
    this.dropped += row.count;
    this.problems -= row.problems;
    if (row.serverError) this.serverErrors -= 1;
    this.typeCounts.add(row.type, -row.count);
  }

  reset(): void {
    this.kept = 0;
    this.audio = 0;
    this.dropped = 0;
    this.problems = 0;
    this.serverErrors = 0;
    this.typeCounts.clear();
  }

  types(): TypeCount[] {
    return this.typeCounts.list();
  }
}

// A GPT-Live recording, rebuilt offline: its event log (Live's schema and rows) and the same
// wire state the LiveClient keeps live (transcript turns, delegations, append ledger, usage,
// decisions), fed the recorded events at their recorded times, in order, one record at a time
// (an opened file arrives in batches: inspector/recording.ts).
import { createLiveEventLog } from '../event-log/liveEventLog';
import type { EventLogStore } from '../event-log/eventLogStore';
import { LiveWireState } from '../../lib/live/live-wire-state';
import type { OpenedRecord } from '../../lib/inspector/session-file';

type WireEvent = { type: string; event_id?: string; [field: string]: unknown };

const isEvent = (value: unknown): value is WireEvent =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string';

export class LiveRecordingBuilder {
  readonly log: EventLogStore = createLiveEventLog();
  readonly live: LiveWireState;
  private wall: number;

  /** `firstTime`: the recording's first record's time (ms since the epoch). */
  constructor(firstTime: number) {
    this.wall = firstTime;
    // Answer and placement times are the recording's own, not now.
    this.live = new LiveWireState({ now: () => this.wall });
    this.log.startConnection('GPT-Live');
  }

  add(record: OpenedRecord): void {
    this.wall = record.time;
    if (record.malformed) {
      this.log.appendMalformed(record.malformed, { time: record.time, source: record.source });
      return;
    }
    this.log.append({ time: record.time, source: record.source, event: record.event });
    if (!isEvent(record.event)) return;
    try {
      if (record.source === 'client') this.live.sent(record.event);
      else if (record.source === 'server') this.live.received(record.event);
    } catch {
      // An event the state cannot apply: the log still shows it.
    }
  }
}

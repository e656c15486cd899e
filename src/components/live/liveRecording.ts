// A GPT-Live recording, rebuilt offline: its event log (Live's schema and rows) and the same
// wire state the LiveClient keeps live (transcript turns, delegations, append ledger, usage,
// decisions), fed the recorded events at their recorded times.
import { createLiveEventLog } from '../event-log/liveEventLog';
import type { EventLogStore } from '../event-log/eventLogStore';
import { LiveWireState } from '../../lib/live/live-wire-state';
import type { OpenedSession } from '../../lib/inspector/session-file';

export interface LiveRecording {
  log: EventLogStore;
  live: LiveWireState;
}

type WireEvent = { type: string; event_id?: string; [field: string]: unknown };

const isEvent = (value: unknown): value is WireEvent =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string';

export function loadLiveRecording(opened: OpenedSession): LiveRecording {
  const log = createLiveEventLog();
  let wall = opened.records[0]?.time ?? 0;
  // Answer and placement times are the recording's own, not now.
  const live = new LiveWireState({ now: () => wall });
  log.startConnection('GPT-Live');
  for (const record of opened.records) {
    wall = record.time;
    if (record.malformed) {
      log.appendMalformed(record.malformed, { time: record.time, source: record.source });
      continue;
    }
    log.append({ time: record.time, source: record.source, event: record.event });
    if (!isEvent(record.event)) continue;
    try {
      if (record.source === 'client') live.sent(record.event);
      else if (record.source === 'server') live.received(record.event);
    } catch {
      // An event the state cannot apply: the log still shows it.
    }
  }
  return { log, live };
}

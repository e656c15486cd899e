// The console's own records, beside the wire's events in the log: what the page itself observed.
// Source 'console' says it was neither sent nor received, so the log never validates it, and the
// JSONL export and Open session keep it like any record. Types are in parentheses, like the log's
// other rows of its own ('(disconnected)' from eventLogStore.appendDisconnect, '(history carried)'), so no protocol event
// can be mistaken for one. Readers of recordings skip them (the conversation, a replay).
import type { HistoryCarryPlan } from '../realtime/history-carry';
import type { InspectorRecord } from './records';

export const CONSOLE_SOURCE = 'console';

/** The first sample of an assistant item's audio was played in the page (the WebSocket player). */
export const AUDIBLE_TYPE = '(audible)';

/** What the player says (wavtools' AudibleNotice): times on the Date.now() clock, latencies in ms. */
export interface AudibleMark {
  trackId: string;
  time: number;
  renderedAt: number;
  baseLatencyMs: number;
  outputLatencyMs: number;
  /** Through the echo-canceller loopback: its hop, seen at its element's receiver (included in `time`). */
  loopbackMs?: number;
}

const tenths = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * The record of an item's first audible sample, at whole milliseconds (what the export keeps), so
 * the live figures and those of the exported log are the same.
 */
export function audibleRecord(mark: AudibleMark): InspectorRecord {
  return {
    time: Math.round(mark.time),
    source: CONSOLE_SOURCE,
    event: {
      type: AUDIBLE_TYPE,
      item_id: mark.trackId,
      // How the time was reached: rendered by the worklet, plus the context's latencies (and the loopback's hop).
      rendered_at: Math.round(mark.renderedAt),
      base_latency_ms: tenths(mark.baseLatencyMs),
      output_latency_ms: tenths(mark.outputLatencyMs),
      ...(mark.loopbackMs === undefined ? {} : { loopback_ms: tenths(mark.loopbackMs) }),
    },
  };
}

/** An earlier conversation was carried into a new session here (Reconnect with history): the seam. */
export const HISTORY_CARRIED_TYPE = '(history carried)';

export interface HistoryCarriedEvent {
  type: typeof HISTORY_CARRIED_TYPE;
  /** Items sent into the new session, and their characters of text. */
  items: number;
  characters: number;
  /** Items left behind, by reason (history-carry.ts `CarrySkipReason`). */
  skipped: Record<string, number>;
  /** The ids of the first and last carried items in the new session. */
  first_item_id?: string;
  last_item_id?: string;
}

/** The seam's record, written just before the carried items go out. */
export function historyCarriedRecord(plan: HistoryCarryPlan, time = Date.now()): InspectorRecord {
  const skipped: Record<string, number> = {};
  for (const { reason } of plan.skipped) skipped[reason] = (skipped[reason] ?? 0) + 1;
  const event: HistoryCarriedEvent = { type: HISTORY_CARRIED_TYPE, items: plan.items.length, characters: plan.chars, skipped };
  if (plan.items.length > 0) {
    event.first_item_id = plan.items[0].id;
    event.last_item_id = plan.items[plan.items.length - 1].id;
  }
  return { time, source: CONSOLE_SOURCE, event };
}

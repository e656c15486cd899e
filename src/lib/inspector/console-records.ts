// The console's own records, beside the wire's events in the log: what the page itself observed.
// Source 'console' says it was neither sent nor received, so the log never validates it, and the
// JSONL export and Open session keep it like any record. Types are in parentheses, like the log's
// other rows of its own ('(disconnected)'), so no protocol event can be mistaken for one.
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
      // How the time was reached: rendered by the worklet, plus the context's latencies.
      rendered_at: Math.round(mark.renderedAt),
      base_latency_ms: tenths(mark.baseLatencyMs),
      output_latency_ms: tenths(mark.outputLatencyMs),
    },
  };
}

// A server `error` event that did not end the connection, as one line for a non-fatal notice.
import type { ServerErrorInfo } from '../../lib/realtime';

export interface ServerErrorNoticeState {
  /** The newest error, in words. */
  text: string;
  /** How many errors arrived since the notice was last cleared. */
  count: number;
}

/** E.g. "Server error invalid_value: Invalid voice (param session.audio.output.voice, event evt_123)". */
export function describeServerError(error: ServerErrorInfo): string {
  const head = error.code ? `Server error ${error.code}` : 'Server error';
  const message = error.message?.trim() || error.type || 'no message';
  const where = [error.param ? `param ${error.param}` : null, error.event_id ? `event ${error.event_id}` : null].filter(Boolean);
  return `${head}: ${message}${where.length ? ` (${where.join(', ')})` : ''}`;
}

/** The newest error replaces the shown one; the count keeps the older ones from going unnoticed. */
export function noteServerError(previous: ServerErrorNoticeState | null, error: ServerErrorInfo): ServerErrorNoticeState {
  return { text: describeServerError(error), count: (previous?.count ?? 0) + 1 };
}

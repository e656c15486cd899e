// Which server errors answer a `session.update`: the server names the client event it refuses
// in `error.event_id` (e.g. `cannot_update_voice` once the model has spoken). Such an update
// changes nothing, so the settings panel must stop waiting for a `session.updated`.
import type { TransportEvent } from '../../lib/realtime';

export interface SessionRejection {
  /** `code — message`, as the server sent them. */
  message: string;
  /** The refused `session.update`'s `event_id`. */
  eventId: string;
}

interface ErrorPayload {
  code?: string | null;
  message?: string | null;
  event_id?: string | null;
}

/** Remembers the ids of the session updates sent on one connection and matches errors to them. */
export class SessionRejections {
  private readonly sent = new Set<string>();

  /** Feed every transport event; returns a rejection when this one refuses a sent update. */
  observe({ source, event }: TransportEvent): SessionRejection | null {
    if (source === 'client') {
      if (event.type === 'session.update' && typeof event.event_id === 'string') this.sent.add(event.event_id);
      return null;
    }
    if (event.type !== 'error') return null;
    const error = (event as { error?: ErrorPayload }).error;
    const eventId = error?.event_id;
    if (typeof eventId !== 'string' || !this.sent.has(eventId)) return null;
    this.sent.delete(eventId);
    return { eventId, message: [error?.code, error?.message].filter(Boolean).join(' — ') || 'refused' };
  }
}

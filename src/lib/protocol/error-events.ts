// The GA `error` server event, built in one place for everything that speaks as a server: the
// simulator (as the real API does) and the relay (for what it refuses itself), so a client shows
// both like the API's own. Shape: OpenAI Realtime API reference, server event `error`
// (https://platform.openai.com/docs/api-reference/realtime-server-events/error).
import type { ServerEvent } from './protocol-types';

export type ErrorServerEvent = Extract<ServerEvent, { type: 'error' }>;

export interface ErrorEventFields {
  /** `invalid_request_error` for a refused event (the default); `server_error` and the like otherwise. */
  type?: string;
  code: string | null;
  message: string;
  /** The field at fault, dotted (`session.audio.input.voice`). */
  param?: string | null;
  /** The client event the error answers, when there is one. */
  clientEventId?: string | null;
}

/** An `error` server event with the given id; fields absent on the wire are sent as null. */
export function errorEvent(eventId: string, fields: ErrorEventFields): ErrorServerEvent {
  return {
    type: 'error',
    event_id: eventId,
    error: {
      type: fields.type ?? 'invalid_request_error',
      code: fields.code,
      message: fields.message,
      param: fields.param ?? null,
      event_id: fields.clientEventId ?? null,
    },
  };
}

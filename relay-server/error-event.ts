// The `error` events the relay itself sends the browser: GA-shaped server events, so a client
// shows them like the API's own, with a `relay_` code saying what the relay refused. The shape
// is shared with the simulator (src/lib/protocol/error-events.ts); the codes are the relay's.
import { errorEvent } from '../src/lib/protocol/error-events';

/** Error codes the relay puts in the `error` events it sends to the browser. */
export const RELAY_ERROR_CODES = {
  malformed: 'relay_malformed_event',
  binary: 'relay_binary_frame',
  notAllowed: 'relay_event_not_allowed',
  denied: 'relay_event_denied',
  tooLarge: 'relay_event_too_large',
  tooDeep: 'relay_event_too_deep',
  duplicateKey: 'relay_duplicate_key',
  heldField: 'relay_held_session_field',
  toolTypeNotAllowed: 'relay_tool_type_not_allowed',
  upstreamEventWithheld: 'relay_upstream_event_withheld',
  modelNotAllowed: 'relay_model_not_allowed',
  upstreamRefused: 'relay_upstream_refused',
  upstreamUnreachable: 'relay_upstream_unreachable',
  upstreamTimeout: 'relay_upstream_timeout',
  queueFull: 'relay_queue_full',
  tooManySessions: 'relay_too_many_sessions',
} as const;
export type RelayErrorCode = typeof RELAY_ERROR_CODES[keyof typeof RELAY_ERROR_CODES];

let relayEventCounter = 0;

/** An event id for what the relay sends itself, unique within the process. */
export function relayEventId(): string {
  relayEventCounter += 1;
  return `event_relay_${Date.now().toString(36)}_${relayEventCounter}`;
}

export interface RelayErrorDetails {
  /** The client event the error answers, when there is one. */
  clientEventId?: string | null;
  /** `invalid_request_error` for a refused event; `relay_error` for the relay's own failures. */
  errorType?: string;
  /** The field refused, dotted (`session.prompt`). */
  param?: string | null;
}

/** A GA-shaped `error` server event, as the relay sends it to the browser. */
export function relayErrorEvent(code: RelayErrorCode, message: string, details: RelayErrorDetails = {}): string {
  return JSON.stringify(
    errorEvent(relayEventId(), { type: details.errorType, code, message, param: details.param, clientEventId: details.clientEventId }),
  );
}

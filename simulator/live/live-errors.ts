// The Live `error` event and how a refused `session.start` is said. The types document
// `unknown_parameter` with `param` (e.g. `session.voice`) and `invalid_request_error`; the other
// codes here are the simulator's own words for cases the docs do not name (marked below).
import type { ErrorEvent as LiveErrorEvent } from 'openai/resources/live/live';
import { newEventId } from '../ids';

export const LIVE_ERROR_CODES = {
  /** Documented (live.d.ts `Error.code`). */
  unknownParameter: 'unknown_parameter',
  /** Simulator's words from here on: the docs name no code for these cases. */
  missingParameter: 'missing_required_parameter',
  invalidValue: 'invalid_value',
  invalidJson: 'invalid_json',
  unknownEvent: 'invalid_event_type',
  sessionNotStarted: 'session_not_started',
  sessionAlreadyStarted: 'session_already_started',
  modelNotFound: 'model_not_found',
  unsupported: 'unsupported_by_simulator',
  missingApiKey: 'missing_api_key',
  invalidApiKey: 'invalid_api_key',
} as const;

export interface LiveErrorDetails {
  code: string;
  message: string;
  param?: string;
  clientEventId?: string;
  type?: string;
}

export function liveErrorEvent(details: LiveErrorDetails): LiveErrorEvent {
  const error: LiveErrorEvent['error'] = { type: details.type ?? 'invalid_request_error', code: details.code, message: details.message };
  if (details.param !== undefined) error.param = details.param;
  if (details.clientEventId !== undefined) error.client_event_id = details.clientEventId;
  const event: LiveErrorEvent = { type: 'error', event_id: newEventId(), error };
  if (details.clientEventId !== undefined) event.client_event_id = details.clientEventId;
  return event;
}

/**
 * One schema message (`/audio/output: must NOT have additional properties (speed)`) as the Live
 * error it stands for, the path in the API's dotted form under `root` (`session.audio.output.speed`).
 */
export function schemaErrorToLive(message: string, root: string): Omit<LiveErrorDetails, 'clientEventId'> {
  const match = message.match(/^(\/[^:]*): (.*)$/);
  const pointer = match?.[1] ?? '/';
  const text = match?.[2] ?? message;
  const path = pointer
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
  const at = `${root}${path}`;
  const extra = text.match(/must NOT have additional properties \((.+)\)$/);
  if (extra) return { code: LIVE_ERROR_CODES.unknownParameter, param: `${at}.${extra[1]}`, message: `Unknown parameter: '${at}.${extra[1]}'.` };
  const missing = text.match(/must have required property '(.+)'$/);
  if (missing) return { code: LIVE_ERROR_CODES.missingParameter, param: `${at}.${missing[1]}`, message: `Missing required parameter: '${at}.${missing[1]}'.` };
  return { code: LIVE_ERROR_CODES.invalidValue, param: at, message: `Invalid value for '${at}': ${text}.` };
}

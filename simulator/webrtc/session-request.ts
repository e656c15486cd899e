// The session a client secret or a call is created with: checked against the same schema as a
// `session.update` (a `RealtimeSessionCreateRequest` in both), then applied to the simulator's
// default session, so an ephemeral key's calls start as that configuration says.
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import { validateClientEvent } from '../../src/lib/protocol/validate';
import { DEFAULT_MODEL } from '../../src/lib/protocol/models';
import { describeValidationFailure } from '../client-errors';
import { newSessionId } from '../ids';
import { applySessionUpdate, defaultSession, type SimSession } from '../session';
import type { HttpError } from './http-io';

export type SessionRequestResult = { ok: true; session: RealtimeSessionCreateRequest } | { ok: false; error: HttpError };

/** Shape-checks `value` as a realtime session request (absent: a default realtime session). */
export function checkSessionRequest(value: unknown, param = 'session'): SessionRequestResult {
  if (value === undefined) return { ok: true, session: { type: 'realtime' } };
  const event = { type: 'session.update', session: value };
  const result = validateClientEvent(event);
  if (!result.valid) {
    const info = describeValidationFailure(event, result);
    // The checker names paths from the event (`session.…`); the body's own name may differ.
    const rename = (text: string | null): string | null => (text === null ? null : text.replace(/\bsession(?=\.|'|$)/g, param));
    return { ok: false, error: { status: 400, message: rename(info.message) ?? info.message, code: info.code, param: rename(info.param) } };
  }
  const session = value as { type?: string };
  if (session.type !== 'realtime') {
    // Transcription-only sessions are not simulated (simulator/README.md, "Not simulated").
    return {
      ok: false,
      error: { status: 400, code: 'invalid_value', param: `${param}.type`, message: "The simulator only runs 'realtime' sessions; 'transcription' sessions are not simulated." },
    };
  }
  return { ok: true, session: value as RealtimeSessionCreateRequest };
}

/** The full session a request makes: the defaults, with the request's fields merged in. */
export function sessionFromRequest(request: RealtimeSessionCreateRequest, nowSeconds: number): SimSession {
  const base = defaultSession({ id: newSessionId(), model: request.model || DEFAULT_MODEL, nowSeconds });
  const merged = applySessionUpdate(base, request, { assistantHasSpoken: false });
  // A realtime request on a fresh session cannot be refused (no voice has spoken yet).
  return 'session' in merged ? merged.session : base;
}

// POST /v1/realtime/client_secrets: mints an ephemeral key with a standard key. Body and answer
// as `ClientSecretCreateParams` / `ClientSecretCreateResponse` type them
// (openai/resources/realtime/client-secrets.d.ts): `{expires_after?: {anchor?: "created_at",
// seconds?: 10..7200}, session?}` → 200 `{value: "ek_…", expires_at, session}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientSecretCreateResponse } from 'openai/resources/realtime/client-secrets';
import type { RealtimeSessionCreateRequest } from 'openai/resources/realtime/realtime';
import { jsonDepthExceeds } from '../request-safety';
import { authenticate, requireStandard } from './http-auth';
import { mediaType, readBody, sendError, sendJson, type HttpError } from './http-io';
import { EXPIRY_LIMITS, type EphemeralKeys } from './ephemeral-keys';
import { checkSessionRequest, sessionFromRequest } from './session-request';

/** Largest JSON body accepted (a session with many tools fits easily). */
export const MAX_CLIENT_SECRET_BODY_BYTES = 1024 * 1024;

export interface ClientSecretsContext {
  keys: EphemeralKeys;
  /** The simulator's standard key, when it requires one. */
  apiKey: string | undefined;
  nowMs: () => number;
}

export async function handleClientSecrets(request: IncomingMessage, response: ServerResponse, ctx: ClientSecretsContext): Promise<void> {
  const auth = requireStandard(authenticate(request, ctx.keys, ctx.apiKey));
  if (!auth.ok) return sendError(response, auth.error);
  const read = await readBody(request, MAX_CLIENT_SECRET_BODY_BYTES);
  if (!read.ok) return sendError(response, read.error);
  const parsed = parseJsonBody(request, read.body);
  if ('error' in parsed) return sendError(response, parsed.error);
  const checked = checkBody(parsed.value);
  if ('error' in checked) return sendError(response, checked.error);
  const key = ctx.keys.mint(checked.session, checked.seconds);
  if (!key) return sendError(response, { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many unexpired ephemeral keys; wait for some to expire.' });
  const session = sessionFromRequest(key.session, Math.floor(ctx.nowMs() / 1000));
  // The reference's example answers a session whose `expires_at` is 0: the session has not started.
  const answer: ClientSecretCreateResponse = { value: key.value, expires_at: key.expiresAt, session: { ...session, expires_at: 0 } };
  sendJson(response, 200, answer, { 'cache-control': 'no-store' });
}

type Parsed = { value: unknown } | { error: HttpError };

function parseJsonBody(request: IncomingMessage, body: Buffer): Parsed {
  if (body.length === 0) return { value: {} }; // every field is optional
  if (mediaType(request) !== 'application/json') {
    return { error: { status: 400, code: 'invalid_content_type', message: "Send the body as JSON with 'Content-Type: application/json'." } };
  }
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text)) return { error: { status: 400, code: 'invalid_json', message: 'The body nests too deeply.' } };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: { status: 400, code: 'invalid_json', message: 'We could not parse the JSON body of your request.' } };
  }
}

type Checked = { seconds: number; session: RealtimeSessionCreateRequest } | { error: HttpError };

function checkBody(body: unknown): Checked {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { error: { status: 400, code: 'invalid_type', message: 'The body must be a JSON object.' } };
  }
  const { expires_after: expiresAfter, session, ...unknown } = body as Record<string, unknown>;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) return { error: { status: 400, code: 'unknown_parameter', param: extra, message: `Unknown parameter: '${extra}'.` } };
  const seconds = checkExpiresAfter(expiresAfter);
  if (typeof seconds !== 'number') return { error: seconds };
  const checked = checkSessionRequest(session);
  if (!checked.ok) return { error: checked.error };
  return { seconds, session: checked.session };
}

function checkExpiresAfter(value: unknown): number | HttpError {
  if (value === undefined) return EXPIRY_LIMITS.defaultSeconds;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { status: 400, code: 'invalid_type', param: 'expires_after', message: "Invalid type for 'expires_after': expected an object." };
  }
  const { anchor, seconds, ...unknown } = value as Record<string, unknown>;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) return { status: 400, code: 'unknown_parameter', param: `expires_after.${extra}`, message: `Unknown parameter: 'expires_after.${extra}'.` };
  if (anchor !== undefined && anchor !== 'created_at') {
    return { status: 400, code: 'invalid_value', param: 'expires_after.anchor', message: "Invalid value for 'expires_after.anchor': only 'created_at' is supported." };
  }
  if (seconds === undefined) return EXPIRY_LIMITS.defaultSeconds;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds)) {
    return { status: 400, code: 'invalid_type', param: 'expires_after.seconds', message: "Invalid type for 'expires_after.seconds': expected an integer." };
  }
  if (seconds < EXPIRY_LIMITS.minSeconds || seconds > EXPIRY_LIMITS.maxSeconds) {
    return {
      status: 400,
      code: 'integer_out_of_range',
      param: 'expires_after.seconds',
      message: `Invalid 'expires_after.seconds': integer out of range. Expected a value between ${EXPIRY_LIMITS.minSeconds} and ${EXPIRY_LIMITS.maxSeconds}, but got ${seconds}.`,
    };
  }
  return seconds;
}

// Who is calling an HTTP endpoint: a standard key (the simulator's MOCK_API_KEY when set, else
// any key that is not an `ek_` one), a valid ephemeral key, or no one. Errors as the REST API
// gives them: 401 with `invalid_request_error`.
import type { IncomingMessage } from 'node:http';
import { redactKey } from '../handshake';
import type { HttpError } from './http-io';
import { isEphemeralKey, type EphemeralKey, type EphemeralKeys } from './ephemeral-keys';

/** `key` is null for an `ek_` key this simulator did not mint (accepted only when any key is). */
export type Caller = { kind: 'standard' } | { kind: 'ephemeral'; key: EphemeralKey | null };

export type AuthResult = { ok: true; caller: Caller } | { ok: false; error: HttpError };

export function bearerKey(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  return header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
}

/**
 * The caller of `request`. An `ek_` key counts as ephemeral unless it is the configured standard
 * key itself (tests run the simulator with `apiKey: 'ek_…'`). An ephemeral key the simulator did
 * not mint is accepted only where any key is (no `apiKey` set), with the default session.
 */
export function authenticate(request: IncomingMessage, keys: EphemeralKeys, requiredKey: string | undefined): AuthResult {
  const key = bearerKey(request);
  if (!key) {
    return { ok: false, error: { status: 401, code: 'missing_api_key', message: "You didn't provide an API key. Provide it as 'Authorization: Bearer YOUR_KEY'." } };
  }
  if (requiredKey !== undefined && key === requiredKey) return { ok: true, caller: { kind: 'standard' } };
  if (isEphemeralKey(key)) {
    const found = keys.lookup(key);
    if (found.kind === 'valid') return { ok: true, caller: { kind: 'ephemeral', key: found.key } };
    if (found.kind === 'expired') {
      // The live API's wording for an expired client secret is not documented; this one says what happened.
      return { ok: false, error: { status: 401, code: 'invalid_api_key', message: `The ephemeral key ${redactKey(key)} has expired. Mint a new one with POST /v1/realtime/client_secrets.` } };
    }
  }
  if (requiredKey === undefined && isEphemeralKey(key)) return { ok: true, caller: { kind: 'ephemeral', key: null } };
  if (requiredKey !== undefined) {
    return { ok: false, error: { status: 401, code: 'invalid_api_key', message: `Incorrect API key provided: ${redactKey(key)}.` } };
  }
  return { ok: true, caller: { kind: 'standard' } };
}

/** An endpoint that needs a standard key refuses an ephemeral one. */
export function requireStandard(result: AuthResult): AuthResult {
  if (result.ok && result.caller.kind === 'ephemeral') {
    return { ok: false, error: { status: 401, code: 'invalid_api_key', message: 'This endpoint needs a standard API key; an ephemeral key (ek_…) cannot be used here.' } };
  }
  return result;
}

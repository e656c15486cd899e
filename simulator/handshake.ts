// Decides what happens to an upgrade request, as the real API does: a key is required (Bearer
// header or `openai-insecure-api-key.<key>` subprotocol) and the retired beta shape is refused.
import type { IncomingMessage } from 'node:http';
import { DEFAULT_MODEL } from '../src/lib/protocol/models';
import { parseTarget } from './request-safety';
import type { EphemeralKey, KeyLookup } from './webrtc/ephemeral-keys';
import { REALTIME_CLOSE_CODES, WS_CLOSE_CODES } from '../src/lib/protocol/close-codes';
import {
  API_KEY_SUBPROTOCOL_PREFIX,
  BETA_SUBPROTOCOL,
  REALTIME_SUBPROTOCOL,
  parseSubprotocols,
  subprotocolValue,
} from '../src/lib/protocol/subprotocols';

export const REALTIME_PATH = '/v1/realtime';
// The console's default too: one dated list (src/lib/protocol/models.ts).
export { DEFAULT_MODEL };
const BETA_HEADER_VALUE = 'realtime=v1';

/** Close codes the simulator uses, named for the case (src/lib/protocol/close-codes.ts). */
export const CLOSE_CODES = {
  betaShapeDisabled: REALTIME_CLOSE_CODES.betaShapeDisabled,
  /** Missing or wrong key (policy violation). */
  invalidApiKey: WS_CLOSE_CODES.policyViolation,
} as const;

export interface HandshakeRejection {
  code: 'invalid_api_key' | 'missing_api_key' | 'beta_api_shape_disabled';
  message: string;
  closeCode: number;
}

/** What the real API answers a beta-shaped session with (also the `fault_beta_shape` fault). */
export const BETA_SHAPE_REJECTION: HandshakeRejection = {
  code: 'beta_api_shape_disabled',
  message:
    "The Realtime API beta shape is no longer supported. Remove the 'OpenAI-Beta: realtime=v1' header (or 'openai-beta.realtime-v1' subprotocol) and use the GA event shapes.",
  closeCode: CLOSE_CODES.betaShapeDisabled,
};

export type HandshakeOutcome =
  /** `ephemeral`: the minted key it came with, whose session the connection starts with. */
  | { kind: 'accepted'; apiKey: string; model: string; query: URLSearchParams; ephemeral?: EphemeralKey }
  | { kind: 'rejected'; rejection: HandshakeRejection; query: URLSearchParams }
  | { kind: 'not_found' }
  /** The request target is not a URL (e.g. `//[`): answered 400, never thrown. */
  | { kind: 'bad_request' };

export function offeredSubprotocols(request: IncomingMessage): string[] {
  return parseSubprotocols(request.headers['sec-websocket-protocol']);
}

/** The subprotocol to answer with: `realtime` when offered, else the first one offered. */
export function selectSubprotocol(offered: Iterable<string>): string | false {
  const list = Array.from(offered);
  if (list.includes(REALTIME_SUBPROTOCOL)) return REALTIME_SUBPROTOCOL;
  return list[0] ?? false;
}

function keyFrom(request: IncomingMessage, subprotocols: string[]): string | null {
  const authorization = request.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return bearer;
  return subprotocolValue(subprotocols, API_KEY_SUBPROTOCOL_PREFIX) || null;
}

function isBeta(request: IncomingMessage, subprotocols: string[]): boolean {
  const header = request.headers['openai-beta'];
  const values = (Array.isArray(header) ? header : [header ?? '']).flatMap((v) => v.split(','));
  return values.some((v) => v.trim() === BETA_HEADER_VALUE) || subprotocols.includes(BETA_SUBPROTOCOL);
}

/** How a key minted by POST /v1/realtime/client_secrets stands (webrtc/ephemeral-keys.ts). */
export type EphemeralLookup = (key: string) => KeyLookup;

export function evaluateHandshake(request: IncomingMessage, requiredKey?: string, ephemeral?: EphemeralLookup): HandshakeOutcome {
  const url = parseTarget(request.url);
  if (!url) return { kind: 'bad_request' };
  if (url.pathname.replace(/\/+$/, '') !== REALTIME_PATH) return { kind: 'not_found' };
  const query = url.searchParams;
  const subprotocols = offeredSubprotocols(request);
  const apiKey = keyFrom(request, subprotocols);
  if (!apiKey) {
    return {
      kind: 'rejected',
      query,
      rejection: {
        code: 'missing_api_key',
        message:
          "You didn't provide an API key. Provide it as 'Authorization: Bearer YOUR_KEY' or the 'openai-insecure-api-key.YOUR_KEY' subprotocol.",
        closeCode: CLOSE_CODES.invalidApiKey,
      },
    };
  }
  // An ephemeral key works on the WebSocket too (OpenAI's Agents SDK connects browsers so).
  const minted = apiKey !== requiredKey && ephemeral ? ephemeral(apiKey) : { kind: 'unknown' as const };
  if (minted.kind === 'expired') {
    return {
      kind: 'rejected',
      query,
      rejection: { code: 'invalid_api_key', message: `The ephemeral key ${redactKey(apiKey)} has expired.`, closeCode: CLOSE_CODES.invalidApiKey },
    };
  }
  if (requiredKey !== undefined && apiKey !== requiredKey && minted.kind !== 'valid') {
    return {
      kind: 'rejected',
      query,
      rejection: {
        code: 'invalid_api_key',
        message: `Incorrect API key provided: ${redactKey(apiKey)}.`,
        closeCode: CLOSE_CODES.invalidApiKey,
      },
    };
  }
  if (isBeta(request, subprotocols)) {
    return {
      kind: 'rejected',
      query,
      rejection: BETA_SHAPE_REJECTION,
    };
  }
  if (minted.kind === 'valid') {
    // The key's session names the model; a `?model=` beside it wins, as on a standard key.
    return { kind: 'accepted', apiKey, model: query.get('model') || minted.key.session.model || DEFAULT_MODEL, query, ephemeral: minted.key };
  }
  return { kind: 'accepted', apiKey, model: query.get('model') || DEFAULT_MODEL, query };
}

/** Shows only the ends of a key, as the real API does in its error message. */
export function redactKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 20))}${key.slice(-4)}`;
}

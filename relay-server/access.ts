// Who may open a relay session: the browser's Origin against an allow-list, then an optional
// access token. Browsers cannot set headers on a WebSocket, so the token comes as a
// subprotocol `relay-token.TOKEN` (kept out of URLs and access logs) or `?access_token=TOKEN`;
// non-browser clients may also send `Authorization: Bearer TOKEN`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RelayConfig } from './config';
import {
  REALTIME_SUBPROTOCOL,
  RELAY_TOKEN_SUBPROTOCOL_PREFIX,
  isSecretSubprotocol,
  parseSubprotocols,
  subprotocolValue,
} from '../src/lib/protocol/subprotocols';

export const TOKEN_QUERY_PARAMETER = 'access_token';

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; reason: string };

type AccessConfig = Pick<RelayConfig, 'allowedOrigins' | 'allowMissingOrigin' | 'accessToken'>;

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

export function originAllowed(origin: string | undefined, config: AccessConfig): boolean {
  if (origin === undefined || origin === '') return config.allowMissingOrigin;
  const wanted = normalizeOrigin(origin);
  return config.allowedOrigins.some((allowed) => allowed === '*' || normalizeOrigin(allowed) === wanted);
}

/** Offered subprotocols, from the raw header. */
export function offeredProtocols(req: IncomingMessage): string[] {
  return parseSubprotocols(req.headers['sec-websocket-protocol']);
}

/** The token the client presented, if any; `target` is the request's parsed URL (request-target.ts). */
export function presentedToken(req: IncomingMessage, target: URL): string | null {
  const fromProtocol = subprotocolValue(offeredProtocols(req), RELAY_TOKEN_SUBPROTOCOL_PREFIX);
  if (fromProtocol !== null) return fromProtocol;
  const fromQuery = target.searchParams.get(TOKEN_QUERY_PARAMETER);
  if (fromQuery) return fromQuery;
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  return null;
}

/** Compares digests so neither the content nor the length of the token leaks through timing. */
export function tokensEqual(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

export function checkAccess(req: IncomingMessage, target: URL, config: AccessConfig): AccessDecision {
  const origin = req.headers.origin;
  if (!originAllowed(origin, config)) {
    return { ok: false, status: 403, reason: origin ? `origin ${origin} is not allowed` : 'a missing Origin is not allowed' };
  }
  if (config.accessToken !== null) {
    const token = presentedToken(req, target);
    if (token === null) return { ok: false, status: 401, reason: 'an access token is required' };
    if (!tokensEqual(token, config.accessToken)) return { ok: false, status: 401, reason: 'the access token is wrong' };
  }
  return { ok: true };
}

/**
 * The subprotocol to answer with. Browsers fail the handshake when they offered subprotocols
 * and the server selects none, so one is always selected; a secret-carrying one only when
 * nothing else was offered (the browser already knows its own secret).
 */
export function selectProtocol(protocols: ReadonlySet<string>): string | false {
  if (protocols.has(REALTIME_SUBPROTOCOL)) return REALTIME_SUBPROTOCOL;
  const all = [...protocols];
  return all.find((p) => !isSecretSubprotocol(p)) ?? all[0] ?? false;
}

export type ModelChoice = { ok: true; model: string } | { ok: false; message: string };

/** The model for a session: the default, or `?model=` when it is on the allow-list. */
export function chooseModel(target: URL, config: Pick<RelayConfig, 'defaultModel' | 'allowedModels'>): ModelChoice {
  const asked = target.searchParams.get('model');
  if (!asked || asked === config.defaultModel) return { ok: true, model: config.defaultModel };
  if (config.allowedModels.includes(asked)) return { ok: true, model: asked };
  const allowed = [config.defaultModel, ...config.allowedModels].join(', ');
  return { ok: false, message: `relay: model "${asked}" is not allowed (allowed: ${allowed})` };
}

/** The upstream URL for a session: the configured URL, its query kept, with `model` set. */
export function upstreamUrlFor(base: string, model: string): string {
  const url = new URL(base);
  url.searchParams.set('model', model);
  return url.toString();
}

// The simulator's GPT-Live endpoint, `/v1/live/sessions` on the same port as `/v1/realtime`: a
// primary WebSocket with no query string (the model goes in `session.start`) and
// `Authorization: Bearer` only. One LiveSession per socket.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { ServerEvent as LiveServerEvent } from 'openai/resources/live/live';
import { parseTarget } from '../request-safety';
import { WS_CLOSE_CODES } from '../../src/lib/protocol/close-codes';
import { LIVE_ERROR_CODES, liveErrorEvent } from './live-errors';
import { LiveSession } from './live-session';
import { redactKey } from '../handshake';

import { LIVE_PATH } from './live-paths';
import type { LiveStore, StoredLiveSession } from './live-store';

export { LIVE_PATH };

export interface LiveEndpointOptions {
  apiKey?: string;
  script?: readonly string[];
  log: (line: string) => void;
  onServerEvent?: (event: LiveServerEvent) => void;
  /** Stored sessions (forks start from them) and the active ones. */
  store?: LiveStore;
}

export function isLiveTarget(target: string | undefined): boolean {
  const url = parseTarget(target);
  return url !== null && url.pathname.replace(/\/+$/, '') === LIVE_PATH;
}

/** What refuses a Live socket before `session.start`: a query string, or the key. */
function refusal(request: IncomingMessage, requiredKey: string | undefined, allowedQuery: readonly string[] = []): { code: string; message: string; param?: string } | null {
  const url = parseTarget(request.url);
  const firstParam = url ? [...url.searchParams.keys()].find((key) => !allowedQuery.includes(key)) : undefined;
  if (url && url.search && firstParam !== undefined) {
    // The guides: connect "with no query parameters"; the model belongs in session.start.
    return { code: LIVE_ERROR_CODES.unknownParameter, param: firstParam ?? 'query', message: `Unknown query parameter '${firstParam ?? url.search}': Live takes no query string; put the model in session.start.` };
  }
  const key = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!key) return { code: LIVE_ERROR_CODES.missingApiKey, message: "You didn't provide an API key. Provide it as 'Authorization: Bearer YOUR_KEY'." };
  if (requiredKey !== undefined && key !== requiredKey) return { code: LIVE_ERROR_CODES.invalidApiKey, message: `Incorrect API key provided: ${redactKey(key)}.` };
  return null;
}

/** Refuses a socket with a Live `error` and close 1008. */
function refuseSocket(ws: WebSocket, refused: { code: string; message: string; param?: string }, options: Pick<LiveEndpointOptions, 'log' | 'onServerEvent'>, what: string): void {
  const event = liveErrorEvent({ ...refused, type: refused.param ? 'invalid_request_error' : 'authentication_error' });
  options.onServerEvent?.(event);
  ws.send(JSON.stringify(event), () => ws.close(WS_CLOSE_CODES.policyViolation, refused.code));
  options.log(`simulator: refused a Live ${what} (${refused.code})`);
}

/**
 * A sideband at `/v1/live/sessions/{id}/attach`: a standard key, no query but `graceful_close`
 * (sideband.d.ts SidebandConnectParams; the simulator accepts it and closes sidebands the same
 * way either way), then the session's trusted sideband (live-rtc-session.ts).
 */
export function serveLiveAttach(
  ws: WebSocket,
  request: IncomingMessage,
  sessionId: string,
  options: LiveEndpointOptions & { attach: (ws: WebSocket, sessionId: string) => Promise<boolean> },
): void {
  const refused = refusal(request, options.apiKey, ['graceful_close']);
  const key = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? '';
  // Live has no ephemeral keys; an `ek_` one is not a trusted server's.
  const ephemeral = !refused && key.startsWith('ek_') && key !== options.apiKey;
  if (refused || ephemeral) {
    refuseSocket(ws, refused ?? { code: LIVE_ERROR_CODES.invalidApiKey, message: 'A sideband needs a standard API key.' }, options, 'sideband');
    return;
  }
  options
    .attach(ws, sessionId)
    .then((attached) => {
      if (attached) return;
      // The guides attach a sideband to "an existing GPT-Live WebRTC or SIP session"; a backend on
      // a primary WebSocket "already receives the session's events and can send commands"
      // (developers.openai.com guides/voice-server-controls). So a WebSocket session is refused.
      const onSocket = options.store?.activeTransport(sessionId) === 'websocket';
      const message = onSocket
        ? `The Live session '${sessionId.slice(0, 80)}' runs on a primary WebSocket, which carries its events and commands; a sideband attaches to WebRTC or SIP sessions.`
        : `No active Live session with id '${sessionId.slice(0, 80)}'.`;
      refuseSocket(ws, { code: onSocket ? LIVE_ERROR_CODES.invalidValue : 'session_not_found', param: 'session_id', message }, options, 'sideband');
    })
    .catch((error: unknown) => options.log(`simulator: Live sideband failed: ${(error as Error).message}`));
}

/**
 * A fork WebSocket at `/v1/live/sessions/{id}/fork` (forks.d.ts): the key and no query as on the
 * primary path, then a stored, closed session (live-store.ts says why not, before `session.start`),
 * then a new session whose `session.start` carries overrides of it (fork-config.ts).
 */
export function serveLiveFork(ws: WebSocket, request: IncomingMessage, storedId: string, options: LiveEndpointOptions & { store: LiveStore }): void {
  const refused = refusal(request, options.apiKey);
  if (refused) return refuseSocket(ws, refused, options, 'fork');
  const lookup = options.store.forkable(storedId);
  if (!lookup.ok) return refuseSocket(ws, { code: lookup.code, param: 'session_id', message: lookup.message }, options, 'fork');
  serveLiveSocket(ws, request, options, lookup.stored);
}

/** Serves an accepted Live socket (a fork's when `forkOf` is given). */
export function serveLiveSocket(ws: WebSocket, request: IncomingMessage, options: LiveEndpointOptions, forkOf?: StoredLiveSession): void {
  const send = (event: LiveServerEvent): void => {
    options.onServerEvent?.(event);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  };
  const refused = forkOf ? null : refusal(request, options.apiKey);
  if (refused) {
    refuseSocket(ws, refused, options, 'connection');
    return;
  }
  const session = new LiveSession({
    send,
    close: (code, reason) => ws.close(code, reason),
    script: options.script,
    log: options.log,
    store: options.store,
    forkOf,
  });
  // A socket that drops ends its session (live.d.ts SessionClosedEvent reason `connection_lost`),
  // which finalizes it: a stored one can be forked from then on.
  ws.on('close', () => session.close('connection_lost'));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      send(liveErrorEvent({ code: LIVE_ERROR_CODES.invalidJson, message: 'Live events are JSON text frames.' }));
      return;
    }
    try {
      session.handleText(data.toString());
    } catch (error) {
      // A command that fails here must not end the process (nor the other sessions).
      options.log(`simulator: Live frame failed: ${(error as Error).stack ?? String(error)}`);
    }
  });
  options.log(forkOf ? `simulator: Live fork of ${forkOf.id}` : 'simulator: Live connection');
}

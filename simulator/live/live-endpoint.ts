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

export const LIVE_PATH = '/v1/live/sessions';

export interface LiveEndpointOptions {
  apiKey?: string;
  script?: readonly string[];
  log: (line: string) => void;
  onServerEvent?: (event: LiveServerEvent) => void;
}

export function isLiveTarget(target: string | undefined): boolean {
  const url = parseTarget(target);
  return url !== null && url.pathname.replace(/\/+$/, '') === LIVE_PATH;
}

/** What refuses a Live socket before `session.start`: a query string, or the key. */
function refusal(request: IncomingMessage, requiredKey: string | undefined): { code: string; message: string; param?: string } | null {
  const url = parseTarget(request.url);
  const firstParam = url ? [...url.searchParams.keys()][0] : undefined;
  if (url && url.search) {
    // The guides: connect "with no query parameters"; the model belongs in session.start.
    return { code: LIVE_ERROR_CODES.unknownParameter, param: firstParam ?? 'query', message: `Unknown query parameter '${firstParam ?? url.search}': Live takes no query string; put the model in session.start.` };
  }
  const key = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!key) return { code: LIVE_ERROR_CODES.missingApiKey, message: "You didn't provide an API key. Provide it as 'Authorization: Bearer YOUR_KEY'." };
  if (requiredKey !== undefined && key !== requiredKey) return { code: LIVE_ERROR_CODES.invalidApiKey, message: `Incorrect API key provided: ${redactKey(key)}.` };
  return null;
}

/** Serves an accepted Live socket. */
export function serveLiveSocket(ws: WebSocket, request: IncomingMessage, options: LiveEndpointOptions): void {
  const send = (event: LiveServerEvent): void => {
    options.onServerEvent?.(event);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  };
  const refused = refusal(request, options.apiKey);
  if (refused) {
    const event = liveErrorEvent({ ...refused, type: refused.param ? 'invalid_request_error' : 'authentication_error' });
    options.onServerEvent?.(event);
    ws.send(JSON.stringify(event), () => ws.close(WS_CLOSE_CODES.policyViolation, refused.code));
    options.log(`simulator: refused a Live connection (${refused.code})`);
    return;
  }
  const session = new LiveSession({
    send,
    close: (code, reason) => ws.close(code, reason),
    script: options.script,
    log: options.log,
  });
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
  options.log('simulator: Live connection');
}

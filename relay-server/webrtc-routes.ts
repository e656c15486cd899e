// The relay's WebRTC routes: `POST /token` (token-route.ts), `POST /session`
// (webrtc-session-route.ts), GPT-Live's `POST /session/live` (live-session-route.ts), their CORS
// preflights, and the sidebands of the calls and Live sessions they started (sideband.ts), which
// the console may watch at `/call-events?call_id=…` (a call's `rtc_…` id or a Live session's). Access
// control is the WebSocket path's (origin allow-list, then the token as `Authorization: Bearer`
// or `?access_token=`), plus a per-client rate limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkAccess } from './access';
import { clientKey } from './addresses';
import { CLOSE_CODES } from './close-codes';
import type { RelayConfig } from './config';
import { RELAY_ERROR_CODES, relayErrorEvent } from './error-event';
import { answerPreflight, corsHeaders, sendJsonError } from './http-io';
import type { LogSink } from './logging';
import type { RelayContext, RelayFeature } from './routes';
import type { Policy } from './policy';
import { RateLimiter } from './rate-limit';
import { Sideband } from './sideband';
import { handleToken } from './token-route';
import { handleWebRtcSession } from './webrtc-session-route';
import { handleLiveSession } from './live-session-route';

export interface WebRtcContext {
  config: RelayConfig;
  policy: Policy;
  log: LogSink;
  /** WebSocket sessions open now; /session counts them with its calls against maxSessions. */
  openSessions(): number;
  sidebands: Map<string, Sideband>;
  /** Starts the sideband of a call /session just started, or (`live`: its attach URL) of a Live session /session/live started. */
  startSideband(callId: string, client: string, live?: { url: string }): Sideband;
  nextId(): number;
}

/** What a handler gets once the request passed access control and the rate limit. */
export interface Admitted {
  req: IncomingMessage;
  res: ServerResponse;
  target: URL;
  client: string;
  cors: Record<string, string>;
  context: WebRtcContext;
}

/** Where the console watches a call's events: `ws://relay/call-events?call_id=rtc_…`. */
export const WATCH_PATH = '/call-events';

/** The WebRTC routes as one feature of the relay's route table (routes.ts). */
export function webrtcFeature(relay: RelayContext, options: { policy: Policy; livePolicy: Policy; nextId: () => number }): RelayFeature & { activeCalls(): number } {
  const { config, log } = relay;
  const limiter = new RateLimiter({ limit: config.webrtcRequestsPerMinute, windowMs: 60_000 });
  const sidebands = new Map<string, Sideband>();
  const watchers = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false, clientTracking: false });
  let drained: (() => void) | null = null;
  const context: WebRtcContext = {
    config,
    log,
    policy: options.policy,
    nextId: options.nextId,
    openSessions: relay.activeSessions,
    sidebands,
    startSideband(callId, client, live) {
      const sideband = new Sideband({
        id: options.nextId(),
        callId,
        url: live?.url,
        client,
        config,
        live: live !== undefined,
        policy: live ? options.livePolicy : options.policy,
        log,
        onEnd: (ended) => {
          sidebands.delete(ended.callId);
          relay.sessionEnded();
          if (sidebands.size === 0) drained?.();
        },
      });
      sidebands.set(callId, sideband);
      return sideband;
    },
  };

  function admit(req: IncomingMessage, res: ServerResponse, target: URL): Admitted | null {
    const cors = corsHeaders(req, config);
    const from = req.socket.remoteAddress ?? '?';
    if (relay.draining()) {
      sendJsonError(res, 503, 'relay_draining', 'the relay is draining; try another relay', { ...cors, connection: 'close' });
      return null;
    }
    const access = checkAccess(req, target, config);
    if (!access.ok) {
      log(`relay refused ${req.method} ${target.pathname} from ${from}: HTTP ${access.status}, ${access.reason}`);
      sendJsonError(res, access.status, access.status === 403 ? 'relay_origin_not_allowed' : 'relay_access_token', access.reason, cors);
      return null;
    }
    const client = clientKey(req.socket.remoteAddress);
    const rate = limiter.take(client);
    if (!rate.ok) {
      log(`relay refused ${req.method} ${target.pathname} from ${from}: HTTP 429, over ${config.webrtcRequestsPerMinute} requests a minute`);
      sendJsonError(res, 429, 'relay_rate_limited', `more than ${config.webrtcRequestsPerMinute} WebRTC requests a minute from this client; try again in ${rate.retryAfterSeconds} s`, {
        ...cors,
        'retry-after': String(rate.retryAfterSeconds),
      });
      return null;
    }
    return { req, res, target, client, cors, context };
  }

  function post(handler: (admitted: Admitted) => Promise<void>) {
    return async (req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> => {
      const admitted = admit(req, res, target);
      if (!admitted) {
        req.resume();
        return;
      }
      await handler(admitted);
    };
  }

  function watch(req: IncomingMessage, socket: Duplex, head: Buffer, target: URL): void {
    const access = checkAccess(req, target, config);
    if (!access.ok) {
      log(`relay refused a watcher from ${req.socket.remoteAddress ?? '?'}: HTTP ${access.status}, ${access.reason}`);
      socket.end(`HTTP/1.1 ${access.status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const callId = target.searchParams.get('call_id') ?? '';
    watchers.handleUpgrade(req, socket, head, (browser: WebSocket) => {
      browser.on('error', () => undefined);
      const refuse = (message: string) => {
        browser.send(relayErrorEvent(RELAY_ERROR_CODES.denied, message));
        browser.close(CLOSE_CODES.policyViolation, message.slice(0, 120));
      };
      const sideband = sidebands.get(callId);
      // The same answer for an unknown call and another client's: which calls exist is not told.
      if (!sideband || sideband.client !== clientKey(req.socket.remoteAddress)) {
        refuse('relay: no call with that id is watched by this relay for this client');
        return;
      }
      if (!sideband.watch(browser)) refuse('relay: this call has as many watchers as it may');
    });
  }

  const preflight = (req: IncomingMessage, res: ServerResponse) => answerPreflight(req, res, config);
  return {
    routes: [
      { method: 'POST', path: '/token', handle: post(handleToken) },
      { method: 'OPTIONS', path: '/token', handle: preflight },
      { method: 'POST', path: '/session', handle: post(handleWebRtcSession) },
      { method: 'OPTIONS', path: '/session', handle: preflight },
      { method: 'POST', path: '/session/live', handle: post(handleLiveSession(options.livePolicy)) },
      { method: 'OPTIONS', path: '/session/live', handle: preflight },
    ],
    upgrades: [{ path: WATCH_PATH, handle: watch }],
    activeCalls: () => sidebands.size,
    sessions: () => sidebands.values(),
    async close() {
      if (sidebands.size === 0) return;
      const gone = new Promise<void>((resolve) => {
        drained = resolve;
      });
      for (const sideband of sidebands.values()) sideband.shutdown();
      await Promise.race([gone, new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs + 500).unref())]);
    },
  };
}

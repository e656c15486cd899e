// The relay's HTTP server: plain requests go to the features' route table (routes.ts; each
// feature in its own module, listed in FEATURES below), and WebSocket upgrades that pass access
// control become relay sessions. `startRelay` is what the CLI, tests, the demo and e2e use.
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkAccess, chooseModel, selectProtocol, upstreamUrlFor } from './access';
import { clientKey } from './addresses';
import { CLOSE_CODES } from './close-codes';
import { truncateReason } from '../src/lib/protocol/close-codes';
import { resolveConfig, type RelayConfig, type RelayOptions } from './config';
import { createLogger } from './logging';
import { RELAY_ERROR_CODES, createPolicy, relayErrorEvent, type RelayErrorCode } from './policy';
import { parseRequestTarget } from './request-target';
import { errorMessage } from '../src/lib/shared/error-message';
import { RelaySession } from './session';
import { checkRoutes, matchRoute, matchUpgrade, answer, type HttpRoute, type RelayContext, type RelayFeature } from './routes';
import { healthFeature, readiness } from './health';
import { createMetrics, metricsFeature } from './metrics';
import { observers } from './session-observer';
import { phoneFeature } from './phone/routes';
import { Shutdown } from './shutdown';
import { UpstreamHealth } from './upstream-health';
import { webrtcFeature } from './webrtc-routes';
import { isLiveRelayPath, liveModelChoice, liveRelayErrorEvent, liveSessionParts } from './live-route';

export interface RunningRelay {
  /** ws://HOST:PORT — what a browser connects to. */
  url: string;
  port: number;
  /** The settings in effect (the key included: never log this object). */
  config: RelayConfig;
  activeSessions(): number;
  /** Where GET /metrics is served: the admin port's URL, or this relay's (behind its token). */
  metricsUrl: string;
  /** Closes every session with 1001, stops listening, resolves when all sockets are gone. */
  close(): Promise<void>;
  /**
   * Not ready and refusing new sessions at once; open sessions may go on for drainGraceMs, then
   * the rest get 1012; resolves when all sockets are gone (what SIGTERM does).
   */
  drain(): Promise<void>;
}

const BAD_TARGET = 'the request target is not a path or URL';
/** Connections dropped at maxConnections are logged at most once per this interval, with a count. */
const DROP_LOG_INTERVAL_MS = 10_000;

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const config = resolveConfig(options);
  const log = createLogger(config.log, [config.apiKey, config.accessToken, config.phone.twilioAuthToken ?? null]);
  const policy = createPolicy(config.policy, config);
  const live = liveSessionParts(config);
  const sessions = new Set<RelaySession>();
  /** Open sessions per client key (addresses.ts), for maxSessionsPerClient. */
  const perClient = new Map<string, number>();
  let nextId = 1;
  const shutdown = new Shutdown({
    // FEATURES is defined below; this runs only once the relay stops.
    sessions: () => [...sessions, ...FEATURES.flatMap((feature) => [...(feature.sessions?.() ?? [])])],
    drainGraceMs: config.drainGraceMs,
    shutdownGraceMs: config.shutdownGraceMs,
    log,
    stopServing: () => stopServing(),
  });
  const upstreamHealth = new UpstreamHealth({
    upstreamUrl: config.upstreamUrl,
    intervalMs: config.upstreamProbeIntervalMs,
    timeoutMs: config.upstreamConnectTimeoutMs,
  });
  const state = { activeSessions: () => sessions.size, draining: () => shutdown.refusing() };
  const metrics = createMetrics(state, () => readiness(state, upstreamHealth).ready);
  const context: RelayContext = { config, log, ...state, metrics: metrics.registry, sessionEnded: () => shutdown.sessionEnded() };
  const sessionObserver = observers(metrics.observer, upstreamHealth.observer());
  const metricsRoutes = await metricsFeature(context, metrics);
  // Each feature's routes live in its own module; this list is the only place they meet.
  const FEATURES: RelayFeature[] = [
    healthFeature(context, upstreamHealth),
    metricsRoutes,
    webrtcFeature(context, { policy, livePolicy: live.policy, nextId: () => nextId++ }),
    phoneFeature(context, policy),
  ];
  checkRoutes(FEATURES);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => selectProtocol(protocols),
  });
  // ws answers a malformed handshake itself unless this is listened to; listening logs it like any refusal.
  wss.on('wsClientError', (error: Error, socket: Duplex, req: IncomingMessage) => {
    const status = req.method === 'GET' ? 400 : 405;
    log(`relay refused a connection from ${addressOf(req.socket)}: HTTP ${status}, ${error.message}`);
    // A client that sent a version we do not speak is told the one we do.
    refuse(socket, status, `relay: ${error.message}`, /Version/.test(error.message) ? { 'Sec-WebSocket-Version': '13' } : {});
  });

  const server = createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      // Node checks both timeouts only this often (30 s by default), so it bounds how late a drop comes.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 5))),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      const target = parseRequestTarget(req.url);
      if (!target) {
        log(`relay refused a request from ${addressOf(req.socket)}: HTTP 400, ${BAD_TARGET}`);
        answer(res, 400, 'text/plain', `relay: ${BAD_TARGET}\n`, { connection: 'close' });
        return;
      }
      const match = matchRoute(FEATURES, req.method, target.pathname);
      if (match.kind === 'route') runRoute(match.route, req, res, target);
      else if (match.kind === 'wrong-method') answer(res, 405, 'text/plain', `relay: ${target.pathname} takes ${match.allowed.join(', ')}\n`, { allow: match.allowed.join(', ') });
      else answer(res, 426, 'text/plain', 'relay: connect with a WebSocket (GET /health for status)\n');
    },
  );
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.maxConnections = config.maxConnections;

  // Requests Node's parser refuses (bad request line or header, headers too large, a timeout):
  // answered as Node would by default, and logged once.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const why = status === 408 ? `request not complete within ${config.headersTimeoutMs} ms (headers) or ${config.requestTimeoutMs} ms (whole request)` : `malformed request (${error.code ?? error.message})`;
    // A client that hung up mid-request is not worth a line; it is answered in case it still reads.
    if (error.code !== 'HPE_INVALID_EOF_STATE') log(`relay dropped a connection from ${addressOf(socket)}: HTTP ${status}, ${why}`);
    refuse(socket, status, `relay: ${STATUS_CODES[status] ?? 'error'}`);
  });

  let dropped = 0;
  let lastDropLog = 0;
  server.on('drop', () => {
    dropped++;
    if (Date.now() - lastDropLog < DROP_LOG_INTERVAL_MS) return;
    log(`relay dropped ${dropped} connection(s): ${config.maxConnections} are open, the most allowed (RELAY_MAX_CONNECTIONS)`);
    dropped = 0;
    lastDropLog = Date.now();
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const from = addressOf(req.socket);
    if (shutdown.refusing()) {
      // A load balancer retries a 503 on another relay (deploy/nginx, deploy/haproxy).
      metrics.refused('draining');
      refuse(socket, 503, 'relay: draining; try another relay');
      return;
    }
    const target = parseRequestTarget(req.url);
    if (!target) {
      log(`relay refused a connection from ${from}: HTTP 400, ${BAD_TARGET}`);
      refuse(socket, 400, `relay: ${BAD_TARGET}`);
      return;
    }
    // A feature's own upgrade path does its own access control (e.g. a phone provider signs requests).
    const upgrade = matchUpgrade(FEATURES, target.pathname);
    if (upgrade) {
      upgrade.handle(req, socket, head, target);
      return;
    }
    const access = checkAccess(req, target, config);
    if (!access.ok) {
      metrics.refused(access.status === 403 ? 'origin' : 'token');
      log(`relay refused a connection from ${from}: HTTP ${access.status}, ${access.reason}`);
      refuse(socket, access.status, `relay: ${access.reason}`);
      return;
    }
    // GPT-Live: no model in the URL (the Live policy checks it in session.start).
    const isLive = isLiveRelayPath(target.pathname);
    const refusalEvent = isLive ? liveRelayErrorEvent : relayErrorEvent;
    wss.handleUpgrade(req, socket, head, (browser: WebSocket) => {
      const model = isLive ? liveModelChoice(target) : chooseModel(target, config);
      if (!model.ok) {
        refuseSession(browser, RELAY_ERROR_CODES.modelNotAllowed, model.message, CLOSE_CODES.policyViolation, refusalEvent);
        return;
      }
      if (sessions.size >= config.maxSessions) {
        refuseSession(browser, RELAY_ERROR_CODES.tooManySessions, `relay: ${config.maxSessions} sessions are open, the most allowed; try again later`, CLOSE_CODES.tryAgainLater, refusalEvent);
        return;
      }
      const client = clientKey(req.socket.remoteAddress);
      const held = perClient.get(client) ?? 0;
      if (held >= config.maxSessionsPerClient) {
        refuseSession(browser, RELAY_ERROR_CODES.tooManySessions, `relay: this client has ${held} sessions open, the most one client may hold; close one or try again later`, CLOSE_CODES.tryAgainLater, refusalEvent);
        return;
      }
      perClient.set(client, held + 1);
      const session = new RelaySession({
        id: nextId++,
        browser,
        upstreamUrl: isLive ? live.upstreamFor(target.pathname) : upstreamUrlFor(config.upstreamUrl, model.model),
        model: model.model,
        origin: req.headers.origin,
        config,
        policy: isLive ? live.policyFor(target.pathname) : policy,
        errorEvent: refusalEvent,
        log,
        activeCount: () => sessions.size,
        observer: sessionObserver,
        onEnd: (ended) => {
          sessions.delete(ended);
          const left = (perClient.get(client) ?? 1) - 1;
          if (left > 0) perClient.set(client, left);
          else perClient.delete(client);
          shutdown.sessionEnded();
        },
      });
      sessions.add(session);
      metrics.sessionStarted();
      session.logOpen();
    });
  });

  /** Runs a route; a route that throws or rejects is answered 500 (if it has not answered) and logged. */
  function runRoute(route: HttpRoute, req: IncomingMessage, res: ServerResponse, target: URL): void {
    const failed = (error: unknown) => {
      log(`relay: ${route.method} ${route.path} failed: ${errorMessage(error)}`);
      if (!res.headersSent) answer(res, 500, 'text/plain', 'relay: internal error\n', { connection: 'close' });
      else res.destroy();
    };
    res.once('finish', () => metrics.httpRequest(route.method, route.path, res.statusCode));
    try {
      const pending = route.handle(req, res, target);
      if (pending) pending.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  /** Accepted, then closed: a browser cannot read an HTTP refusal, but it can read this. */
  function refuseSession(browser: WebSocket, code: RelayErrorCode, message: string, closeCode: number, errorEvent = relayErrorEvent): void {
    metrics.refused(code);
    log(`relay refused a session: ${message}`);
    browser.on('error', () => undefined);
    browser.send(errorEvent(code, message));
    browser.close(closeCode, truncateReason(message));
  }

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      upstreamHealth.stop();
      void metricsRoutes.close?.();
      reject(error);
    };
    server.once('error', failed);
    server.listen(config.port, config.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  // Once listening, a server error (e.g. accept failing) is reported, not thrown at the process.
  server.on('error', (error: Error) => log(`relay: server error: ${error.message}`));
  upstreamHealth.start();
  const port = (server.address() as AddressInfo).port;
  const urlHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;

  async function stopServing(): Promise<void> {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    for (const feature of FEATURES) await feature.close?.();
  }

  return {
    url: `ws://${urlHost}:${port}`,
    port,
    config,
    activeSessions: () => sessions.size,
    metricsUrl: metricsRoutes.url ?? `http://${urlHost}:${port}/metrics`,
    close: () => shutdown.close(),
    drain: () => shutdown.drain(),
  };
}

function addressOf(socket: Duplex): string {
  return (socket instanceof Socket ? socket.remoteAddress : undefined) ?? '?';
}

/**
 * Answers a refused request with a plain HTTP status and closes the socket once the answer is
 * written (as ws does): never left half-open for the client to keep.
 */
function refuse(socket: Duplex, status: number, body: string, headers: Record<string, string> = {}): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

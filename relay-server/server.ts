// The relay's HTTP server: `GET /health`, and WebSocket upgrades that pass access control
// become relay sessions. `startRelay` is what the CLI, tests, the demo and e2e use.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkAccess, chooseModel, selectProtocol, upstreamUrlFor } from './access';
import { CLOSE_CODES, truncateReason } from './close-codes';
import { resolveConfig, type RelayConfig, type RelayOptions } from './config';
import { createLogger } from './logging';
import { RELAY_ERROR_CODES, createPolicy, relayErrorEvent, type RelayErrorCode } from './policy';
import { RelaySession } from './session';

export interface RunningRelay {
  /** ws://HOST:PORT — what a browser connects to. */
  url: string;
  port: number;
  /** The settings in effect (the key included: never log this object). */
  config: RelayConfig;
  activeSessions(): number;
  /** Closes every session with 1001, stops listening, resolves when all sockets are gone. */
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden' };

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  const config = resolveConfig(options);
  const log = createLogger(config.log, [config.apiKey, config.accessToken]);
  const policy = createPolicy(config.policy);
  const sessions = new Set<RelaySession>();
  let nextId = 1;
  let closing: Promise<void> | null = null;
  /** Resolves close() once the last session has ended. */
  let drained: (() => void) | null = null;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => selectProtocol(protocols),
  });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://relay').pathname;
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ ok: true, sessions: sessions.size }));
      return;
    }
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('relay: connect with a WebSocket (GET /health for status)\n');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (closing) {
      refuse(socket, 503, 'Service Unavailable', 'relay: shutting down');
      return;
    }
    const access = checkAccess(req, config);
    if (!access.ok) {
      log(`relay refused a connection from ${req.socket.remoteAddress ?? '?'}: HTTP ${access.status}, ${access.reason}`);
      refuse(socket, access.status, STATUS_TEXT[access.status], `relay: ${access.reason}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (browser: WebSocket) => {
      const model = chooseModel(req.url, config);
      if (!model.ok) {
        refuseSession(browser, RELAY_ERROR_CODES.modelNotAllowed, model.message, CLOSE_CODES.policyViolation);
        return;
      }
      if (sessions.size >= config.maxSessions) {
        refuseSession(browser, RELAY_ERROR_CODES.tooManySessions, `relay: ${config.maxSessions} sessions are open, the most allowed; try again later`, CLOSE_CODES.tryAgainLater);
        return;
      }
      const session = new RelaySession({
        id: nextId++,
        browser,
        upstreamUrl: upstreamUrlFor(config.upstreamUrl, model.model),
        model: model.model,
        origin: req.headers.origin,
        config,
        policy,
        log,
        activeCount: () => sessions.size,
        onEnd: (ended) => {
          sessions.delete(ended);
          if (sessions.size === 0) drained?.();
        },
      });
      sessions.add(session);
      session.logOpen();
    });
  });

  /** Accepted, then closed: a browser cannot read an HTTP refusal, but it can read this. */
  function refuseSession(browser: WebSocket, code: RelayErrorCode, message: string, closeCode: number): void {
    log(`relay refused a session: ${message}`);
    browser.on('error', () => undefined);
    browser.send(relayErrorEvent(code, message, null));
    browser.close(closeCode, truncateReason(message));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;

  async function close(): Promise<void> {
    if (closing) return closing;
    closing = (async () => {
      const allGone = new Promise<void>((resolve) => {
        drained = resolve;
        if (sessions.size === 0) resolve();
      });
      for (const session of sessions) session.shutdown(CLOSE_CODES.goingAway, 'relay: shutting down');
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownGraceMs + 500).unref());
      await Promise.race([allGone, deadline]);
      for (const session of sessions) session.terminate();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closing;
  }

  return {
    url: `ws://${urlHost}:${port}`,
    port,
    config,
    activeSessions: () => sessions.size,
    close,
  };
}

/** Answers a refused upgrade with a plain HTTP status; the socket is then closed. */
function refuse(socket: Duplex, status: number, statusText: string, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

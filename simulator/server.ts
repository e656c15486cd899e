// The simulator's WebSocket server: the real API's path and handshake, one SimulatorConnection
// per accepted socket.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerEvent } from '../src/lib/protocol/protocol-types';
import { SimulatorConnection } from './connection';
import { NO_FAULTS, parseFaults, parseScript, parseSpeed } from './faults';
import { evaluateHandshake, offeredSubprotocols, selectSubprotocol, REALTIME_PATH, BETA_SHAPE_REJECTION, type HandshakeRejection } from './handshake';
import { newEventId } from './ids';
import { describeTarget, escapeControl, parseTarget } from './request-safety';
import { isSecretSubprotocol } from '../src/lib/protocol/subprotocols';
import { errorEvent } from '../src/lib/protocol/error-events';
import { isLiveTarget, serveLiveAttach, serveLiveFork, serveLiveSocket } from './live/live-endpoint';
import { liveAttachId, liveForkId } from './live/live-paths';
import { LiveStore } from './live/live-store';
import type { ServerEvent as LiveServerEvent } from 'openai/resources/live/live';
import { HttpRoutes } from './webrtc/routes';
import { webSocketChannel } from './event-channel';
import { errorMessage } from '../src/lib/shared/error-message';
import { replayEndpoint } from './replay/replay-endpoint';
import type { ReplaySettings } from './replay/replay-source';

export interface SimulatorOptions {
  /** 0 = ephemeral; `npm run mock` uses MOCK_PORT or 8082. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** When set, only this exact key is accepted (MOCK_API_KEY). */
  apiKey?: string;
  /** Audio pacing factor: 1 = real time, 10 = ten times faster (MOCK_SPEED). */
  speed?: number;
  log?: (line: string) => void;
  /** Observes every event the simulator sends (used by its tests). */
  onServerEvent?: (event: ServerEvent) => void;
  /** Observes every event a GPT-Live session sends (`/v1/live/sessions`). */
  onLiveServerEvent?: (event: LiveServerEvent) => void;
  /**
   * Texts that successive audio turns stand for (the simulator does not recognise speech), so
   * voice flows such as a weather tool call can be scripted. Per connection: `sim_script`.
   */
  script?: readonly string[];
  /** Largest client frame, in bytes (default MAX_PAYLOAD_BYTES); a bigger one closes with 1009. */
  maxPayloadBytes?: number;
  /** Time a client has to send the request headers (default DEFAULT_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs?: number;
  /** Time a client has to send the whole request (default DEFAULT_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Open connections, WebSockets included, before new ones are dropped (default DEFAULT_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** The clock ephemeral keys expire by (default Date.now; tests move it). */
  nowMs?: () => number;
  /** WebRTC calls at once before an offer gets 429 (default DEFAULT_MAX_CALLS, webrtc/calls.ts; MOCK_MAX_CALLS). */
  maxCalls?: number;
  /** How long an answered call waits for its peer (default DEFAULT_CONNECT_TIMEOUT_MS, webrtc/call.ts; MOCK_CALL_CONNECT_TIMEOUT_MS). */
  callConnectTimeoutMs?: number;
  /** Answer connections from a recording (`--replay`, `?replay=` in `--replay-dir`; README "Replay"). */
  replay?: ReplaySettings;
}

export interface RunningSimulator {
  /** ws://127.0.0.1:PORT/v1/realtime */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SPEED = 1;
/** Largest client frame accepted (the real API's limit for one event is 15 MiB of audio). */
export const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;
/** A half-sent request is dropped after this long instead of holding a socket for minutes. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Generous for tests and a few consoles, small enough that a loop of connects cannot exhaust the process. */
export const DEFAULT_MAX_CONNECTIONS = 256;
/** How often node checks the two timeouts above (its default, 30 s, would stretch them). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

const STATUS_LINES: Record<number, string> = {
  400: 'HTTP/1.1 400 Bad Request',
  404: 'HTTP/1.1 404 Not Found',
  408: 'HTTP/1.1 408 Request Timeout',
  431: 'HTTP/1.1 431 Request Header Fields Too Large',
};

/** A raw response on a socket the HTTP server no longer writes to (upgrades, parse errors). */
function refuseRaw(socket: Duplex, status: keyof typeof STATUS_LINES, body = ''): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`${STATUS_LINES[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  socket.once('finish', () => socket.destroy());
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? DEFAULT_HOST;
  const speed = options.speed && options.speed > 0 ? options.speed : DEFAULT_SPEED;
  const rawLog = options.log ?? (() => undefined);
  // Every line may carry request text (a model name, a path): escaped so it cannot forge lines.
  const log = (line: string): void => rawLog(escapeControl(line));
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const sockets = new Set<WebSocket>();
  const replay = replayEndpoint(options.replay ?? {}, log, options.onServerEvent);
  // Stored Live sessions, for forks: this process's memory only (live-store.ts).
  const liveStore = new LiveStore(undefined, options.nowMs);
  const routes = new HttpRoutes({ apiKey: options.apiKey, speed, script: options.script, log, onServerEvent: options.onServerEvent, onLiveServerEvent: options.onLiveServerEvent, nowMs: options.nowMs, maxCalls: options.maxCalls, callConnectTimeoutMs: options.callConnectTimeoutMs, liveStore, replay });
  const http = createServer(
    {
      headersTimeout,
      // node refuses a request timeout shorter than the headers timeout
      requestTimeout: Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout),
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, headersTimeout),
    },
    (req, res) => {
      const target = parseTarget(req.url);
      if (!target) {
        log(`simulator: bad request: ${req.method ?? '?'} ${describeTarget(req.url)} (not a URL)`);
        res.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('Bad request target\n');
        return;
      }
      if (req.url === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, simulator: true }));
        return;
      }
      if (routes.handle(req, res, target)) return;
      res.writeHead(426, { 'content-type': 'text/plain' }).end(`Upgrade to a WebSocket at ${REALTIME_PATH}\n`);
    },
  );
  http.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // Requests node's parser refuses (bad method, control bytes, huge headers, timeouts): answered
  // as node would by default, and logged once. A client that just went away is not logged.
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const code = error.code ?? 'unknown';
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      socket.destroy();
      return;
    }
    log(code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'simulator: a request timed out' : `simulator: bad request: ${code}`);
    const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    refuseRaw(socket, status);
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    handleProtocols: (protocols) => selectSubprotocol(protocols),
  });
  // A bad upgrade (no or bad Sec-WebSocket-Key, wrong version…): 400, logged once.
  wss.on('wsClientError', (error: Error, socket: Duplex, request: IncomingMessage) => {
    log(`simulator: refused an upgrade to ${describeTarget(request.url)}: ${error.message}`);
    refuseRaw(socket, 400, `${error.message}\n`);
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server stops listening for errors on an upgraded socket; a reset must not throw.
    socket.on('error', () => socket.destroy());
    // The Live paths: a sideband, a fork, the primary socket; each socket tracked and its errors logged.
    const live = (serve: (ws: WebSocket) => void): void =>
      wss.handleUpgrade(request, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        ws.on('error', (error) => log(`simulator: socket error: ${error.message}`));
        serve(ws);
      });
    const liveOptions = { apiKey: options.apiKey, script: options.script, log, onServerEvent: options.onLiveServerEvent, store: liveStore };
    const attachId = liveAttachId(request.url);
    if (attachId !== null) return live((ws) => serveLiveAttach(ws, request, attachId, { ...liveOptions, attach: (ws, id) => routes.attachLive(ws, id) }));
    const forkId = liveForkId(request.url);
    if (forkId !== null) return live((ws) => serveLiveFork(ws, request, forkId, liveOptions));
    if (isLiveTarget(request.url)) return live((ws) => serveLiveSocket(ws, request, liveOptions));
    const outcome = evaluateHandshake(request, options.apiKey, (key) => routes.keys.lookup(key));
    if (outcome.kind === 'bad_request') {
      log(`simulator: refused an upgrade: ${describeTarget(request.url)} is not a URL`);
      refuseRaw(socket, 400, 'Bad request target\n');
      return;
    }
    if (outcome.kind === 'not_found') {
      refuseRaw(socket, 404);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // Before anything else: a refused socket can still receive a bad frame, and an 'error'
      // without a listener would end the process.
      ws.on('error', (error) => log(`simulator: socket error: ${error.message}`));
      if (outcome.kind === 'rejected') {
        rejectSocket(ws, outcome.rejection);
        log(`simulator: refused a connection (${outcome.rejection.code})`);
        return;
      }
      const callId = outcome.query.get('call_id');
      if (callId !== null) {
        routes.attachSideband(ws, callId, outcome.apiKey).catch((error: unknown) => log(`simulator: sideband failed: ${errorMessage(error)}`));
        return;
      }
      const faults = outcome.query ? parseFaults(outcome.query) : NO_FAULTS;
      if (faults.betaShapeRejected) {
        rejectSocket(ws, BETA_SHAPE_REJECTION);
        log('simulator: refused a connection (fault_beta_shape)');
        return;
      }
      if (replay.serve(ws, outcome.query, faults)) return;
      const connection = new SimulatorConnection({
        channel: webSocketChannel(ws),
        model: outcome.model,
        speed: parseSpeed(outcome.query, speed),
        faults,
        log,
        onServerEvent: options.onServerEvent,
        script: parseScript(outcome.query) ?? options.script,
        initialSession: outcome.ephemeral?.session,
      });
      ws.on('message', (data, isBinary) => {
        try {
          connection.handleFrame(data, isBinary);
        } catch (error) {
          // handleFrame answers what it can; anything left must not end the process.
          log(`simulator: frame failed: ${(error as Error).stack ?? String(error)}`);
        }
      });
      ws.on('close', () => connection.stop());
      log(`simulator: connection for ${outcome.model} (subprotocols: ${offeredSubprotocols(request).filter((p) => !isSecretSubprotocol(p)).join(', ') || 'none'})`);
      connection.start();
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const url = `ws://${host}:${port}${REALTIME_PATH}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        void routes.close();
        for (const ws of sockets) ws.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections?.();
      }),
  };
}

/** The real API's refusal: an `error` event, then a close with the case's code. */
function rejectSocket(ws: WebSocket, rejection: HandshakeRejection): void {
  const event = errorEvent(newEventId(), { code: rejection.code, message: rejection.message });
  ws.send(JSON.stringify(event), () => ws.close(rejection.closeCode, rejection.code));
}

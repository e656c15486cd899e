// The simulator's WebSocket server: the real API's path and handshake, one SimulatorConnection
// per accepted socket.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerEvent } from '../src/lib/protocol/protocol-types';
import { SimulatorConnection } from './connection';
import { NO_FAULTS, parseFaults, parseScript, parseSpeed } from './faults';
import { evaluateHandshake, offeredSubprotocols, selectSubprotocol, REALTIME_PATH, BETA_SHAPE_REJECTION, type HandshakeRejection } from './handshake';
import { newEventId } from './ids';

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
  /**
   * Texts that successive audio turns stand for (the simulator does not recognise speech), so
   * voice flows such as a weather tool call can be scripted. Per connection: `sim_script`.
   */
  script?: readonly string[];
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

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? DEFAULT_HOST;
  const speed = options.speed && options.speed > 0 ? options.speed : DEFAULT_SPEED;
  const log = options.log ?? (() => undefined);
  const sockets = new Set<WebSocket>();
  const http = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, simulator: true }));
      return;
    }
    res.writeHead(426, { 'content-type': 'text/plain' }).end(`Upgrade to a WebSocket at ${REALTIME_PATH}\n`);
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD_BYTES,
    handleProtocols: (protocols) => selectSubprotocol(protocols),
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const outcome = evaluateHandshake(request, options.apiKey);
    if (outcome.kind === 'not_found') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      if (outcome.kind === 'rejected') {
        rejectSocket(ws, outcome.rejection);
        log(`simulator: refused a connection (${outcome.rejection.code})`);
        return;
      }
      const faults = outcome.query ? parseFaults(outcome.query) : NO_FAULTS;
      if (faults.betaShapeRejected) {
        rejectSocket(ws, BETA_SHAPE_REJECTION);
        log('simulator: refused a connection (fault_beta_shape)');
        return;
      }
      const connection = new SimulatorConnection({
        socket: ws,
        model: outcome.model,
        speed: parseSpeed(outcome.query, speed),
        faults,
        log,
        onServerEvent: options.onServerEvent,
        script: parseScript(outcome.query) ?? options.script,
      });
      ws.on('message', (data, isBinary) => connection.handleFrame(data, isBinary));
      ws.on('close', () => connection.stop());
      ws.on('error', (error) => log(`simulator: socket error: ${error.message}`));
      log(`simulator: connection for ${outcome.model} (subprotocols: ${offeredSubprotocols(request).filter((p) => !p.startsWith('openai-insecure-api-key.')).join(', ') || 'none'})`);
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
        for (const ws of sockets) ws.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections?.();
      }),
  };
}

/** The real API's refusal: an `error` event, then a close with the case's code. */
function rejectSocket(ws: WebSocket, rejection: HandshakeRejection): void {
  const event: ServerEvent = {
    type: 'error',
    event_id: newEventId(),
    error: { type: 'invalid_request_error', code: rejection.code, message: rejection.message, param: null, event_id: null },
  };
  ws.send(JSON.stringify(event), () => ws.close(rejection.closeCode, rejection.code));
}

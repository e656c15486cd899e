// Helpers for the relay's tests: a scriptable upstream that records what reaches it, a browser
// stand-in (the shared recording client, testing/recording-client.ts) and a log capture.
// Loopback only.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { RecordingClient } from '../testing/recording-client';
import { eventually as waitFor } from '../testing/eventually';

export interface UpstreamConnection {
  socket: WebSocket;
  url: string;
  headers: IncomingHttpHeaders;
  /** Text frames received, as received. */
  frames: string[];
}

export interface TestUpstream {
  url: string;
  connections: UpstreamConnection[];
  /** Sockets currently open on the upstream side. */
  openCount(): number;
  close(): Promise<void>;
}

export interface TestUpstreamOptions {
  /** Called for each connection; the default echoes every text frame back. */
  onConnection?: (connection: UpstreamConnection) => void;
  /** Answer every handshake with this HTTP status and body instead of upgrading. */
  refuse?: { status: number; body: string };
  /** Answers plain HTTP requests (the WebRTC endpoints, test-support-webrtc.ts); default 404. */
  onRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** Echoes every frame back, the simplest upstream: lets tests check order and bytes. */
export function echo(connection: UpstreamConnection): void {
  connection.socket.on('message', (data, isBinary) => connection.socket.send(data, { binary: isBinary }));
}

export async function startTestUpstream(options: TestUpstreamOptions = {}): Promise<TestUpstream> {
  const connections: UpstreamConnection[] = [];
  const open = new Set<WebSocket>();
  const http = createServer(options.onRequest ?? ((_req, res) => res.writeHead(404).end()));
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  http.on('upgrade', (req, socket, head) => {
    if (options.refuse) {
      const { status, body } = options.refuse;
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: UpstreamConnection = { socket: ws, url: req.url ?? '', headers: req.headers, frames: [] };
      connections.push(connection);
      open.add(ws);
      ws.on('close', () => open.delete(ws));
      ws.on('error', () => undefined);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) connection.frames.push(data.toString());
      });
      (options.onConnection ?? echo)(connection);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    connections,
    openCount: () => open.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of open) ws.terminate();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

export interface BrowserOptions {
  origin?: string;
  protocols?: string[];
  path?: string;
}

/** A browser stand-in: sends an Origin like a browser does (the dev server's by default). */
export function openBrowser(relayUrl: string, options: BrowserOptions = {}): Promise<RecordingClient> {
  return RecordingClient.open(relayUrl + (options.path ?? ''), {
    protocols: options.protocols,
    origin: options.origin ?? 'http://localhost:3000',
    perMessageDeflate: false,
  });
}

/** The HTTP status a refused handshake got. */
export async function handshakeStatus(url: string, options: { origin?: string; protocols?: string[] } = {}): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { origin: options.origin ?? 'http://localhost:3000' });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}

export function captureLog(): { lines: string[]; sink: (line: string) => void } {
  const lines: string[] = [];
  return { lines, sink: (line) => lines.push(line) };
}

/** Polls `check` until true (bounded); for states with no event to wait on. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  await waitFor(() => (check() ? true : null), what, timeoutMs);
}

// The WebSocket transport: one socket, JSON events both ways, every event re-emitted by type.
// Frames that are not JSON events are reported (`malformed`) and skipped, never thrown.
import type { ClientEvent } from '../protocol/protocol-types';
import { RealtimeEventEmitter } from './event-emitter';
import { planHandshake } from './handshake';
import type { IncomingEvent, RealtimeTransport, RealtimeTransportEvents, TransportEvent } from './transport-types';
import { defaultWebSocket, isNodeRuntime, WS_OPEN, type WebSocketConstructorLike, type WebSocketLike } from './websocket';
import { errorMessage } from '../shared/error-message';
import { isRecord } from '../shared/json';

export interface RealtimeAPIOptions {
  /** Default wss://api.openai.com/v1/realtime; a relay's or the simulator's ws:// URL works too. */
  url?: string;
  /** Omit when going through a relay that holds the key. */
  apiKey?: string;
  /** Allows a standard (non-ephemeral) key in a browser. It is then visible to the page's users. */
  dangerouslyAllowAPIKeyInBrowser?: boolean;
  /** Default gpt-realtime. */
  model?: string;
  /** Default: the `ws` package in Node, the global WebSocket elsewhere. */
  WebSocket?: WebSocketConstructorLike;
  /** Overrides runtime detection (header auth in `node`, subprotocol auth in `browser`). */
  runtime?: 'node' | 'browser';
  /** Gives up opening the socket after this long. */
  connectTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
type ServerEventKey = keyof RealtimeTransportEvents & `server.${string}`;
type ClientEventKey = keyof RealtimeTransportEvents & `client.${string}`;

export class RealtimeAPI extends RealtimeEventEmitter<RealtimeTransportEvents> implements RealtimeTransport {
  private socket: WebSocketLike | null = null;
  /** The socket while it opens, so `disconnect` can abandon it. */
  private opening: WebSocketLike | null = null;
  private connecting = false;
  private closing = false;
  private lastError: string | undefined;
  private eventCounter = 0;
  private readonly eventIdPrefix = `evt_${Math.random().toString(36).slice(2, 8)}_`;

  constructor(private readonly options: RealtimeAPIOptions = {}) {
    super();
  }

  isConnected(): boolean {
    return this.socket !== null && !this.closing && this.socket.readyState === WS_OPEN;
  }

  async connect(): Promise<void> {
    if (this.socket || this.connecting) throw new Error('RealtimeAPI is already connected or connecting');
    this.connecting = true;
    try {
      const runtime = this.options.runtime ?? (isNodeRuntime() ? 'node' : 'browser');
      const plan = planHandshake({ ...this.options, runtime });
      const Socket = this.options.WebSocket ?? (await defaultWebSocket());
      const socket = Object.keys(plan.headers).length
        ? new Socket(plan.url, plan.protocols, { headers: plan.headers })
        : plan.protocols.length
          ? new Socket(plan.url, plan.protocols)
          : new Socket(plan.url);
      this.lastError = undefined;
      this.closing = false;
      this.opening = socket;
      await this.waitForOpen(socket);
      this.socket = socket;
      this.emit('open', { url: plan.url });
    } finally {
      this.opening = null;
      this.connecting = false;
    }
  }

  /** Closes the socket; `close` is emitted once it has closed. */
  disconnect(code = 1000, reason = 'client disconnect'): void {
    if (this.opening) {
      this.opening.close(code, reason); // `connect` rejects
      return;
    }
    if (!this.socket || this.closing) return;
    this.closing = true;
    this.socket.close(code, reason);
  }

  send(event: ClientEvent): void {
    if (!this.socket || !this.isConnected()) throw new Error(`RealtimeAPI is not connected (sending ${event.type})`);
    const withId: ClientEvent = event.event_id ? event : { ...event, event_id: this.nextEventId() };
    this.socket.send(JSON.stringify(withId));
    this.emit('realtime.event', { time: Date.now(), source: 'client', event: withId });
    this.emit(`client.${withId.type}` as ClientEventKey, withId as never);
    this.emit('client.*', withId);
  }

  private nextEventId(): string {
    this.eventCounter += 1;
    return this.eventIdPrefix + this.eventCounter.toString(36);
  }

  private waitForOpen(socket: WebSocketLike): Promise<void> {
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let opened = false;
      let settled = false;
      const fail = (message: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(message));
      };
      const timer = setTimeout(() => {
        fail(`could not connect within ${timeoutMs} ms`);
        socket.close();
      }, timeoutMs);
      socket.addEventListener('open', () => {
        if (settled) return;
        opened = true;
        settled = true;
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener('error', (event) => {
        this.lastError = event.message || this.lastError || 'WebSocket error';
        if (!opened) fail(`could not connect: ${this.lastError}`);
      });
      socket.addEventListener('close', (event) => {
        if (!opened) {
          fail(`connection closed before opening (code ${event.code}${event.reason ? `, ${event.reason}` : ''})`);
          return;
        }
        if (this.socket === socket) this.socket = null;
        this.closing = false;
        this.emit('close', { code: event.code, reason: event.reason, wasClean: event.wasClean, error: this.lastError });
      });
      socket.addEventListener('message', (event) => {
        if (opened) this.receive(event.data);
      });
    });
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.emit('malformed', { raw: '', error: 'binary frames are not part of the Realtime protocol' });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (error) {
      this.emit('malformed', { raw: data, error: `not JSON: ${errorMessage(error)}` });
      return;
    }
    if (!isRecord(parsed) || typeof parsed.type !== 'string') {
      this.emit('malformed', { raw: data, error: 'not an event: expected an object with a string "type"' });
      return;
    }
    const event = parsed as IncomingEvent;
    if (event.type === 'error') this.lastError = readErrorMessage(event) ?? this.lastError;
    const logged: TransportEvent = { time: Date.now(), source: 'server', event, raw: data };
    this.emit('realtime.event', logged);
    this.emit(`server.${event.type}` as ServerEventKey, event as never);
    this.emit('server.*', event);
  }
}

function readErrorMessage(event: IncomingEvent): string | undefined {
  const error = (event as { error?: { message?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message : undefined;
}

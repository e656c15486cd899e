// The WebSocket transport: one socket, JSON events both ways, every event re-emitted by type.
// Frames that are not JSON events are reported (`malformed`) and skipped, never thrown. Audio
// travels in events both ways: appends out, `response.output_audio.delta` in.
import type { ClientEvent } from '../protocol/protocol-types';
import { RealtimeEventEmitter } from './event-emitter';
import { planHandshake } from './handshake';
import { appendEvent, errorEventMessage, EventIds, interruptEvents, parseIncoming, reportReceived, reportSent } from './transport-events';
import type { InterruptRequest, RealtimeTransport, RealtimeTransportEvents } from './transport-types';
import { defaultWebSocket, isNodeRuntime, WS_OPEN, type WebSocketConstructorLike, type WebSocketLike } from './websocket';

/** How to reach the server: the WebSocket transport's own options (the client's are apart). */
export interface WebSocketTransportOptions {
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

export class WebSocketTransport extends RealtimeEventEmitter<RealtimeTransportEvents> implements RealtimeTransport {
  readonly audio = { input: 'events', output: 'events' } as const;
  private socket: WebSocketLike | null = null;
  /** The socket while it opens, so `disconnect` can abandon it. */
  private opening: WebSocketLike | null = null;
  private connecting = false;
  private closing = false;
  private lastError: string | undefined;
  private readonly ids = new EventIds();
  private mutedInput = false;

  constructor(private readonly options: WebSocketTransportOptions = {}) {
    super();
  }

  isConnected(): boolean {
    return this.socket !== null && !this.closing && this.socket.readyState === WS_OPEN;
  }

  async connect(): Promise<void> {
    if (this.socket || this.connecting) throw new Error('WebSocketTransport is already connected or connecting');
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
    if (!this.socket || !this.isConnected()) throw new Error(`WebSocketTransport is not connected (sending ${event.type})`);
    const withId = this.ids.assign(event);
    this.socket.send(JSON.stringify(withId));
    reportSent(this, withId);
  }

  sendAudio(bytes: Uint8Array): void {
    if (bytes.length && !this.mutedInput) this.send(appendEvent(bytes));
  }

  commitAudio(): void {
    this.send({ type: 'input_audio_buffer.commit' });
  }

  clearAudio(): void {
    this.send({ type: 'input_audio_buffer.clear' });
  }

  /** Cancel, then truncate the item where the listener stopped hearing it: the server never learns that otherwise. */
  interrupt(request: InterruptRequest): void {
    for (const event of interruptEvents(request, this.audio.output)) this.send(event);
  }

  /** While muted, appends are dropped here (the microphone may go on recording for its meter). */
  mute(muted: boolean): void {
    this.mutedInput = muted;
  }

  get muted(): boolean {
    return this.mutedInput;
  }

  /** Nothing to keep: this wire carries no stream; the client decodes the deltas and calls `sink.pcm`. */
  setOutputAudioSink(): void {}

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
    const event = parseIncoming(this, data, 'frames');
    if (!event) return;
    if (event.type === 'error') this.lastError = errorEventMessage(event) ?? this.lastError;
    reportReceived(this, event);
  }
}

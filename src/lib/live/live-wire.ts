// What a LiveClient talks over: a primary WebSocket (events and audio as JSON), or a WebRTC
// connection (live-rtc-wire.ts: audio on media tracks, events on the `oai-events` channel). The
// client sends `session.start` on a socket; a media wire's session started at creation.
import { defaultWebSocket, isNodeRuntime, WS_OPEN, type WebSocketConstructorLike, type WebSocketLike } from '../realtime/websocket';
import { insecureKeyUrlReason } from '../realtime/handshake';

export const DEFAULT_LIVE_URL = 'wss://api.openai.com/v1/live/sessions';

/** The fork WebSocket of a stored session beside a Live URL: `…/v1/live/sessions/{id}/fork` (forks/internal-base.js). */
export function liveForkUrl(liveUrl: string, sessionId: string): string {
  const url = new URL(liveUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(sessionId)}/fork`;
  return url.toString();
}

export interface LiveWireHandlers {
  /** `via: 'relay'`: the relay delivered it (rewritten), not the wire (relay-watch.ts). */
  message(text: string, via?: 'relay'): void;
  close(code: number, reason: string): void;
}

export interface LiveWire {
  /** Audio travels as media tracks: no `session.input_audio.append`, no `session.output_audio.delta`. */
  readonly media: boolean;
  /** Function tools a relay answers itself (its `Relay-Sideband-Tools`): the client must not answer them too. */
  readonly serverTools?: readonly string[];
  /** Resolves once commands can be sent; rejects when the wire cannot open. */
  open(handlers: LiveWireHandlers): Promise<void>;
  isOpen(): boolean;
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface LiveSocketOptions {
  /** Default DEFAULT_LIVE_URL; a relay's Live route in a browser. No query string. */
  url?: string;
  /** Node only (sent as `Authorization: Bearer`). */
  apiKey?: string;
  WebSocket?: WebSocketConstructorLike;
}

/** A primary WebSocket on `/v1/live/sessions` (no query string: the model goes in `session.start`). */
export class LiveSocketWire implements LiveWire {
  readonly media = false;
  private socket: WebSocketLike | null = null;

  constructor(private readonly options: LiveSocketOptions) {}

  async open(handlers: LiveWireHandlers): Promise<void> {
    const url = this.options.url ?? DEFAULT_LIVE_URL;
    // The API takes no query; a relay's `access_token` (its own, stripped before the upstream) is the one exception.
    const extra = [...new URL(url).searchParams.keys()].find((key) => key !== 'access_token');
    if (extra !== undefined) throw new Error('A Live URL takes no query string: the model goes in session.start.');
    const headers: Record<string, string> = {};
    if (this.options.apiKey) {
      if (!isNodeRuntime()) throw new Error('Live has no ephemeral keys: a browser connects through a relay that holds the key.');
      const reason = insecureKeyUrlReason(url);
      if (reason) throw new Error(reason);
      headers.Authorization = `Bearer ${this.options.apiKey}`;
    }
    const Socket = this.options.WebSocket ?? (await defaultWebSocket());
    const socket = new Socket(url, [], { headers });
    this.socket = socket;
    socket.addEventListener('message', (message) => handlers.message(String(message.data)));
    socket.addEventListener('error', () => undefined);
    await new Promise<void>((resolve) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('close', (event) => {
        this.socket = null;
        handlers.close(event.code, event.reason);
        resolve(); // the client's close handler has already failed its connect
      });
    });
  }

  isOpen(): boolean {
    return this.socket?.readyState === WS_OPEN;
  }

  send(text: string): void {
    this.socket?.send(text);
  }

  close(code: number, reason: string): void {
    this.socket?.close(code, reason);
  }
}

// A `ws` client for tests that records every frame it receives, for the relay's suites (as a
// browser) and the simulator's (as an SDK): one place to wait for an event, count frames or
// read the close, so the two suites cannot drift apart in how they observe a socket.
import WebSocket, { type ClientOptions } from 'ws';

/** A received frame that parsed as a JSON object. */
export interface RecordedEvent {
  type: string;
  event_id?: string;
  [field: string]: unknown;
}

export interface RecordedClose {
  code: number;
  reason: string;
}

export interface RecordingClientOptions {
  protocols?: string[];
  headers?: Record<string, string>;
  /** The `Origin` header, as a browser sends it. */
  origin?: string;
  /** Offer permessage-deflate (ws's default: true). */
  perMessageDeflate?: boolean;
  /** Called with every event received, e.g. to validate all of a suite's traffic at its end. */
  onEvent?: (event: RecordedEvent) => void;
}

/** Default wait for an event or a frame count. */
export const DEFAULT_WAIT_MS = 5000;

export class RecordingClient {
  /** Every frame received, as text, in order (malformed ones too). */
  readonly frames: string[] = [];
  /** The frames that parsed as JSON objects, in order. */
  readonly events: RecordedEvent[] = [];
  readonly closed: Promise<RecordedClose>;
  private cursor = 0;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket, onEvent?: (event: RecordedEvent) => void) {
    socket.on('message', (data) => {
      const text = String(data);
      this.frames.push(text);
      const event = parseObject(text);
      if (event) {
        this.events.push(event);
        onEvent?.(event);
      }
      for (const listener of Array.from(this.listeners)) listener();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    socket.on('error', () => undefined);
  }

  /**
   * Opens a socket and resolves once it is open. A refused handshake rejects with
   * `HTTP <status>` and the status on the error; a socket error rejects with that error.
   */
  static open(url: string, options: RecordingClientOptions = {}): Promise<RecordingClient> {
    const wsOptions: ClientOptions = { headers: options.headers ?? {} };
    if (options.origin !== undefined) wsOptions.origin = options.origin;
    if (options.perMessageDeflate !== undefined) wsOptions.perMessageDeflate = options.perMessageDeflate;
    const socket = new WebSocket(url, options.protocols ?? [], wsOptions);
    const client = new RecordingClient(socket, options.onEvent);
    return new Promise<RecordingClient>((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  /** Sends a string as it is, anything else as JSON. */
  send(event: unknown): void {
    this.socket.send(typeof event === 'string' ? event : JSON.stringify(event));
  }

  /** The next event of `type` after the one the previous `next` returned, matching `where`. */
  next(type: string, where: (event: RecordedEvent) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedEvent> {
    return this.waitUntil(() => {
      for (let i = this.cursor; i < this.events.length; i++) {
        const event = this.events[i];
        if (event.type === type && where(event)) {
          this.cursor = i + 1;
          return event;
        }
      }
      return null;
    }, timeoutMs, `a ${type} event`);
  }

  /** The first event of `type` received at all (waits if none yet); moves no cursor. */
  first(type: string, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedEvent> {
    return this.waitUntil(() => this.events.find((event) => event.type === type) ?? null, timeoutMs, `a ${type} event`);
  }

  /** The first `count` frames, once they have arrived. */
  waitForFrames(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<string[]> {
    return this.waitUntil(() => (this.frames.length >= count ? this.frames.slice(0, count) : null), timeoutMs, `${count} frames`);
  }

  /** Resolves with `probe()` once it returns non-null, checked on every frame; rejects after `timeoutMs`. */
  waitUntil<T>(probe: () => T | null, timeoutMs = DEFAULT_WAIT_MS, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value !== null) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        const got = this.frames.slice(-3).join(' | ').slice(0, 500);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.frames.length} frames (${this.events.map((e) => e.type).join(', ')}); last: ${got}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Events of `type` received so far. */
  all(type: string): RecordedEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  close(): void {
    this.socket.close();
  }
}

function parseObject(text: string): RecordedEvent | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RecordedEvent) : null;
  } catch {
    return null;
  }
}

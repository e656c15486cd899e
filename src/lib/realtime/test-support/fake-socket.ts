// An in-memory WebSocket double: records what the client sends, lets the test play the server.
import type { ServerEvent } from '../../protocol/protocol-types';
import type { WebSocketConstructorLike, WebSocketLike, WebSocketOptionsLike } from '../websocket';

type Listener = (event: never) => void;

export class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
    readonly options?: WebSocketOptionsLike,
  ) {
    FakeSocket.instances.push(this);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  private fire(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(data);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.fire('close', { code, reason, wasClean: true });
  }

  // ---- the test plays the server ----
  open(): void {
    this.readyState = 1;
    this.fire('open', {});
  }

  receive(event: ServerEvent | Record<string, unknown>): void {
    this.fire('message', { data: JSON.stringify(event) });
  }

  receiveRaw(data: unknown): void {
    this.fire('message', { data });
  }

  fail(message: string): void {
    this.fire('error', { message });
  }

  serverClose(code: number, reason: string, wasClean = true): void {
    this.readyState = 3;
    this.fire('close', { code, reason, wasClean });
  }

  sentEvents(): Array<{ type: string; [key: string]: unknown }> {
    return this.sent.map((s) => JSON.parse(s) as { type: string });
  }

  static reset(): void {
    FakeSocket.instances = [];
  }

  static last(): FakeSocket {
    const socket = FakeSocket.instances[FakeSocket.instances.length - 1];
    if (!socket) throw new Error('no socket was created');
    return socket;
  }
}

export const FakeSocketConstructor: WebSocketConstructorLike = FakeSocket;

/** A constructor whose sockets open on the next tick. */
export const AutoOpenSocket: WebSocketConstructorLike = class extends FakeSocket {
  constructor(url: string, protocols?: string | string[], options?: WebSocketOptionsLike) {
    super(url, protocols, options);
    setTimeout(() => this.open(), 0);
  }
};

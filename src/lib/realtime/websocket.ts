// The WebSocket the transport uses: the browser's own, or the `ws` package in Node (which can
// send an Authorization header). `ws` is loaded lazily and hidden from webpack, so the browser
// bundle never contains it.

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string; wasClean: boolean }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

export interface WebSocketOptionsLike {
  headers?: Record<string, string>;
}

/** The browser's `WebSocket`, the `ws` package's, or a test double. */
export type WebSocketConstructorLike = new (
  url: string,
  protocols?: string | string[],
  options?: WebSocketOptionsLike,
) => WebSocketLike;

export const WS_OPEN = 1;

interface RuntimeGlobals {
  process?: { versions?: { node?: string } };
  window?: unknown;
  WebSocket?: WebSocketConstructorLike;
}

/** Node (not a browser, nor jsdom which defines `window`). */
export function isNodeRuntime(): boolean {
  const g = globalThis as RuntimeGlobals;
  return typeof g.process?.versions?.node === 'string' && typeof g.window === 'undefined';
}

/** Node: the `ws` package (headers work); elsewhere: the global WebSocket. */
export async function defaultWebSocket(): Promise<WebSocketConstructorLike> {
  if (isNodeRuntime()) {
    const mod = (await import(/* webpackIgnore: true */ 'ws')) as {
      default?: WebSocketConstructorLike;
      WebSocket?: WebSocketConstructorLike;
    };
    const ctor = mod.default ?? mod.WebSocket;
    if (!ctor) throw new Error('the "ws" package did not export a WebSocket');
    return ctor;
  }
  const native = (globalThis as RuntimeGlobals).WebSocket;
  if (!native) throw new Error('no WebSocket in this environment: pass options.WebSocket');
  return native;
}

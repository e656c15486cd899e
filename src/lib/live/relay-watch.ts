// The relay's copy of what a Live WebRTC data channel does not carry. While the relay hides held
// text (its frontend instructions, the backend's prompt), the session it creates keeps the session
// snapshots off the browser's data channel (`client.data_channel.allowed_server_events`), and its
// `/session/live` answer names them (`Relay-Live-Relayed-Events`); the relay's sideband sees them,
// removes what it holds, and serves them on `/call-events?call_id=` for the session. This opens
// that watch and passes on the named types only (everything else arrives on the channel).
import { defaultWebSocket, type WebSocketConstructorLike, type WebSocketLike } from '../realtime/websocket';

/** `ws://host:8081/?access_token=T` and a session id → `ws://host:8081/call-events?call_id=ID&access_token=T`. */
export function relayWatchUrl(relayUrl: string, sessionId: string): string {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/call-events';
  const token = url.searchParams.get('access_token');
  url.search = '';
  url.searchParams.set('call_id', sessionId);
  if (token !== null) url.searchParams.set('access_token', token);
  return url.toString();
}

/** The `type` of an event's text, or null. */
export function eventTypeOf(text: string): string | null {
  try {
    const value = JSON.parse(text) as { type?: unknown } | null;
    return value !== null && typeof value === 'object' && typeof value.type === 'string' ? value.type : null;
  } catch {
    return null;
  }
}

export interface RelayWatch {
  close(): void;
}

/**
 * Watches the relay for `types`: resolves once the watch is open; rejects when the relay refuses
 * it. `deliver` gets each relayed event's text. A watch that ends later (the session or the relay
 * did) is not the wire's end: the channel says when the session ends.
 */
export async function watchRelayed(url: string, types: ReadonlySet<string>, deliver: (text: string) => void, WebSocketImpl?: WebSocketConstructorLike): Promise<RelayWatch> {
  const Socket = WebSocketImpl ?? (await defaultWebSocket());
  const socket: WebSocketLike = new Socket(url);
  let open = false;
  socket.addEventListener('message', (message) => {
    const text = typeof message.data === 'string' ? message.data : String(message.data);
    const type = eventTypeOf(text);
    if (type !== null && types.has(type)) deliver(text);
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      open = true;
      resolve();
    });
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('close', (event) => {
      if (!open) reject(new Error(`the relay refused to relay the Live session's snapshots (${event.code}${event.reason ? ` ${event.reason}` : ''})`));
    });
  });
  return {
    close() {
      socket.close(1000, 'done');
    },
  };
}

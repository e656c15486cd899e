// Where a session's server events go and how it ends: the seam between the session engine
// (connection.ts, outbox.ts) and the wire. A WebSocket is one channel; a WebRTC call's
// `oai-events` data channel, with any sideband WebSockets attached, is another
// (webrtc/call-channel.ts). The engine never knows which it runs on.
import WebSocket from 'ws';

export interface EventChannel {
  /** Whether sending still reaches someone. */
  readonly isOpen: boolean;
  /** Sends one event's JSON text. */
  send(text: string): void;
  /** Ends the session's wire: a WebSocket close code and reason, or the end of a call. */
  close(code: number, reason: string): void;
}

/** A WebSocket as an event channel. */
export function webSocketChannel(socket: WebSocket): EventChannel {
  return {
    get isOpen() {
      return socket.readyState === WebSocket.OPEN;
    },
    send: (text) => socket.send(text),
    close: (code, reason) => {
      if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    },
  };
}

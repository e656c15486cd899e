// What a transport (the WebSocket `RealtimeAPI` today, WebRTC later) emits and promises.
import type { ClientEvent, ServerEvent } from '../protocol/protocol-types';
import type { RealtimeEventEmitter } from './event-emitter';

/** A server event whose `type` the published protocol does not (yet) know. */
export interface UnknownServerEvent {
  type: string;
  event_id?: string;
  [field: string]: unknown;
}

export type IncomingEvent = ServerEvent | UnknownServerEvent;

/** Every event sent or received, as the UI's event log shows it. */
export interface TransportEvent {
  time: number; // Date.now()
  source: 'client' | 'server';
  event: ClientEvent | IncomingEvent;
  /** The text received, for server events. */
  raw?: string;
}

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
  /** The last error seen before the close: an `error` event's message or a socket error. */
  error?: string;
}

/** A frame that is not a JSON object with a string `type`. */
export interface MalformedFrame {
  raw: string;
  error: string;
}

type ClientEventsByType = { [E in ClientEvent as `client.${E['type']}`]: E };
type ServerEventsByType = { [E in ServerEvent as `server.${E['type']}`]: E };

export type RealtimeTransportEvents = ClientEventsByType &
  ServerEventsByType & {
    'client.*': ClientEvent;
    'server.*': IncomingEvent;
    'realtime.event': TransportEvent;
    open: { url: string };
    close: CloseInfo;
    malformed: MalformedFrame;
  };

/** The seam between the client and the wire. */
export interface RealtimeTransport
  extends Pick<RealtimeEventEmitter<RealtimeTransportEvents>, 'on' | 'off' | 'once' | 'waitForNext'> {
  connect(): Promise<void>;
  disconnect(): void;
  isConnected(): boolean;
  /** Sends one event; assigns `event_id` when absent. Throws when not connected. */
  send(event: ClientEvent): void;
}

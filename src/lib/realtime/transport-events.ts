// What every transport does the same way, whatever its wire: the events a verb becomes, the
// `event_id`s it assigns, and the order in which it reports what it sent and received. A new
// transport (WebRTC, a phone bridge) uses these so the client and the event log see every wire alike.
import type { ClientEvent } from '../protocol/protocol-types';
import { bytesToBase64 } from '../audio-codec/pcm';
import type { RealtimeEventEmitter } from './event-emitter';
import { errorMessage } from '../shared/error-message';
import { isRecord } from '../shared/json';
import type { AudioCarriage, IncomingEvent, InterruptRequest, RealtimeTransportEvents } from './transport-types';

type ServerEventKey = keyof RealtimeTransportEvents & `server.${string}`;
type ClientEventKey = keyof RealtimeTransportEvents & `client.${string}`;

/** `evt_<random>_<n>`: unique per transport, so two connections' logs never share an id. */
export class EventIds {
  private counter = 0;
  private readonly prefix = `evt_${Math.random().toString(36).slice(2, 8)}_`;

  /** The event with an `event_id` (its own if it has one). */
  assign(event: ClientEvent): ClientEvent {
    if (event.event_id) return event;
    this.counter += 1;
    return { ...event, event_id: this.prefix + this.counter.toString(36) };
  }
}

/** After an event went out: the log entry, then `client.<type>`, then `client.*`. */
export function reportSent(emitter: RealtimeEventEmitter<RealtimeTransportEvents>, event: ClientEvent): void {
  emitter.emit('realtime.event', { time: Date.now(), source: 'client', event });
  emitter.emit(`client.${event.type}` as ClientEventKey, event as never);
  emitter.emit('client.*', event);
}

/** After an event came in: the log entry (`raw` only when the log needs the text), `server.<type>`, `server.*`. */
export function reportReceived(emitter: RealtimeEventEmitter<RealtimeTransportEvents>, event: IncomingEvent): void {
  emitter.emit('realtime.event', { time: Date.now(), source: 'server', event });
  emitter.emit(`server.${event.type}` as ServerEventKey, event as never);
  emitter.emit('server.*', event);
}

/** Input audio as an event (event-carried audio). */
export function appendEvent(bytes: Uint8Array): ClientEvent {
  return { type: 'input_audio_buffer.append', audio: bytesToBase64(bytes) };
}

/**
 * What stopping the model costs on each kind of wire. Events: the server does not know what the
 * listener heard, so the item is truncated there. Media: the server plays the audio itself, so
 * clearing its output buffer stops playback and truncates at what was played.
 */
export function interruptEvents({ cancel, heard }: InterruptRequest, output: AudioCarriage): ClientEvent[] {
  const events: ClientEvent[] = cancel ? [{ type: 'response.cancel' }] : [];
  if (output === 'media') events.push({ type: 'output_audio_buffer.clear' });
  else if (heard) events.push({ type: 'conversation.item.truncate', item_id: heard.itemId, content_index: heard.contentIndex, audio_end_ms: heard.audioEndMs });
  return events;
}

/**
 * One incoming frame or data-channel message as an event, or null after a `malformed` report:
 * every wire reads text JSON events the same way. `unit` names what the wire carries.
 */
export function parseIncoming(emitter: RealtimeEventEmitter<RealtimeTransportEvents>, data: unknown, unit: 'frames' | 'messages'): IncomingEvent | null {
  if (typeof data !== 'string') {
    emitter.emit('malformed', { raw: '', error: `binary ${unit} are not part of the Realtime protocol` });
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    emitter.emit('malformed', { raw: data, error: `not JSON: ${errorMessage(error)}` });
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.type !== 'string') {
    emitter.emit('malformed', { raw: data, error: 'not an event: expected an object with a string "type"' });
    return null;
  }
  return parsed as IncomingEvent;
}

/** The message of an `error` event, kept by a transport to explain the close that may follow. */
export function errorEventMessage(event: IncomingEvent): string | undefined {
  const error = (event as { error?: { message?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message : undefined;
}

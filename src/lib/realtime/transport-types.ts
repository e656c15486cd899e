// The seam between the client and a wire: what a transport (WebSocket, WebRTC, a phone bridge,
// the scripted one in ./testing) emits and promises. The client speaks only through it: events,
// and the verbs whose wire form differs by transport (input audio, interrupt, mute, playback).
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
    'media.track': MediaTrackNotice;
    'media.flowing': { time: number };
    'media.ended': Record<string, never>;
  };

/**
 * A media transport's track, told the moment it exists (the microphone before the offer is sent,
 * the model's at the remote `track` event), so a recording can run from the call's first sample.
 * `media.flowing` follows when the peer connection connects (media can flow from then: the
 * server's input audio ms 0 is about here); `media.ended` when the transport drops its tracks (a
 * call that ended, or a connect that failed).
 */
export interface MediaTrackNotice {
  direction: 'input' | 'output';
  track: MediaStreamTrack;
  stream: MediaStream | null;
}

/**
 * How audio travels in one direction: `events` as base64 in JSON events (`input_audio_buffer.append`,
 * `response.output_audio.delta`: WebSocket, a phone bridge); `media` on a media track (WebRTC: no
 * audio bytes in events, playback timed by `output_audio_buffer.started` / `stopped` / `cleared`).
 */
export type AudioCarriage = 'events' | 'media';

/** The model's audio for one assistant item, decoded to PCM16 at the client's sample rate. */
export interface OutputAudioChunk {
  itemId: string;
  samples: Int16Array;
  /** The bytes as they came, in the session's output format (absent for the decoder's held-back tail). */
  bytes?: Uint8Array;
}

/**
 * Where the model's audio goes for playback (`RealtimeClient.setOutputAudioSink`). Event-carried
 * audio is decoded once, by the client's conversation (which also keeps it on the item), and the
 * client calls `pcm`; a media transport hands its remote stream to `stream` (null when it ends).
 * Give the one your transport needs, or both.
 */
export interface OutputAudioSink {
  pcm?(chunk: OutputAudioChunk): void;
  stream?(stream: MediaStream | null): void;
}

/** What `interrupt` stops: a response the client knows runs, and where the user stopped hearing it. */
export interface InterruptRequest {
  /** Send `response.cancel` (false when none runs, or the server is already cancelling on barge-in). */
  cancel: boolean;
  /**
   * The assistant audio item playing and how much of it the listener heard, from the local
   * player. Event transports truncate the item there; a media transport ignores it (the server
   * knows what it played and truncates when its output buffer is cleared).
   */
  heard?: { itemId: string; contentIndex: number; audioEndMs: number };
}

/** The seam between the client and the wire. */
export interface RealtimeTransport
  extends Pick<RealtimeEventEmitter<RealtimeTransportEvents>, 'on' | 'off' | 'once' | 'waitForNext'> {
  /** How input and output audio travel on this wire. */
  readonly audio: { readonly input: AudioCarriage; readonly output: AudioCarriage };
  connect(): Promise<void>;
  disconnect(): void;
  isConnected(): boolean;
  /** Sends one event; assigns `event_id` when absent. Throws when not connected. */
  send(event: ClientEvent): void;
  /**
   * Appends input audio already in the session's input format. Event transports send
   * `input_audio_buffer.append` (nothing while muted); a media transport's microphone is its track,
   * so it throws.
   */
  sendAudio(bytes: Uint8Array): void;
  /** `input_audio_buffer.commit`: the appended audio is the user's turn (manual turns). */
  commitAudio(): void;
  /** `input_audio_buffer.clear`: the appended audio is dropped. */
  clearAudio(): void;
  /** Stops the model talking: event transports cancel and truncate at `heard`; media ones cancel and send `output_audio_buffer.clear`. */
  interrupt(request: InterruptRequest): void;
  /** Stops (or resumes) sending the user's audio: a disabled track, or appends dropped. */
  mute(muted: boolean): void;
  readonly muted: boolean;
  /**
   * Where playback goes (null: nowhere). A media transport calls `sink.stream` with its remote
   * stream; an event transport has no stream, and keeps nothing (the client calls `sink.pcm`).
   */
  setOutputAudioSink(sink: OutputAudioSink | null): void;
  /**
   * Function tools something else answers on this connection (a relay running them on a WebRTC
   * call's sideband): the client's tool runner leaves their calls alone. Absent: none.
   */
  readonly serverTools?: ReadonlySet<string>;
  /** A media transport's outgoing microphone track while connected (absent on event transports). */
  readonly inputTrack?: MediaStreamTrack | null;
}

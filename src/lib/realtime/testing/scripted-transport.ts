// A transport with no wire, for testing code built on `RealtimeClient` without a socket: it
// records what the client sends and which verbs it calls, and delivers the server events a test
// (or a script answering each client event) gives it. It behaves as the real transports do in
// what the client can see: ids assigned, events reported in the same order, replies delivered
// asynchronously, `close` once. `audio: {input: 'media', output: 'media'}` makes it stand for a
// WebRTC wire (no appends, `output_audio_buffer.clear` on interrupt, a stream for the sink).
import type { ClientEvent } from '../../protocol/protocol-types';
import { RealtimeEventEmitter } from '../event-emitter';
import { appendEvent, EventIds, interruptEvents, reportReceived, reportSent } from '../transport-events';
import type {
  AudioCarriage,
  CloseInfo,
  IncomingEvent,
  InterruptRequest,
  OutputAudioSink,
  RealtimeTransport,
  RealtimeTransportEvents,
} from '../transport-types';

/** The server's side of the script: the events that answer one client event (none: undefined or []). */
export type ServerScript = (event: ClientEvent) => IncomingEvent[] | undefined | void;

export interface ScriptedTransportOptions {
  /** How audio travels on the wire this stands for (default: events both ways, as the WebSocket). */
  audio?: { input: AudioCarriage; output: AudioCarriage };
  /** Delivered right after `connect` (e.g. `session.created`). */
  greeting?: IncomingEvent[];
  /** Answers each event the client sends; replies arrive after `send` returns, as from a server. */
  script?: ServerScript;
  /** Makes `connect` reject with this message (a refused handshake). */
  refuseConnect?: string;
}

/** A verb the client called, in order, with what it passed. */
export type ScriptedCall =
  | { verb: 'sendAudio'; bytes: Uint8Array }
  | { verb: 'commitAudio' | 'clearAudio' }
  | { verb: 'interrupt'; request: InterruptRequest }
  | { verb: 'mute'; muted: boolean }
  | { verb: 'setOutputAudioSink'; sink: OutputAudioSink | null };

export class ScriptedTransport extends RealtimeEventEmitter<RealtimeTransportEvents> implements RealtimeTransport {
  readonly audio: { readonly input: AudioCarriage; readonly output: AudioCarriage };
  /** Every event sent, with its `event_id`, oldest first. */
  readonly sent: ClientEvent[] = [];
  /** Every transport verb the client called, oldest first. */
  readonly calls: ScriptedCall[] = [];
  private connected = false;
  private mutedInput = false;
  private sink: OutputAudioSink | null = null;
  private remoteStream: MediaStream | null = null;
  private readonly ids = new EventIds();
  private taken = 0;
  /** Replies in flight: `settled()` waits for them. */
  private delivery: Promise<void> = Promise.resolve();

  constructor(private readonly options: ScriptedTransportOptions = {}) {
    super();
    this.audio = options.audio ?? { input: 'events', output: 'events' };
  }

  async connect(): Promise<void> {
    if (this.connected) throw new Error('ScriptedTransport is already connected');
    if (this.options.refuseConnect) throw new Error(this.options.refuseConnect);
    this.connected = true;
    this.emit('open', { url: 'scripted:' });
    this.deliverLater(this.options.greeting ?? []);
  }

  /** Closes as a client close does: `close` with 1000. */
  disconnect(code = 1000, reason = 'client disconnect'): void {
    this.closeWith({ code, reason, wasClean: true });
  }

  isConnected(): boolean {
    return this.connected;
  }

  send(event: ClientEvent): void {
    if (!this.connected) throw new Error(`ScriptedTransport is not connected (sending ${event.type})`);
    const withId = this.ids.assign(event);
    this.sent.push(withId);
    reportSent(this, withId);
    const replies = this.options.script?.(withId);
    if (replies && replies.length) this.deliverLater(replies);
  }

  sendAudio(bytes: Uint8Array): void {
    this.calls.push({ verb: 'sendAudio', bytes: bytes.slice() });
    if (this.audio.input === 'media') throw new Error('this transport carries the microphone on a media track: no appends');
    if (bytes.length && !this.mutedInput) this.send(appendEvent(bytes));
  }

  commitAudio(): void {
    this.calls.push({ verb: 'commitAudio' });
    this.send({ type: 'input_audio_buffer.commit' });
  }

  clearAudio(): void {
    this.calls.push({ verb: 'clearAudio' });
    this.send({ type: 'input_audio_buffer.clear' });
  }

  interrupt(request: InterruptRequest): void {
    this.calls.push({ verb: 'interrupt', request });
    for (const event of interruptEvents(request, this.audio.output)) this.send(event);
  }

  mute(muted: boolean): void {
    this.calls.push({ verb: 'mute', muted });
    this.mutedInput = muted;
  }

  get muted(): boolean {
    return this.mutedInput;
  }

  setOutputAudioSink(sink: OutputAudioSink | null): void {
    this.calls.push({ verb: 'setOutputAudioSink', sink });
    this.sink = sink;
    if (sink && this.remoteStream) sink.stream?.(this.remoteStream);
  }

  // ---- what the test drives ----

  /** Server events, delivered now. */
  receive(...events: IncomingEvent[]): void {
    for (const event of events) if (this.connected) reportReceived(this, event);
  }

  /** A frame that is not an event, as a real transport reports it. */
  receiveMalformed(raw: string, error = 'not JSON'): void {
    this.emit('malformed', { raw, error });
  }

  /** Media output: the remote stream arrives (or ends, with null) and goes to the sink. */
  receiveStream(stream: MediaStream | null): void {
    this.remoteStream = stream;
    this.sink?.stream?.(stream);
  }

  /** The server closes the connection (`error`: the last error message it sent, as `CloseInfo.error`). */
  serverClose(code: number, reason = '', error?: string, wasClean = true): void {
    this.closeWith({ code, reason, wasClean, error });
  }

  /** The events sent since the last call. */
  takeSent(): ClientEvent[] {
    const events = this.sent.slice(this.taken);
    this.taken = this.sent.length;
    return events;
  }

  /** Resolves once every scripted reply so far has been delivered. */
  settled(): Promise<void> {
    return this.delivery;
  }

  private deliverLater(events: IncomingEvent[]): void {
    this.delivery = this.delivery.then(() => this.receive(...events));
  }

  private closeWith(info: CloseInfo): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit('close', info);
  }
}

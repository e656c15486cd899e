// A client for OpenAI's GPT-Live protocol over a primary WebSocket (Node with a key, or a browser
// through a relay that holds it: Live has no ephemeral keys) or over WebRTC (live-rtc-wire.ts:
// the microphone and the model's voice as media tracks, events on `oai-events`). On a socket it
// sends `session.start` first; either way it resolves once `session.started` arrives. On a socket
// it streams input audio continuously (AudioPacer) and decodes output audio. It groups timed
// transcripts into turns, follows delegations (DelegationTracker) and appends (AppendLedger), and
// runs function tools for Responses delegation (ResponsesToolRunner).
import { RealtimeEventEmitter } from '../realtime/event-emitter';
import type { WebSocketConstructorLike } from '../realtime/websocket';
import { DEFAULT_LIVE_URL, LiveSocketWire, liveForkUrl, type LiveWire } from './live-wire';
import { AudioDecoder, AudioEncoder } from '../audio-codec/audio-codec';
import type { AudioFormat } from '../audio-codec/audio-format';
import { base64ToBytes, bytesToBase64 } from '../audio-codec/pcm';
import { AudioPacer, type AudioPacerOptions } from './audio-pacer';
import type { AppendChannel } from './append-ledger';
import type { DelegationTrackerOptions } from './delegation-tracker';
import { ResponsesToolRunner, type LiveToolHandler } from './responses-tools';
import { LiveWireState, type LiveChange } from './live-wire-state';
import type { LiveClientEvent, LiveClientEvents, LiveForkTarget, LiveServerEvent, LiveSessionConfig, LiveSessionResource, LiveUsage, UnknownLiveServerEvent } from './live-types';

/** How long `connect` waits for `session.started`, and `close` for `session.closed`. */
export const DEFAULT_LIVE_TIMEOUT_MS = 15_000;

export interface LiveClientOptions {
  /** Default DEFAULT_LIVE_URL; a relay's Live route in a browser. No query string. */
  url?: string;
  /** Node only (sent as `Authorization: Bearer`). */
  apiKey?: string;
  /** The `session` of `session.start`, or of a WebRTC creation (model included: Live takes none in the URL). */
  session?: LiveSessionConfig;
  /**
   * Fork a stored, closed session instead (WebSocket only): the socket opens at
   * `{url}/{sessionId}/fork` and `session.start` carries the overrides; the model, voice,
   * instructions and conversation come from the stored session.
   */
  fork?: LiveForkTarget;
  WebSocket?: WebSocketConstructorLike;
  /** Another wire than the WebSocket `url`/`apiKey`/`WebSocket` describe (a LiveRtcWire). */
  wire?: LiveWire;
  pacing?: AudioPacerOptions;
  delegations?: DelegationTrackerOptions;
  /** Silence that ends a transcript turn (TranscriptGrouper). */
  turnGapMs?: number;
  timeoutMs?: number;
}

export class LiveClient extends RealtimeEventEmitter<LiveClientEvents> {
  /** Transcript turns, delegations, appends, usage and decisions, as the wire events say. */
  readonly state: LiveWireState;
  readonly tools: ResponsesToolRunner;
  private wire: LiveWire | null = null;
  private pacer: AudioPacer | null = null;
  private encoder: AudioEncoder | null = null;
  private decoder: AudioDecoder | null = null;
  private sequence = 0;

  constructor(readonly options: LiveClientOptions) {
    super();
    this.state = new LiveWireState({ delegations: options.delegations, turnGapMs: options.turnGapMs });
    this.tools = new ResponsesToolRunner(
      (event) => this.send(event),
      (result) => {
        this.delegations.toolOutput(result.callId, result.output);
        this.emit('tool.result', result);
      },
    );
  }

  /** Registers a function the Responses backend may call (add it to `delegation.responses.tools` too). */
  addTool(name: string, handler: LiveToolHandler): void {
    this.tools.add(name, handler);
  }

  get delegations() {
    return this.state.delegations;
  }

  get ledger() {
    return this.state.ledger;
  }

  get transcript() {
    return this.state.transcript;
  }

  get session(): LiveSessionResource | null {
    return this.state.session;
  }

  /** The stored session this one forks, when it is a fork. */
  get forkedFrom(): string | null {
    return this.options.fork?.sessionId ?? null;
  }

  get usage(): LiveUsage | null {
    return this.state.usage;
  }

  /** Session time the client has streamed (its pacer's clock). */
  get sentMs(): number {
    return this.pacer?.sentMs ?? 0;
  }

  /** Latest session time the server has reported. */
  get serverClockMs(): number {
    return this.state.clockMs;
  }

  isConnected(): boolean {
    return this.wire?.isOpen() ?? false;
  }

  /** Audio travels as media tracks (WebRTC): nothing to append, no output deltas. */
  get media(): boolean {
    return this.wire?.media ?? this.options.wire?.media ?? false;
  }

  /** Opens the wire (on a socket, sends `session.start`), resolves with the resolved session. */
  async connect(): Promise<LiveSessionResource> {
    const { fork, session } = this.options;
    if (fork && this.options.wire) throw new Error('a fork opens its own WebSocket; it takes no wire');
    if (!fork && !session && !this.options.wire) throw new Error('a Live session needs `session` (or `fork`)');
    const url = fork ? liveForkUrl(this.options.url ?? DEFAULT_LIVE_URL, fork.sessionId) : this.options.url;
    const wire: LiveWire = this.options.wire ?? new LiveSocketWire({ ...this.options, url });
    this.wire = wire;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS;
    return new Promise<LiveSessionResource>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no session.started within ${timeoutMs} ms`)), timeoutMs);
      const offStarted = this.on('started', (session) => {
        done();
        resolve(session);
      });
      const offError = this.on('error', (event) => {
        if (!this.session) fail(new Error(`session.start refused: ${event.error.code}: ${event.error.message}`));
      });
      const offClose = this.on('close', (info) => fail(new Error(`closed before session.started (${info.code} ${info.reason})`)));
      const done = (): void => {
        clearTimeout(timer);
        offStarted();
        offError();
        offClose();
      };
      const fail = (error: Error): void => {
        done();
        wire.close(1000, 'connect failed');
        reject(error);
      };
      wire
        .open({ message: (text, via) => this.receive(text, via), close: (code, reason) => this.closed(code, reason) })
        .then(() => {
          this.tools.leaveToServer(wire.serverTools ?? []);
          if (!wire.media && wire.isOpen()) this.send(fork ? { type: 'session.start', session: fork.overrides ?? {} } : { type: 'session.start', session: session! });
        })
        .catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
    });
  }

  /** Sends one command; returns its event_id (assigned when absent). */
  send(event: LiveClientEvent): string {
    if (!this.wire?.isOpen()) throw new Error(`not connected: cannot send ${event.type}`);
    const withId = event.event_id ? event : { ...event, event_id: `evt_${(++this.sequence).toString(36)}_${Date.now().toString(36)}` };
    this.wire.send(JSON.stringify(withId));
    // Audio appends are not logged one by one by callers that stream; they still pass here.
    this.emit('live.event', { time: Date.now(), source: 'client', event: withId });
    this.apply(this.state.sent(withId as { type: string; event_id: string }));
    return withId.event_id as string;
  }

  /** Starts streaming: queued audio first, silence whenever there is none. */
  startAudio(): void {
    this.pacer?.start();
  }

  stopAudio(): void {
    this.pacer?.stop();
  }

  /** Queues microphone (or file) audio: PCM16 at 24 kHz. A media wire sends its track instead. */
  appendInputAudio(samples: Int16Array): void {
    if (this.media) throw new Error('this Live session sends its audio as a media track; nothing is appended');
    this.pacer?.push(samples);
  }

  /** Spoken context, for a client delegation (its id) or the session (null). */
  appendCommentary(content: string, delegationId: string | null = null): string {
    return this.append('commentary', content, delegationId);
  }

  /** Silent context. */
  appendThinking(content: string, delegationId: string | null = null): string {
    return this.append('thinking', content, delegationId);
  }

  appendInstructions(content: string, delegationId: string | null = null): string {
    return this.append('instructions', content, delegationId);
  }

  mute(): void {
    this.send({ type: 'session.input_audio.mute' });
  }

  unmute(): void {
    this.send({ type: 'session.input_audio.unmute' });
  }

  /** Asks the server to close; resolves once the socket closed (after `session.closed`, normally). */
  async close(): Promise<void> {
    this.stopAudio();
    if (!this.isConnected()) return;
    const closed = new Promise<void>((resolve) => this.once('close', () => resolve()));
    this.send({ type: 'session.close' });
    const timer = setTimeout(() => this.wire?.close(1000, 'no session.closed'), this.options.timeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS);
    await closed;
    clearTimeout(timer);
  }

  /** Closes the wire without the close handshake. */
  disconnect(): void {
    this.stopAudio();
    this.wire?.close(1000, 'client disconnect');
  }

  private append(channel: AppendChannel, content: string, delegationId: string | null): string {
    const type = `session.${channel}.append` as const;
    return this.send({ type, content, delegation_id: delegationId } as LiveClientEvent);
  }

  private receive(raw: string, via?: 'relay'): void {
    let event: LiveServerEvent | UnknownLiveServerEvent;
    try {
      event = JSON.parse(raw) as LiveServerEvent;
      if (!event || typeof event !== 'object' || typeof event.type !== 'string') throw new Error('not an event object');
    } catch (error) {
      this.emit('malformed', { raw, error: (error as Error).message });
      return;
    }
    this.emit('live.event', via ? { time: Date.now(), source: 'server', event, via } : { time: Date.now(), source: 'server', event });
    this.handle(event as LiveServerEvent);
    this.emit('server.event', event);
  }

  /** Emits what the wire state says changed. */
  private apply(changes: LiveChange[]): void {
    for (const change of changes) {
      if (change.kind === 'transcript') this.emit('transcript', change.turn);
      else if (change.kind === 'delegation') this.emit('delegation', change.delegation);
      else if (change.kind === 'append') this.emit('append', change.entry);
      else if (change.kind === 'usage') this.emit('usage', change.usage);
      else this.emit('decision', change.decision);
    }
  }

  private handle(event: LiveServerEvent): void {
    const changes = this.state.received(event as unknown as { type: string });
    switch (event.type) {
      case 'session.started': {
        if (!this.media) {
          const format = (event.session.audio?.format ?? { type: 'audio/pcm', rate: 24000 }) as AudioFormat;
          this.encoder = new AudioEncoder(format);
          this.decoder = new AudioDecoder(format);
          this.pacer = new AudioPacer((samples) => this.sendAudio(samples), this.options.pacing);
        }
        this.emit('started', event.session);
        break;
      }
      case 'session.output_audio.delta':
        if (this.decoder) this.emit('audio', this.decoder.decode(base64ToBytes(event.delta)));
        break;
      case 'response.event':
        this.tools.handle(event.delegation_id ?? null, event.event as { type?: string; item?: unknown });
        break;
      default:
    }
    this.apply(changes);
    if (event.type === 'error') this.emit('error', event);
  }

  private sendAudio(samples: Int16Array): void {
    if (!this.encoder || !this.isConnected()) return;
    this.send({ type: 'session.input_audio.append', audio: bytesToBase64(this.encoder.encode(samples)) });
  }

  private closed(code: number, reason: string): void {
    this.stopAudio();
    this.emit('close', { code, reason, finalized: this.state.finalized });
  }
}

// A client for OpenAI's GPT-Live protocol over a primary WebSocket (Node with a key, or a browser
// through a relay that holds it: Live has no ephemeral keys). It sends `session.start` first and
// resolves once `session.started` arrives, streams input audio continuously (AudioPacer), decodes
// output audio, groups timed transcripts into turns, follows delegations (DelegationTracker) and
// appends (AppendLedger), and runs function tools for Responses delegation (ResponsesToolRunner).
import { RealtimeEventEmitter } from '../realtime/event-emitter';
import { defaultWebSocket, isNodeRuntime, WS_OPEN, type WebSocketConstructorLike, type WebSocketLike } from '../realtime/websocket';
import { insecureKeyUrlReason } from '../realtime/handshake';
import { AudioDecoder, AudioEncoder } from '../audio-codec/audio-codec';
import type { AudioFormat } from '../audio-codec/audio-format';
import { base64ToBytes, bytesToBase64 } from '../audio-codec/pcm';
import { AudioPacer, type AudioPacerOptions } from './audio-pacer';
import type { AppendChannel } from './append-ledger';
import type { DelegationTrackerOptions } from './delegation-tracker';
import { ResponsesToolRunner, type LiveToolHandler } from './responses-tools';
import { LiveWireState, type LiveChange } from './live-wire-state';
import type { LiveClientEvent, LiveClientEvents, LiveServerEvent, LiveSessionConfig, LiveSessionResource, LiveUsage, UnknownLiveServerEvent } from './live-types';

export const DEFAULT_LIVE_URL = 'wss://api.openai.com/v1/live/sessions';
/** How long `connect` waits for `session.started`, and `close` for `session.closed`. */
export const DEFAULT_LIVE_TIMEOUT_MS = 15_000;

export interface LiveClientOptions {
  /** Default DEFAULT_LIVE_URL; a relay's Live route in a browser. No query string. */
  url?: string;
  /** Node only (sent as `Authorization: Bearer`). */
  apiKey?: string;
  /** The `session` of `session.start` (model included: Live takes none in the URL). */
  session: LiveSessionConfig;
  WebSocket?: WebSocketConstructorLike;
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
  private socket: WebSocketLike | null = null;
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
    return this.socket?.readyState === WS_OPEN;
  }

  /** Opens the socket, sends `session.start`, resolves with the resolved session. */
  async connect(): Promise<LiveSessionResource> {
    const url = this.options.url ?? DEFAULT_LIVE_URL;
    if (new URL(url).search) throw new Error('A Live URL takes no query string: the model goes in session.start.');
    const headers: Record<string, string> = {};
    if (this.options.apiKey) {
      if (!isNodeRuntime()) throw new Error('Live has no ephemeral keys: a browser connects through a relay that holds the key.');
      const reason = insecureKeyUrlReason(url);
      if (reason) throw new Error(reason);
      headers.Authorization = `Bearer ${this.options.apiKey}`;
    }
    const Socket = this.options.WebSocket ?? (await defaultWebSocket());
    const socket = new Socket(url, [], { headers });
    this.socket = socket;
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
        reject(error);
      };
      socket.addEventListener('open', () => this.send({ type: 'session.start', session: this.options.session }));
      socket.addEventListener('message', (message) => this.receive(String(message.data)));
      socket.addEventListener('close', (event) => this.closed(event.code, event.reason));
      socket.addEventListener('error', () => undefined);
    });
  }

  /** Sends one command; returns its event_id (assigned when absent). */
  send(event: LiveClientEvent): string {
    if (!this.socket || this.socket.readyState !== WS_OPEN) throw new Error(`not connected: cannot send ${event.type}`);
    const withId = event.event_id ? event : { ...event, event_id: `evt_${(++this.sequence).toString(36)}_${Date.now().toString(36)}` };
    this.socket.send(JSON.stringify(withId));
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

  /** Queues microphone (or file) audio: PCM16 at 24 kHz. */
  appendInputAudio(samples: Int16Array): void {
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
    const timer = setTimeout(() => this.socket?.close(1000, 'no session.closed'), this.options.timeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS);
    await closed;
    clearTimeout(timer);
  }

  /** Closes the socket without the close handshake. */
  disconnect(): void {
    this.stopAudio();
    this.socket?.close(1000, 'client disconnect');
  }

  private append(channel: AppendChannel, content: string, delegationId: string | null): string {
    const type = `session.${channel}.append` as const;
    return this.send({ type, content, delegation_id: delegationId } as LiveClientEvent);
  }

  private receive(raw: string): void {
    let event: LiveServerEvent | UnknownLiveServerEvent;
    try {
      event = JSON.parse(raw) as LiveServerEvent;
      if (!event || typeof event !== 'object' || typeof event.type !== 'string') throw new Error('not an event object');
    } catch (error) {
      this.emit('malformed', { raw, error: (error as Error).message });
      return;
    }
    this.emit('live.event', { time: Date.now(), source: 'server', event });
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
        const format = (event.session.audio?.format ?? { type: 'audio/pcm', rate: 24000 }) as AudioFormat;
        this.encoder = new AudioEncoder(format);
        this.decoder = new AudioDecoder(format);
        this.pacer = new AudioPacer((samples) => this.sendAudio(samples), this.options.pacing);
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
    this.socket = null;
    this.emit('close', { code, reason, finalized: this.state.finalized });
  }
}

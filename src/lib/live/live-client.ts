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
import { AppendLedger, APPENDED_TYPES, type AppendChannel } from './append-ledger';
import { DelegationTracker, type DelegationTrackerOptions } from './delegation-tracker';
import { ResponsesToolRunner, type LiveToolHandler } from './responses-tools';
import { TranscriptGrouper } from './transcript-grouper';
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
  readonly delegations: DelegationTracker;
  readonly ledger = new AppendLedger();
  readonly transcript: TranscriptGrouper;
  readonly tools: ResponsesToolRunner;
  session: LiveSessionResource | null = null;
  usage: LiveUsage | null = null;
  private socket: WebSocketLike | null = null;
  private pacer: AudioPacer | null = null;
  private encoder: AudioEncoder | null = null;
  private decoder: AudioDecoder | null = null;
  private sequence = 0;
  /** Latest session time seen on the wire (transcripts, appends, usage). */
  private clockMs = 0;
  private finalized = false;

  constructor(readonly options: LiveClientOptions) {
    super();
    this.delegations = new DelegationTracker(options.delegations);
    this.transcript = new TranscriptGrouper(options.turnGapMs);
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

  /** Session time the client has streamed (its pacer's clock). */
  get sentMs(): number {
    return this.pacer?.sentMs ?? 0;
  }

  /** Latest session time the server has reported. */
  get serverClockMs(): number {
    return this.clockMs;
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
    const eventId = this.send({ type, content, delegation_id: delegationId } as LiveClientEvent);
    this.emit('append', this.ledger.sent(eventId, channel, content, delegationId));
    return eventId;
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

  private advance(ms: number): void {
    if (ms <= this.clockMs) return;
    this.clockMs = ms;
    for (const d of this.delegations.tick(ms)) this.emit('delegation', d);
  }

  private handle(event: LiveServerEvent): void {
    switch (event.type) {
      case 'session.started': {
        this.session = event.session;
        const format = (event.session.audio?.format ?? { type: 'audio/pcm', rate: 24000 }) as AudioFormat;
        this.encoder = new AudioEncoder(format);
        this.decoder = new AudioDecoder(format);
        this.pacer = new AudioPacer((samples) => this.sendAudio(samples), this.options.pacing);
        this.emit('started', event.session);
        return;
      }
      case 'session.updated':
        this.session = event.session;
        return;
      case 'session.output_audio.delta':
        if (this.decoder) this.emit('audio', this.decoder.decode(base64ToBytes(event.delta)));
        return;
      case 'session.input_transcript.delta':
      case 'session.output_transcript.delta': {
        const lane = event.type === 'session.input_transcript.delta' ? 'user' : 'assistant';
        this.emit('transcript', this.transcript.add(lane, event));
        if (lane === 'assistant') for (const d of this.delegations.spoke(event.start_ms)) this.emit('delegation', d);
        this.advance(event.end_ms);
        return;
      }
      case 'session.delegation.created':
        this.emit('delegation', this.delegations.created(event));
        return;
      case 'session.instructions.appended':
      case 'session.thinking.appended':
      case 'session.commentary.appended': {
        const entry = this.ledger.appended(event.client_event_id, event.start_ms, event.end_ms);
        this.advance(event.end_ms);
        if (!entry) return;
        this.emit('append', entry);
        if (entry.delegationId && APPENDED_TYPES[event.type] !== 'instructions') {
          const answered = this.delegations.answered(entry.delegationId, event.start_ms);
          if (answered) this.emit('delegation', answered);
        }
        return;
      }
      case 'response.event': {
        const nested = event.event as { type?: string; item?: unknown };
        const id = event.delegation_id ?? null;
        if (id) {
          const tracked = this.delegations.backend(id, { ...nested, type: String(nested.type) });
          if (tracked && nested.type === 'response.output_text.done') this.delegations.answered(id, Math.max(this.clockMs, this.sentMs));
          if (tracked) this.emit('delegation', tracked);
        }
        this.tools.handle(id, nested);
        return;
      }
      case 'session.usage.updated':
        this.usage = { seconds: event.usage.seconds, usageRatio: event.context_window?.usage_ratio };
        this.advance(event.usage.seconds * 1000);
        this.emit('usage', this.usage);
        return;
      case 'session.closed':
        this.finalized = true;
        this.usage = { ...this.usage, seconds: event.usage.seconds };
        for (const d of this.delegations.tick(this.clockMs, true)) this.emit('delegation', d);
        this.emit('usage', this.usage);
        return;
      case 'error': {
        const entry = this.ledger.refused(event.error.client_event_id ?? event.client_event_id, event.error.message);
        if (entry) this.emit('append', entry);
        this.emit('error', event);
        return;
      }
      default:
    }
  }

  private sendAudio(samples: Int16Array): void {
    if (!this.encoder || !this.isConnected()) return;
    this.send({ type: 'session.input_audio.append', audio: bytesToBase64(this.encoder.encode(samples)) });
  }

  private closed(code: number, reason: string): void {
    this.stopAudio();
    this.socket = null;
    this.emit('close', { code, reason, finalized: this.finalized });
  }
}

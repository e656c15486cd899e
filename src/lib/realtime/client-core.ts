// What the client is made of and what the server's events do to it: the transport wired to the
// conversation, the responses, tools, input audio and the session in force. The application's
// side (what it asks for) is RealtimeClient, in client.ts.
import type { ServerEvent, ServerSession } from '../protocol/protocol-types';
import type { AudioFormat } from '../audio-codec/audio-format';
import { MALFORMED_RAW_PREVIEW, type RateLimit, type RealtimeClientEvents, type RealtimeClientOptions } from './client-types';
import { RealtimeConversation, DEFAULT_SAMPLE_RATE, type ConversationChange } from './conversation';
import { RealtimeEventEmitter } from './event-emitter';
import { FollowUpResponses } from './follow-up-responses';
import type { HistoryCarryPlan } from './history-carry';
import { DEFAULT_MAX_INPUT_AUDIO_SECONDS } from './input-audio';
import { InputBuffer } from './input-buffer';
import { OutOfBandResponses } from './out-of-band';
import { ResponseTracker, type ResponseState } from './response-tracker';
import { defaultSessionConfig, mergeSessionConfig, sanitizeSession, turnSettingsOf, type SessionConfig, type TurnSettings } from './session-config';
import { SessionInForce } from './session-in-force';
import { ToolRunner } from './tool-runner';
import type { IncomingEvent, OutputAudioSink, RealtimeTransport } from './transport-types';
import { WebSocketTransport } from './websocket-transport';
import { errorMessage } from '../shared/error-message';

/** The client's state and its inbound half; `RealtimeClient` adds what the application asks for. */
export abstract class RealtimeClientCore extends RealtimeEventEmitter<RealtimeClientEvents> {
  readonly transport: RealtimeTransport;
  readonly conversation: RealtimeConversation;
  protected readonly initialSession: SessionConfig;
  protected session: SessionConfig;
  protected serverSession: ServerSession | null = null;
  protected rateLimits: RateLimit[] = [];
  protected conversationId: string | null = null;
  protected readonly tools: ToolRunner;
  protected readonly sampleRate: number;
  /** Every response by id: one slot cannot hold an out-of-band response beside the conversation's. */
  protected readonly responses = new ResponseTracker();
  protected readonly outOfBand: OutOfBandResponses;
  protected readonly followUps = new FollowUpResponses();
  /** Turn detection and audio formats in force (sent, then confirmed). */
  protected readonly inForce = new SessionInForce();
  protected readonly input: InputBuffer;
  protected outputSink: OutputAudioSink | null = null;
  /** What `carryHistory` sent into this session. */
  protected carried: HistoryCarryPlan | null = null;

  protected constructor(options: RealtimeClientOptions = {}) {
    super();
    this.transport = options.transport ?? new WebSocketTransport(options);
    this.sampleRate = options.sampleRate ?? DEFAULT_SAMPLE_RATE;
    this.input = new InputBuffer({
      transport: this.transport,
      sampleRate: this.sampleRate,
      keepSeconds: options.keepInputAudio === false ? 0 : (options.maxInputAudioSeconds ?? DEFAULT_MAX_INPUT_AUDIO_SECONDS),
      format: () => this.inputFormat(),
      onTooShort: (info) => this.emit('input.too_short', info),
    });
    const formats = { input: () => this.inputFormat(), output: () => this.outputFormat() };
    this.conversation = new RealtimeConversation(options, formats);
    this.outOfBand = new OutOfBandResponses(() => new RealtimeConversation(options, formats));
    this.initialSession = this.sanitized(mergeSessionConfig(defaultSessionConfig(), options.session ?? {}));
    this.session = this.initialSession;
    this.tools = new ToolRunner({
      responses: this.responses,
      sendOutput: (callId, output) =>
        this.transport.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output } }),
      requestResponse: () => this.requestFollowUp(0),
      onCall: (call) => this.emit('tool.call', call),
      onResult: (result) => this.emit('tool.result', result),
      answeredElsewhere: (name) => this.transport.serverTools?.has(name) ?? false,
    });
    this.transport.on('realtime.event', (event) => this.emit('realtime.event', event));
    this.transport.on('server.*', (event) => {
      try {
        this.handleServerEvent(event);
      } catch (error) {
        // A well-formed frame with a broken field (e.g. a delta that is not base64): report, keep going.
        const raw = JSON.stringify(event);
        this.emit('malformed', {
          raw: raw.length > MALFORMED_RAW_PREVIEW ? `${raw.slice(0, MALFORMED_RAW_PREVIEW)}...` : raw,
          error: `could not apply ${event.type}: ${errorMessage(error)}`,
        });
      }
    });
    this.transport.on('malformed', (frame) => this.emit('malformed', frame));
    // Every response.create, the app's own `send` included: an out-of-band one is expected back.
    this.transport.on('client.response.create', (event) => this.responses.requested(event.response, event.event_id));
    this.transport.on('client.session.update', (event) => this.inForce.sent(event));
    this.transport.on('server.session.created', (event) => this.inForce.confirm(event.session, false));
    this.transport.on('server.session.updated', (event) => this.inForce.confirm(event.session, true));
    // Optional chaining: a malformed frame must not throw here (the fuzz test sends them).
    this.transport.on('server.error', (event) => this.inForce.refused(event.error?.event_id));
    this.transport.on('close', (info) => {
      this.inForce.reset();
      this.responses.clear();
      this.followUps.clear();
      this.tools.resetCalls();
      this.emit('close', info);
    });
  }

  // ---- what the server's events do ----

  /** What the server does with turns is what it confirmed, not what we asked (a relay may hold it, an update may fail). */
  protected turnSettings(): TurnSettings {
    return this.inForce.turn(turnSettingsOf(this.session));
  }

  /** The `response.create` after tool outputs, with an id of ours: a refusal for an active response is retried. */
  protected requestFollowUp(attempt: number): void {
    this.transport.send({ type: 'response.create', event_id: this.followUps.register(attempt) });
  }

  protected inputFormat(): AudioFormat | undefined {
    return this.inForce.inputFormat(this.session.audio?.input?.format);
  }

  protected outputFormat(): AudioFormat | undefined {
    return this.inForce.outputFormat(this.session.audio?.output?.format);
  }

  protected sanitized(config: SessionConfig): SessionConfig {
    const { session, dropped } = sanitizeSession(config);
    if (dropped.length) this.emit('warning', { message: `left out session fields the protocol does not define: ${dropped.join(', ')}`, fields: dropped });
    return session;
  }

  protected handleServerEvent(incoming: IncomingEvent): void {
    const event = incoming as ServerEvent;
    switch (event.type) {
      case 'error':
        // Optional chaining: a malformed `error` frame must not stop the report below.
        this.responses.refused(event.error?.event_id);
        this.followUps.refused(event.error?.code, event.error?.event_id, this.responses.activeInConversation()?.id ?? null);
        this.emit('error', { ...event.error });
        break;
      case 'session.created':
        this.serverSession = event.session;
        this.emit('session.created', event.session);
        this.emit('session.updated', event.session);
        break;
      case 'session.updated':
        this.serverSession = event.session;
        this.emit('session.updated', event.session);
        break;
      case 'input_audio_buffer.speech_started':
        // With `interrupt_response` (the default) the server cancels the response itself.
        if (this.turnSettings().interruptResponse) this.responses.serverCancels();
        // The user barged in: the app stops playback and truncates what was not heard.
        this.emit('conversation.interrupted', { audioStartMs: event.audio_start_ms, itemId: event.item_id });
        break;
      case 'input_audio_buffer.dtmf_event_received':
        this.emit('input.dtmf', { key: event.event, receivedAt: event.received_at });
        break;
      case 'rate_limits.updated':
        this.rateLimits = (event.rate_limits ?? []).map((limit) => ({ ...limit }));
        this.emit('rate_limits.updated', { rateLimits: this.rateLimits.slice() });
        break;
      case 'conversation.created':
        this.conversationId = event.conversation?.id ?? null;
        break;
      default:
        break;
    }
    const userAudio = this.input.serverEvent(event);
    if (userAudio) for (const change of this.conversation.setInputAudio(userAudio.itemId, userAudio.audio)) this.dispatch(change);
    const responseChange = this.responses.processEvent(event);
    const outOfBandId = this.outOfBand.ownerOf(event, this.responses);
    if (outOfBandId !== null) this.outOfBandEvent(outOfBandId, event);
    else for (const change of this.conversation.processEvent(event)) this.dispatch(change);
    if (responseChange?.created) this.emit('response.created', { response: responseChange.response });
    if (responseChange?.done) this.responseDone(responseChange.response);
  }

  protected outOfBandEvent(responseId: string, event: IncomingEvent): void {
    const response = this.responses.get(responseId);
    if (!response) return;
    for (const { item, delta } of this.outOfBand.processEvent(response, event)) this.emit('response.out_of_band.updated', { response, item, delta });
  }

  protected responseDone(response: ResponseState): void {
    this.emit('response.done', { response });
    if (response.conversation === 'none') {
      const done = this.outOfBand.get(response.id) ?? { response, items: [] };
      this.emit('response.out_of_band', done);
      return;
    }
    this.tools.responseDone(response.id);
    for (const attempt of this.followUps.responseDone(response.id)) this.requestFollowUp(attempt);
  }

  protected dispatch(change: ConversationChange): void {
    const { item, delta } = change;
    if (change.deleted) {
      this.emit('conversation.item.deleted', { item });
      this.emit('conversation.updated', { item, delta: null });
      return;
    }
    if (change.appended) this.emit('conversation.item.appended', { item });
    if (delta?.audio && item.role === 'assistant' && this.transport.audio.output === 'events') {
      this.outputSink?.pcm?.({ itemId: item.id, samples: delta.audio, bytes: delta.audioBytes });
    }
    this.emit('conversation.updated', { item, delta });
    if (change.completed) {
      this.emit('conversation.item.completed', { item });
      this.tools.itemCompleted(item);
    }
  }
}

// One client connection: the session, the conversation, the input audio buffer with its VAD,
// the active response. Every client event is validated, then handled as the real API would.
import type WebSocket from 'ws';
import type {
  ConversationItem,
  RealtimeClientEvent,
  RealtimeFunctionTool,
  RealtimeResponseCreateParams,
} from 'openai/resources/realtime/realtime';
import { validateClientEvent } from '../src/lib/protocol/validate';
import type { ServerEvent } from '../src/lib/protocol/protocol-types';
import { describeValidationFailure, type ErrorInfo } from './client-errors';
import { ConversationStore, type StoredItem } from './conversation-store';
import type { FaultPlan } from './faults';
import { newConversationId, newItemId, newResponseId, newSessionId } from './ids';
import { Outbox } from './outbox';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './request-safety';
import { planReply, type ReplyPlan } from './reply-planner';
import { startResponse, type ActiveResponse, type Modality, CHARS_PER_TEXT_TOKEN } from './response-streamer';
import { applySessionUpdate, defaultSession, voiceName, type SimSession, type TurnDetection } from './session';
import { InputAudioBuffer, MIN_COMMIT_MS, SAMPLES_PER_MS } from './audio-buffer';
import { EnergyVad, vadParams, type VadEvent } from './vad';
import { decodeBase64, encodeBase64, InputAudioStream } from './wire-audio';
import { RateLimiter } from './rate-limits';
import { runTranscription, AUDIO_MS_PER_INPUT_TOKEN } from './transcription';
import { McpRegistry } from './mcp-registry';
import { refuseAssistantAudio, untranscribedAudioPart } from './item-rules';
import { cloneJson } from '../src/lib/shared/json';

export interface ConnectionOptions {
  socket: WebSocket;
  model: string;
  speed: number;
  faults: FaultPlan;
  log: (line: string) => void;
  /** Called with every event sent (tests and logs). */
  onServerEvent?: (event: ServerEvent) => void;
  /** Each committed audio turn stands for the next of these texts (then the placeholder). */
  script?: readonly string[];
}

type ClientEventOf<T extends RealtimeClientEvent['type']> = Extract<RealtimeClientEvent, { type: T }>;

export class SimulatorConnection {
  private readonly outbox: Outbox;
  private session: SimSession;
  private readonly store = new ConversationStore();
  private readonly buffer = new InputAudioBuffer();
  /** Appends in the session's input format, decoded to the buffer's 24 kHz PCM16. */
  private readonly inputAudio = new InputAudioStream();
  private readonly conversationId = newConversationId();
  private readonly rateLimiter = new RateLimiter();
  private vad: EnergyVad | null = null;
  private vadKey = '';
  private speech: { itemId: string; startMs: number } | null = null;
  private active: ActiveResponse | null = null;
  private assistantHasSpoken = false;
  /** Session-clock ms from which `idle_timeout_ms` counts (set when a response ends). */
  private idleAnchorMs: number | null = null;
  private readonly idleTimeoutItems = new Set<string>();
  private readonly mcp: McpRegistry;
  /** Texts the next audio turns stand for (`sim_script`), in order. */
  private readonly script: string[];
  private readonly scripted = new Map<string, string>();

  constructor(private readonly options: ConnectionOptions) {
    this.outbox = new Outbox(options.socket, options.faults, options.onServerEvent);
    this.session = defaultSession({ id: newSessionId(), model: options.model, nowSeconds: Math.floor(Date.now() / 1000) });
    this.mcp = new McpRegistry(this.outbox, this.store, options.speed);
    this.script = [...(options.script ?? [])];
    this.resetVad();
  }

  /** Sends `session.created` and applies the faults that follow it. */
  start(): void {
    this.outbox.send({ type: 'session.created', session: this.session });
    const { faults } = this.options;
    if (faults.errorCode) {
      this.sendError({ type: 'server_error', code: faults.errorCode, message: `Simulated error (fault_error=${faults.errorCode}).`, param: null });
    }
    if (faults.malformed) this.outbox.sendRaw('{"type":"simulator.malformed", this is not JSON');
    if (faults.stall) this.outbox.stall();
  }

  stop(): void {
    this.active?.cancel('client_cancelled');
    this.outbox.stall();
  }

  handleFrame(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) {
      this.sendError({ type: 'invalid_request_error', code: 'invalid_event', message: 'Binary frames are not supported; send JSON text events.', param: null });
      return;
    }
    const text = String(data);
    if (jsonDepthExceeds(text)) {
      this.sendError({ type: 'invalid_request_error', code: 'invalid_event', message: `The event nests deeper than ${MAX_JSON_DEPTH} levels.`, param: null });
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (error) {
      this.sendError({ type: 'invalid_request_error', code: 'invalid_json', message: `The event is not valid JSON: ${(error as Error).message}`, param: null });
      return;
    }
    const eventId = typeof (event as { event_id?: unknown } | null)?.event_id === 'string' ? (event as { event_id: string }).event_id : null;
    const result = validateClientEvent(event);
    if (!result.valid) {
      this.sendError(describeValidationFailure(event, result), eventId);
      return;
    }
    try {
      this.dispatch(event as RealtimeClientEvent, eventId);
    } catch (error) {
      this.options.log(`simulator: error handling ${result.type}: ${(error as Error).stack ?? String(error)}`);
      this.sendError({ type: 'server_error', code: 'server_error', message: 'The simulator failed to handle this event.', param: null }, eventId);
    }
  }

  private dispatch(event: RealtimeClientEvent, eventId: string | null): void {
    switch (event.type) {
      case 'session.update':
        return this.onSessionUpdate(event, eventId);
      case 'input_audio_buffer.append':
        return this.onAppend(event, eventId);
      case 'input_audio_buffer.commit':
        return this.onCommit(eventId);
      case 'input_audio_buffer.clear':
        this.inputAudio.flush(); // what the decoder held back goes with the rest
        this.buffer.clear();
        this.speech = null;
        this.resetVad(true);
        this.outbox.send({ type: 'input_audio_buffer.cleared' });
        return;
      case 'conversation.item.create':
        return this.onItemCreate(event, eventId);
      case 'conversation.item.delete': {
        const error = this.store.delete(event.item_id);
        if (error) return this.sendError({ type: 'invalid_request_error', ...error }, eventId);
        this.outbox.send({ type: 'conversation.item.deleted', item_id: event.item_id });
        return;
      }
      case 'conversation.item.retrieve':
        return this.onRetrieve(event, eventId);
      case 'conversation.item.truncate': {
        const error = this.store.truncate(event.item_id, event.content_index, event.audio_end_ms);
        if (error) return this.sendError({ type: 'invalid_request_error', ...error }, eventId);
        this.outbox.send({ type: 'conversation.item.truncated', item_id: event.item_id, content_index: event.content_index, audio_end_ms: event.audio_end_ms });
        return;
      }
      case 'response.create':
        return this.onResponseCreate(event, eventId);
      case 'response.cancel': {
        const active = this.active;
        if (!active || (event.response_id && event.response_id !== active.id)) {
          const message = event.response_id && active
            ? `Cancellation failed: response '${event.response_id}' is not the active response.`
            : 'Cancellation failed: no active response found';
          return this.sendError({ type: 'invalid_request_error', code: 'response_cancel_not_active', message, param: null }, eventId);
        }
        active.cancel('client_cancelled');
        return;
      }
      case 'output_audio_buffer.clear':
        return this.sendError(
          {
            type: 'invalid_request_error',
            code: 'invalid_event',
            message: "'output_audio_buffer.clear' is only supported on WebRTC and SIP connections; on a WebSocket the client owns playback (use conversation.item.truncate).",
            param: 'type',
          },
          eventId,
        );
    }
  }

  // ---- errors ----

  private sendError(info: ErrorInfo, eventId: string | null = null): void {
    this.outbox.send({ type: 'error', error: { type: info.type, code: info.code, message: info.message, param: info.param, event_id: eventId } });
  }

  // ---- session ----

  private onSessionUpdate(event: ClientEventOf<'session.update'>, eventId: string | null): void {
    const result = applySessionUpdate(this.session, event.session, { assistantHasSpoken: this.assistantHasSpoken });
    if ('error' in result) return this.sendError({ type: 'invalid_request_error', ...result.error }, eventId);
    this.session = result.session;
    this.resetVad();
    this.outbox.send({ type: 'session.updated', session: this.session });
    Promise.all(this.mcp.sync(this.session.tools ?? [])).catch((error: unknown) => this.logFailure('MCP listing', error));
  }

  private turnDetection(): TurnDetection | null {
    return (this.session.audio?.input?.turn_detection as TurnDetection | null | undefined) ?? null;
  }

  /** Rebuilds the VAD when its parameters changed (or always, when `force`). */
  private resetVad(force = false): void {
    const detection = this.turnDetection();
    const key = JSON.stringify(detection);
    if (!force && key === this.vadKey) return;
    this.vadKey = key;
    this.vad = detection ? new EnergyVad(vadParams(detection), this.buffer.totalSamples) : null;
    if (!force) this.speech = null;
  }

  // ---- input audio ----

  private onAppend(event: ClientEventOf<'input_audio_buffer.append'>, eventId: string | null): void {
    if (!BASE64.test(event.audio)) {
      return this.sendError(
        { type: 'invalid_request_error', code: 'invalid_value', message: "Invalid 'audio'. Expected base64-encoded audio bytes.", param: 'audio' },
        eventId,
      );
    }
    const samples = this.inputAudio.decode(Buffer.from(event.audio, 'base64'), this.session.audio?.input?.format);
    this.buffer.append(samples);
    if (this.vad) for (const detected of this.vad.process(samples)) this.onVadEvent(detected);
    this.checkIdleTimeout();
  }

  private onVadEvent(detected: VadEvent): void {
    const detection = this.turnDetection();
    if (!detection) return;
    if (detected.kind === 'speech_started') {
      const startMs = Math.max(detected.audioStartMs, this.buffer.startSample / SAMPLES_PER_MS);
      this.speech = { itemId: newItemId(), startMs };
      this.idleAnchorMs = null;
      this.outbox.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: Math.round(startMs), item_id: this.speech.itemId });
      if (this.active && detection.interrupt_response !== false) this.active.cancel('turn_detected');
      return;
    }
    const speech = this.speech;
    if (!speech) return;
    this.speech = null;
    this.outbox.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: Math.round(detected.audioEndMs), item_id: speech.itemId });
    const audio = this.buffer.take(speech.startMs * SAMPLES_PER_MS, detected.audioEndMs * SAMPLES_PER_MS);
    this.commitAudio(audio, speech.itemId);
    if (detection.create_response !== false) this.respondAfterActive();
  }

  private checkIdleTimeout(): void {
    const detection = this.turnDetection();
    if (detection?.type !== 'server_vad' || !detection.idle_timeout_ms || this.idleAnchorMs === null) return;
    if (this.speech || this.active) return;
    const nowMs = this.buffer.totalSamples / SAMPLES_PER_MS;
    if (nowMs - this.idleAnchorMs < detection.idle_timeout_ms) return;
    const startMs = Math.max(this.idleAnchorMs, this.buffer.startSample / SAMPLES_PER_MS);
    this.idleAnchorMs = null;
    const itemId = newItemId();
    this.idleTimeoutItems.add(itemId);
    this.outbox.send({ type: 'input_audio_buffer.timeout_triggered', audio_start_ms: Math.round(startMs), audio_end_ms: Math.round(nowMs), item_id: itemId });
    this.commitAudio(this.buffer.take(startMs * SAMPLES_PER_MS, nowMs * SAMPLES_PER_MS), itemId);
    this.respondAfterActive();
  }

  private onCommit(eventId: string | null): void {
    // The decoder's held-back end belongs to this commit: 8,000 µ-law bytes commit as 1,000 ms.
    this.buffer.append(this.inputAudio.flush());
    const bufferedMs = this.buffer.bufferedSamples / SAMPLES_PER_MS;
    if (bufferedMs < MIN_COMMIT_MS) {
      return this.sendError(
        {
          type: 'invalid_request_error',
          code: 'input_audio_buffer_commit_empty',
          message: `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio.`,
          param: null,
        },
        eventId,
      );
    }
    const itemId = this.speech?.itemId ?? newItemId();
    this.speech = null;
    this.resetVad(true);
    this.commitAudio(this.buffer.take(this.buffer.startSample, this.buffer.totalSamples), itemId);
  }

  /** Makes a user audio item of committed audio: committed, item added and done, transcription. */
  private commitAudio(audio: Int16Array, itemId: string): void {
    const item: StoredItem['item'] = { id: itemId, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [untranscribedAudioPart()] };
    const inserted = this.store.insert({ item, audio });
    const previous = 'previousItemId' in inserted ? inserted.previousItemId : null;
    this.outbox.send({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: itemId });
    this.outbox.send({ type: 'conversation.item.added', previous_item_id: previous, item: cloneJson(item) });
    this.outbox.send({ type: 'conversation.item.done', previous_item_id: previous, item: cloneJson(item) });
    const scriptedText = this.script.shift() ?? null;
    if (scriptedText !== null) this.scripted.set(itemId, scriptedText);
    const transcription = this.session.audio?.input?.transcription;
    if (transcription) {
      runTranscription({
        outbox: this.outbox,
        config: transcription,
        itemId,
        durationMs: audio.length / SAMPLES_PER_MS,
        scriptedText,
        speed: this.options.speed,
        fail: this.options.faults.transcriptionFailed,
        onTranscript: (transcript) => {
          const part = item.type === 'message' && item.role === 'user' ? item.content[0] : undefined;
          if (part) part.transcript = transcript;
        },
      }).catch((error: unknown) => this.logFailure('transcription', error));
    }
  }

  // ---- conversation ----

  private onItemCreate(event: ClientEventOf<'conversation.item.create'>, eventId: string | null): void {
    const incoming = cloneJson(event.item) as ConversationItem;
    const { id: requestedId, ...fields } = incoming;
    // Only messages and function items carry `object` and `status` in the protocol.
    const decorated = ['message', 'function_call', 'function_call_output'].includes(incoming.type);
    const item = (decorated
      ? { id: requestedId ?? newItemId(), object: 'realtime.item', ...fields, status: 'completed' }
      : { id: requestedId ?? newItemId(), ...fields }) as StoredItem['item'];
    const refusal = refuseAssistantAudio(item);
    if (refusal) return this.sendError({ type: 'invalid_request_error', ...refusal }, eventId);
    let audio: Int16Array | undefined;
    if (item.type === 'message' && item.role === 'user') {
      for (const part of item.content) {
        if (part.type !== 'input_audio') continue;
        if (part.audio) audio = decodeBase64(part.audio, this.session.audio?.input?.format);
        // Same shape as a committed turn's item (see untranscribedAudioPart): not yet transcribed.
        if (part.transcript === undefined) Object.assign(part, untranscribedAudioPart());
      }
    }
    const inserted = this.store.insert({ item, audio }, event.previous_item_id);
    if ('error' in inserted) return this.sendError({ type: 'invalid_request_error', ...inserted.error }, eventId);
    // The echo leaves out audio bytes, as the real API does.
    const echo = withoutAudio(item);
    this.outbox.send({ type: 'conversation.item.added', previous_item_id: inserted.previousItemId, item: echo });
    this.outbox.send({ type: 'conversation.item.done', previous_item_id: inserted.previousItemId, item: echo });
  }

  private onRetrieve(event: ClientEventOf<'conversation.item.retrieve'>, eventId: string | null): void {
    const stored = this.store.get(event.item_id);
    if (!stored) return this.sendError({ type: 'invalid_request_error', ...this.store.retrieveError(event.item_id) }, eventId);
    const item = cloneJson(stored.item);
    if (stored.audio && item.type === 'message' && (item.role === 'user' || item.role === 'assistant')) {
      for (const part of item.content) {
        // Audio comes back in the session's format for its direction.
        if (part.type === 'input_audio') part.audio = encodeBase64(stored.audio, this.session.audio?.input?.format);
        if (part.type === 'output_audio') part.audio = encodeBase64(stored.audio, this.session.audio?.output?.format);
      }
    }
    this.outbox.send({ type: 'conversation.item.retrieved', item });
  }

  // ---- responses ----

  /** Starts the turn's response once the active one (being cancelled, or finishing) is done. */
  private respondAfterActive(): void {
    const start = (): void => {
      if (!this.active) this.startResponse({}, null); // unless another response started meanwhile
    };
    if (this.active) this.active.finished.then(start).catch((error: unknown) => this.logFailure('response', error));
    else start();
  }

  private logFailure(what: string, error: unknown): void {
    this.options.log(`simulator: ${what} failed: ${(error as Error).stack ?? String(error)}`);
  }

  private onResponseCreate(event: ClientEventOf<'response.create'>, eventId: string | null): void {
    if (this.active) {
      return this.sendError(
        {
          type: 'invalid_request_error',
          code: 'conversation_already_has_active_response',
          message: `Conversation already has an active response in progress: ${this.active.id}. Wait until the response is finished before creating a new one.`,
          param: null,
        },
        eventId,
      );
    }
    this.startResponse(event.response ?? {}, eventId);
  }

  private startResponse(params: RealtimeResponseCreateParams, _eventId: string | null): void {
    const session = this.session;
    const inConversation = params.conversation !== 'none';
    const contextItems: ConversationItem[] = params.input
      ? params.input
      : this.store.list().map((s) => s.item);
    const tools = ((params.tools ?? session.tools ?? []) as Array<{ type?: string }>).filter(
      (t): t is RealtimeFunctionTool => t.type === 'function',
    );
    const plans: ReplyPlan[] = planReply({
      items: contextItems,
      tools,
      toolChoice: params.tool_choice ?? session.tool_choice,
      audioDurationMs: (id) => {
        const audio = id ? this.store.get(id)?.audio : undefined;
        return audio ? audio.length / SAMPLES_PER_MS : 0;
      },
      isIdleTimeout: (id) => (id ? this.idleTimeoutItems.has(id) : false),
      scriptedText: (id) => (id ? this.scripted.get(id) ?? null : null),
      mcpServers: this.mcp.states(),
    });
    const modalities = (params.output_modalities ?? session.output_modalities ?? ['audio']) as Modality[];
    const output = session.audio?.output;
    const failWith = this.options.faults.responseFailed
      ? { code: 'simulated_failure' }
      : null;
    const response = startResponse(
      { outbox: this.outbox, store: this.store, speed: this.options.speed, failWith, rateLimiter: this.rateLimiter, log: this.options.log },
      {
        id: newResponseId(),
        conversationId: this.conversationId,
        modalities,
        // A custom `{id}` voice is reported by its id, as in the session (response.audio.output.voice is a string).
        voice: voiceName(params.audio?.output?.voice ?? output?.voice) ?? 'marin',
        format: params.audio?.output?.format ?? output?.format ?? { type: 'audio/pcm', rate: 24000 },
        speakingRate: output?.speed ?? 1,
        maxOutputTokens: params.max_output_tokens ?? session.max_output_tokens ?? 'inf',
        metadata: (params.metadata ?? null) as Record<string, string> | null,
        inConversation,
        inputTokens: estimateInputTokens(contextItems, (id) => this.store.get(id)?.audio?.length ?? 0, params.instructions ?? session.instructions ?? ''),
      },
      plans,
    );
    this.active = response;
    // `finished` never rejects (the streamer logs its own failures).
    void response.finished.then(() => {
      if (response.producedAudio()) this.assistantHasSpoken = true;
      if (this.active === response) this.active = null;
      this.idleAnchorMs = this.buffer.totalSamples / SAMPLES_PER_MS;
    });
  }
}

/** Standard base64, padding optional (as browsers' btoa and Buffer produce it). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

function estimateInputTokens(items: readonly ConversationItem[], audioSamples: (id: string) => number, instructions: string): { text: number; audio: number } {
  let chars = instructions.length;
  let audioMs = 0;
  for (const item of items) {
    if (item.type === 'message') {
      for (const part of item.content as Array<{ text?: string; transcript?: string }>) chars += (part.text ?? part.transcript ?? '').length;
      if (item.id) audioMs += audioSamples(item.id) / SAMPLES_PER_MS;
    } else if (item.type === 'function_call') chars += item.arguments.length + item.name.length;
    else if (item.type === 'function_call_output') chars += item.output.length;
  }
  return { text: Math.ceil(chars / CHARS_PER_TEXT_TOKEN), audio: Math.ceil(audioMs / AUDIO_MS_PER_INPUT_TOKEN) };
}

function withoutAudio(item: StoredItem['item']): StoredItem['item'] {
  const copy = cloneJson(item);
  if (copy.type === 'message' && copy.role === 'user') for (const part of copy.content) delete part.audio;
  return copy;
}

// One client connection: the session, the conversation, the active response. Every client event
// is validated, then handled as the real API would; the input audio buffer, its VAD and the turns
// they commit live in input-turns.ts.
import type WebSocket from 'ws';
import type { EventChannel } from './event-channel';
import type {
  ConversationItem,
  RealtimeClientEvent,
  RealtimeFunctionTool,
  RealtimeResponseCreateParams,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
import { validateClientEvent } from '../src/lib/protocol/validate';
import type { ServerEvent } from '../src/lib/protocol/protocol-types';
import { DEFAULT_VOICE, PCM_24K_FORMAT } from '../src/lib/protocol/session-defaults';
import { describeValidationFailure, type ErrorInfo } from './client-errors';
import { ConversationStore, type StoredItem } from './conversation-store';
import type { FaultPlan } from './faults';
import { newConversationId, newItemId, newResponseId, newSessionId } from './ids';
import { Outbox } from './outbox';
import { PlayoutBuffer } from './playout';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './request-safety';
import { planReply, type ReplyPlan } from './reply-planner';
import { startResponse, type ActiveResponse, type Modality, CHARS_PER_TEXT_TOKEN } from './response-streamer';
import { applySessionUpdate, defaultSession, voiceName, type SimSession } from './session';
import { SAMPLES_PER_MS } from './audio-buffer';
import { decodeBase64, encodeBase64 } from './wire-audio';
import { InputTurns } from './input-turns';
import { RateLimiter } from './rate-limits';
import { AUDIO_MS_PER_INPUT_TOKEN } from './transcription';
import { McpRegistry } from './mcp-registry';
import { refuseAssistantAudio, untranscribedAudioPart } from './item-rules';
import { cloneJson } from '../src/lib/shared/json';
import { errorMessage } from '../src/lib/shared/error-message';

export interface ConnectionOptions {
  /** Where the events go: a WebSocket, or a WebRTC call's data channel (event-channel.ts). */
  channel: EventChannel;
  model: string;
  speed: number;
  faults: FaultPlan;
  log: (line: string) => void;
  /** Called with every event sent (tests and logs). */
  onServerEvent?: (event: ServerEvent) => void;
  /** Each committed audio turn stands for the next of these texts (then the placeholder). */
  script?: readonly string[];
  /** The session to start with instead of the defaults (an ephemeral key's or a call's). */
  initialSession?: RealtimeSessionCreateRequest;
  /** A WebRTC call: audio travels as media, through `playout` and `appendAudio`. */
  webrtc?: boolean;
}

type ClientEventOf<T extends RealtimeClientEvent['type']> = Extract<RealtimeClientEvent, { type: T }>;

export class SimulatorConnection {
  private readonly outbox: Outbox;
  private session: SimSession;
  private readonly store = new ConversationStore();
  private readonly conversationId = newConversationId();
  private readonly rateLimiter = new RateLimiter();
  private active: ActiveResponse | null = null;
  private assistantHasSpoken = false;
  private readonly mcp: McpRegistry;
  private readonly input: InputTurns;
  /** A WebRTC call's output audio buffer, which its media sender drains; null on a WebSocket. */
  readonly playout: PlayoutBuffer | null;

  constructor(private readonly options: ConnectionOptions) {
    this.outbox = new Outbox(options.channel, options.faults, options.onServerEvent);
    this.session = defaultSession({ id: newSessionId(), model: options.model, nowSeconds: Math.floor(Date.now() / 1000) });
    if (options.initialSession) {
      // Fresh session, nothing spoken yet: a realtime request cannot be refused here.
      const merged = applySessionUpdate(this.session, options.initialSession, { assistantHasSpoken: false });
      if ('session' in merged) this.session = merged.session;
    }
    this.playout = options.webrtc
      ? new PlayoutBuffer({
          outbox: this.outbox,
          // The server knows what was played: the item keeps that much (no event; the client did not ask).
          truncate: (itemId, playedMs) => void this.store.truncate(itemId, 0, playedMs),
        })
      : null;
    this.mcp = new McpRegistry(this.outbox, this.store, options.speed);
    this.input = new InputTurns(
      {
        outbox: this.outbox,
        store: this.store,
        speed: options.speed,
        transcriptionFails: options.faults.transcriptionFailed,
        session: () => this.session,
        activeResponse: () => this.active,
        respondAfterActive: () => this.respondAfterActive(),
        logFailure: (what, error) => this.logFailure(what, error),
        interruptPlayback: () => this.playout?.clear(this.active?.id ?? null),
      },
      options.script,
    );
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
    this.mcp.close();
    this.outbox.stall();
  }

  /** Decoded microphone audio of a WebRTC call (24 kHz PCM16), as if appended. */
  appendAudio(samples: Int16Array): void {
    try {
      this.input.appendSamples(samples);
    } catch (error) {
      this.logFailure('input audio', error);
    }
  }

  handleFrame(data: WebSocket.RawData | string, isBinary: boolean): void {
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
      this.sendError({ type: 'invalid_request_error', code: 'invalid_json', message: `The event is not valid JSON: ${errorMessage(error)}`, param: null });
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
      case 'input_audio_buffer.append': {
        const error = this.input.append(event.audio);
        return error ? this.sendError(error, eventId) : undefined;
      }
      case 'input_audio_buffer.commit': {
        const error = this.input.commit();
        return error ? this.sendError(error, eventId) : undefined;
      }
      case 'input_audio_buffer.clear':
        return this.input.clear();
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
        if (this.playout) {
          this.playout.clear(this.active?.id ?? null);
          return;
        }
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
    this.input.resetVad();
    this.outbox.send({ type: 'session.updated', session: this.session });
    Promise.all(this.mcp.sync(this.session.tools ?? [])).catch((error: unknown) => this.logFailure('MCP listing', error));
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
      isIdleTimeout: (id) => (id ? this.input.isIdleTimeout(id) : false),
      scriptedText: (id) => (id ? this.input.scriptedText(id) : null),
      mcpServers: this.mcp.states(),
    });
    const modalities = (params.output_modalities ?? session.output_modalities ?? ['audio']) as Modality[];
    const output = session.audio?.output;
    const failWith = this.options.faults.responseFailed
      ? { code: 'simulated_failure' }
      : null;
    const response = startResponse(
      { outbox: this.outbox, store: this.store, speed: this.options.speed, failWith, rateLimiter: this.rateLimiter, log: this.options.log, playout: this.playout ?? undefined },
      {
        id: newResponseId(),
        conversationId: this.conversationId,
        modalities,
        // A custom `{id}` voice is reported by its id, as in the session (response.audio.output.voice is a string).
        voice: voiceName(params.audio?.output?.voice ?? output?.voice) ?? DEFAULT_VOICE,
        format: params.audio?.output?.format ?? output?.format ?? { ...PCM_24K_FORMAT },
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
      this.input.responseFinished();
    });
  }
}

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

// The friendly layer: what the application asks of a connection (its session, turns, audio,
// responses, tools). What the server's events do to the client's state is in client-core.ts.
import type { ClientEvent, ServerSession } from '../protocol/protocol-types';
import type { RealtimeConversationItemUserMessage, RealtimeFunctionTool } from 'openai/resources/realtime/realtime';
import { PCM_24K_FORMAT } from '../protocol/session-defaults';
import { bytesToBase64 } from '../audio-codec/pcm';
import { encodeAudio } from '../audio-codec/audio-codec';
import type { AudioFormat } from '../audio-codec/audio-format';
import { RealtimeClientCore } from './client-core';
import type { RateLimit, RealtimeClientOptions, ResponseParams, UserContent } from './client-types';
import { toInt16 } from './input-buffer';
import type { ItemState } from './item-state';
import { carriedCallIds, historyCarryEvents, planHistoryCarry, type HistoryCarryOptions, type HistoryCarryPlan } from './history-carry';
import { approvalResponseEventId, approvalResponseItem, newApprovalResponseId } from './mcp-items';
import type { OutOfBandResponse } from './out-of-band';
import type { ResponseState } from './response-tracker';
import { mergeSessionConfig, sessionUpdateFor, type SessionConfig, type SessionConfigPatch, type TurnDetectionType } from './session-config';
import type { ToolHandler } from './tool-runner';
import type { CloseInfo, InterruptRequest, OutputAudioSink } from './transport-types';
import { cloneJson } from '../shared/json';

// The options, events and payload types, re-exported so `./client` stays the one import.
export * from './client-types';

/** An `input_audio` part: base64 as given (already in the input format), or PCM16 encoded into that format. */
function audioToBase64(audio: string | Int16Array | ArrayBuffer, format: AudioFormat | undefined, sampleRate: number): string {
  if (typeof audio === 'string') return audio;
  return bytesToBase64(encodeAudio(toInt16(audio), format, sampleRate));
}

export class RealtimeClient extends RealtimeClientCore {
  constructor(options: RealtimeClientOptions = {}) {
    super(options);
  }

  // ---- connection ----

  isConnected(): boolean {
    return this.transport.isConnected();
  }

  /** Opens the socket and sends the whole session config. */
  async connect(): Promise<void> {
    if (this.isConnected()) throw new Error('already connected');
    let closedEarly: CloseInfo | null = null;
    const off = this.transport.on('close', (info) => (closedEarly = info));
    try {
      await this.transport.connect();
    } finally {
      off();
    }
    if (!this.transport.isConnected()) {
      // E.g. a refused key: the server accepts the upgrade, sends an `error`, then closes.
      const info = closedEarly as CloseInfo | null;
      const detail = info ? ` (code ${info.code}${info.reason ? `, ${info.reason}` : ''}${info.error ? `: ${info.error}` : ''})` : '';
      throw new Error(`the server closed the connection as soon as it opened${detail}`);
    }
    this.input.reset();
    this.transport.send({ type: 'session.update', session: this.getSessionConfig() });
  }

  /** Closes the socket; the conversation stays readable until `reset`. */
  disconnect(): void {
    this.transport.disconnect();
  }

  /** Disconnects and returns to the constructor's state: empty conversation, initial session, no tools. Subscriptions stay. */
  reset(): void {
    this.disconnect();
    this.conversation.clear();
    this.session = this.initialSession;
    this.serverSession = null;
    for (const tool of this.tools.definitions()) this.tools.remove(tool.name);
    this.tools.resetCalls();
    this.responses.clear();
    this.outOfBand.clear();
    this.followUps.clear();
    this.rateLimits = [];
    this.conversationId = null;
    this.carried = null;
    this.input.reset();
  }

  // ---- session ----

  /** The session we ask for: the fields set (defaults, constructor, `updateSession`) and registered tools, if any. */
  getSessionConfig(): SessionConfig {
    const config = cloneJson(this.session);
    const tools = this.combinedTools();
    if (tools.length || this.session.tools !== undefined) config.tools = tools;
    return config;
  }

  /** The session the server last confirmed (`session.created` / `session.updated`). */
  getServerSession(): ServerSession | null {
    return this.serverSession;
  }

  /** Turn detection in force: as the server confirmed it, or as last sent while that update is unanswered. */
  getTurnDetectionType(): TurnDetectionType | null {
    return this.turnSettings().type;
  }

  /** Merges the patch; when connected, sends the top-level fields it touches (with their merged values). */
  updateSession(patch: SessionConfigPatch): void {
    this.session = this.sanitized(mergeSessionConfig(this.session, patch));
    if (!this.isConnected()) return;
    const session = sessionUpdateFor(this.getSessionConfig(), patch);
    if (session) this.transport.send({ type: 'session.update', session });
  }

  addTool(definition: RealtimeFunctionTool, handler: ToolHandler): void {
    this.tools.add(definition, handler);
    this.sendTools();
  }

  removeTool(name: string): void {
    if (this.tools.remove(name)) this.sendTools();
  }

  // ---- conversation ----

  sendUserMessageContent(content: UserContent[]): void {
    const parts = content.map((part) =>
      part.type === 'input_audio' ? { type: 'input_audio' as const, audio: audioToBase64(part.audio, this.inputFormat(), this.sampleRate) } : part,
    );
    const item: RealtimeConversationItemUserMessage = { type: 'message', role: 'user', content: parts };
    this.transport.send({ type: 'conversation.item.create', item });
    // The message is a turn of its own: too little pending audio is dropped, the answer still asked for.
    if (this.getTurnDetectionType() === null) this.input.commit();
    this.transport.send({ type: 'response.create' });
  }

  /**
   * PCM16 at the client's `sampleRate` (24 kHz; float samples are converted), appended to the
   * input buffer in the session's input format: as is for `audio/pcm`; for `audio/pcmu` /
   * `audio/pcma` resampled to 8 kHz (anti-aliased) and G.711-encoded.
   */
  appendInputAudio(audio: Int16Array | Float32Array | ArrayBuffer): void {
    this.input.append(audio);
  }

  /**
   * Bytes already in the session's G.711 input format (e.g. a phone line's µ-law), appended
   * untouched: no transcoding. Throws when the input format is `audio/pcm`.
   */
  appendInputAudioBytes(bytes: Uint8Array): void {
    this.input.appendBytes(bytes);
  }

  /**
   * Drops the audio appended since the last commit (`input_audio_buffer.clear`), e.g. speech cut
   * off by leaving VAD, which would otherwise open the next push-to-talk turn. Not connected: nothing.
   */
  clearInputAudio(): void {
    if (this.isConnected()) this.input.clear();
  }

  /** Stops (true) or resumes sending the user's audio; appends meanwhile are dropped, not counted. */
  muteInput(muted: boolean): void {
    if (!muted) this.input.unmuted();
    this.transport.mute(muted);
  }

  get inputMuted(): boolean {
    return this.transport.muted;
  }

  /**
   * Sets an item's audio from outside the events (a media wire's recorded tracks, cut per item:
   * webrtc/media-recording.ts), replacing what it had; an item not known yet gets it on arrival.
   * Reported as `conversation.updated`; nothing is played or sent.
   */
  setItemAudio(itemId: string, samples: Int16Array): void {
    for (const change of this.conversation.setInputAudio(itemId, samples)) this.dispatch(change);
  }

  /**
   * Where the model's audio plays: `pcm` gets the conversation's assistant audio as PCM16 at the
   * client's rate (event-carried audio, e.g. WebSocket); `stream` a media transport's remote stream.
   */
  setOutputAudioSink(sink: OutputAudioSink | null): void {
    this.outputSink = sink;
    this.transport.setOutputAudioSink(sink);
  }

  /** The format the server reads appended audio in: the confirmed one, or the one sent while its update is unanswered. */
  getInputAudioFormat(): AudioFormat {
    return this.inputFormat() ?? PCM_24K_FORMAT;
  }

  /** The format of the server's output audio (deltas are decoded from it; `delta.audioBytes` are in it). */
  getOutputAudioFormat(): AudioFormat {
    return this.outputFormat() ?? PCM_24K_FORMAT;
  }

  /**
   * Asks for a response; without turn detection, commits appended audio first. Less than the
   * API's 100 ms (a tap on push-to-talk) is not committed: the buffer is cleared, no response is
   * asked for, `input.too_short` says why, and this returns false. `response` parameters go with
   * it: `{conversation: 'none', metadata}` asks for an out-of-band response (no commit then: it is
   * not the user's turn), reported by `response.out_of_band` and kept in `outOfBandResponses`.
   */
  createResponse(response?: ResponseParams): boolean {
    const outOfBand = response?.conversation === 'none';
    if (!outOfBand && this.getTurnDetectionType() === null && this.input.commit() === 'too_short') return false;
    this.transport.send(response ? { type: 'response.create', response } : { type: 'response.create' });
    return true;
  }

  /** Out-of-band responses with their items (oldest first, bounded). */
  get outOfBandResponses(): OutOfBandResponse[] {
    return this.outOfBand.list();
  }

  /** A response of this connection by id (the last finished ones are kept). */
  getResponse(responseId: string): ResponseState | undefined {
    return this.responses.get(responseId);
  }

  /** The responses of this connection, oldest first. */
  getResponses(): ResponseState[] {
    return this.responses.list();
  }

  /** The response in progress that adds to the conversation (there is at most one), or null. */
  getActiveResponse(): ResponseState | null {
    return this.responses.activeInConversation();
  }

  /** Stops an out-of-band response (`response.cancel` with its id); the conversation's goes on. */
  cancelOutOfBandResponse(responseId: string): void {
    if (this.responses.isOutOfBand(responseId) && !this.responses.isDone(responseId)) this.transport.send({ type: 'response.cancel', response_id: responseId });
  }

  /**
   * Stops the current response. With an assistant item and the number of its samples actually
   * played, also truncates the item there, so the model forgets what the user never heard.
   */
  cancelResponse(itemId?: string, sampleCount = 0): ItemState | null {
    if (!itemId) {
      this.transport.interrupt({ cancel: this.shouldCancel() });
      return null;
    }
    const item = this.conversation.getItem(itemId);
    if (!item) throw new Error(`cannot cancel: no item "${itemId}"`);
    if (item.type !== 'message' || item.role !== 'assistant') throw new Error(`cannot cancel: "${itemId}" is not an assistant message`);
    let heard: InterruptRequest['heard'];
    if (item.formatted.audioSampleCount > 0) {
      const samples = Math.max(0, Math.min(Math.floor(sampleCount), item.formatted.audioSampleCount));
      heard = { itemId: item.id, contentIndex: item.audioContentIndex, audioEndMs: Math.floor((samples * 1000) / this.sampleRate) };
    }
    this.transport.interrupt({ cancel: this.shouldCancel(), heard });
    return item;
  }

  deleteItem(itemId: string): void {
    this.transport.send({ type: 'conversation.item.delete', item_id: itemId });
  }

  async waitForNextItem(timeoutMs?: number): Promise<ItemState> {
    return (await this.waitForNext('conversation.item.appended', timeoutMs)).item;
  }

  async waitForNextCompletedItem(timeoutMs?: number): Promise<ItemState> {
    return (await this.waitForNext('conversation.item.completed', timeoutMs)).item;
  }

  /**
   * Answers an MCP tool's `mcp_approval_request` item: an `mcp_approval_response` item with an
   * id this client chooses (the protocol requires one), then, unless `respond: false`, a
   * `response.create` so the model goes on (sent again once if a response was running). The
   * request item's `mcp.answer` is set when the server confirms. Returns the new item's id; its
   * `conversation.item.create` goes with `event_id` `approvalResponseEventId(id)`, so an `error`
   * naming that event is this answer refused.
   */
  respondToMcpApproval(approvalRequestId: string, approve: boolean, reason?: string, options: { respond?: boolean } = {}): string {
    const request = this.conversation.getItem(approvalRequestId);
    if (request && request.mcp?.kind !== 'approval_request') throw new Error(`"${approvalRequestId}" is not an MCP approval request`);
    const id = newApprovalResponseId();
    this.transport.send({ type: 'conversation.item.create', event_id: approvalResponseEventId(id), item: approvalResponseItem(approvalRequestId, approve, reason, id) });
    if (options.respond !== false) this.requestFollowUp(0);
    return id;
  }

  /** The last `rate_limits.updated` (requests, tokens): empty until the first response. */
  getRateLimits(): RateLimit[] {
    return this.rateLimits.slice();
  }

  /** The default conversation's id (`conversation.created`), when the server sent it. */
  getConversationId(): string | null {
    return this.conversationId;
  }

  // ---- history ----

  /**
   * Reconnect with history: sends `items` (an earlier connection's conversation, e.g. the one that
   * just ended) into this session as `conversation.item.create` events, in order; what is carried
   * and how is history-carry.ts. Call it right after `connect()` (which sent the session), before
   * the user goes on. `history.carried` is emitted first, so a log shows the seam before the items;
   * the carried function calls are never run again. Returns the plan (also `historyCarry`).
   */
  carryHistory(items: readonly ItemState[], options?: HistoryCarryOptions): HistoryCarryPlan {
    if (!this.isConnected()) throw new Error('cannot carry history: not connected');
    const plan = planHistoryCarry(items, options);
    this.tools.alreadyAnswered(carriedCallIds(plan));
    this.carried = plan;
    this.emit('history.carried', plan);
    for (const event of historyCarryEvents(plan)) this.transport.send(event);
    return plan;
  }

  /** What `carryHistory` sent into this session (its items' ids mark the seam), or null. */
  get historyCarry(): HistoryCarryPlan | null {
    return this.carried;
  }

  /** Sends any client event as is (for what the helpers above do not cover). */
  send(event: ClientEvent): void {
    this.transport.send(event);
  }

  // ---- internals ----

  /** `response.cancel` is due for the conversation's response, unless none runs or the server is cancelling it (barge-in). */
  private shouldCancel(): boolean {
    const active = this.responses.activeInConversation();
    return active !== null && !active.cancelling;
  }

  private combinedTools(): NonNullable<SessionConfig['tools']> {
    const registered = this.tools.definitions();
    const names = new Set(registered.map((t) => t.name));
    const configured = (this.session.tools ?? []).filter((t) => !('name' in t && t.name && names.has(t.name)));
    return [...configured, ...registered];
  }

  private sendTools(): void {
    if (this.isConnected()) this.transport.send({ type: 'session.update', session: { type: 'realtime', tools: this.combinedTools() } });
  }
}

// The conversation's item state machine over GA server events. It holds no socket and emits
// nothing: `processEvent` returns what changed, so it is easy to test and to benchmark.
// Events about an item that is not known yet (a transcript that completes before its item is
// added) are held, bounded, and applied when the item arrives.
import type { ConversationItem } from 'openai/resources/realtime/realtime';
import type { ServerEvent } from '../protocol/protocol-types';
import { base64ToBytes } from '../audio-codec/pcm';
import { PCM_ONLY, type AudioFormatSource } from './audio-formats';
import { OutputAudioDecoder } from './output-audio';
import { applyCompleted, applyDeltaLogprobs, applySegment, transcriptionErrorMessage } from './input-transcription';
import { ConversationItemState, responseStatusOf, type ItemResponseStatus, type ItemState, type ItemType } from './item-state';
import { emptyMcpState, mcpStatusOfEvent, type McpStatus } from './mcp-items';
import { EarlyUpdates } from './early-updates';
import { UserInputUpdates } from './user-input-updates';
import type { IncomingEvent } from './transport-types';
import type { ConversationChange, ConversationDelta } from './conversation-changes';

export type { ConversationChange, ConversationDelta, ConversationInterruption } from './conversation-changes';

export interface ConversationOptions {
  /** PCM16 sample rate of the session's audio (the GA `audio/pcm` format is 24 kHz). */
  sampleRate?: number;
  /** How many unknown items may have early updates waiting; the oldest are dropped beyond. */
  maxPendingItems?: number;
  /** How many deleted item ids are remembered, so late events cannot bring an item back. */
  maxDeletedItems?: number;
}

export const DEFAULT_SAMPLE_RATE = 24_000;
export const DEFAULT_MAX_PENDING_ITEMS = 256;
export const DEFAULT_MAX_DELETED_ITEMS = 256;

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** The item a server event is about (`item_id`, or the `item` it carries), if any. */
function itemIdOf(event: ServerEvent): string | undefined {
  if ('item_id' in event && typeof event.item_id === 'string') return event.item_id;
  if ('item' in event && event.item && typeof event.item.id === 'string') return event.item.id;
  return undefined;
}

export class RealtimeConversation {
  private items: ConversationItemState[] = [];
  private readonly byId = new Map<string, ConversationItemState>();
  private readonly pending: EarlyUpdates;
  private readonly userInput: UserInputUpdates;
  private readonly sampleRate: number;
  private readonly outputAudio: OutputAudioDecoder;
  private readonly formats: AudioFormatSource;
  /** Items deleted while the server may still stream into them (oldest first, bounded). */
  private readonly deletedIds = new Set<string>();
  private readonly maxDeletedItems: number;

  /** `formats`: where to read the session's audio formats (the client passes the ones in force). */
  constructor(options: ConversationOptions = {}, formats: AudioFormatSource = PCM_ONLY) {
    this.sampleRate = options.sampleRate ?? DEFAULT_SAMPLE_RATE;
    this.outputAudio = new OutputAudioDecoder(this.sampleRate);
    this.formats = formats;
    this.pending = new EarlyUpdates(options.maxPendingItems ?? DEFAULT_MAX_PENDING_ITEMS);
    this.userInput = new UserInputUpdates((id) => this.byId.get(id), this.pending, (state, delta) => this.change(state, delta));
    this.maxDeletedItems = options.maxDeletedItems ?? DEFAULT_MAX_DELETED_ITEMS;
  }

  getItems(): ItemState[] {
    return this.items.slice();
  }

  getItem(id: string): ItemState | undefined {
    return this.byId.get(id);
  }

  /** The number of items waiting for early updates (for tests and diagnostics). */
  get pendingCount(): number {
    return this.pending.size;
  }

  clear(): void {
    this.items = [];
    this.byId.clear();
    this.pending.clear();
    this.deletedIds.clear();
    this.outputAudio.clear();
  }

  /** Attaches the user's own input audio to an item (known now or later). */
  setInputAudio(itemId: string, samples: Int16Array): ConversationChange[] {
    return this.userInput.inputAudio(itemId, samples);
  }

  /** Applies one server event; returns the item changes (empty for unrelated events). */
  processEvent(incoming: IncomingEvent): ConversationChange[] {
    const event = incoming as ServerEvent;
    // An item deleted mid-response still gets its response's deltas and `done` events: they
    // must not create it again at the end of the list.
    if (this.deletedIds.size > 0 && event.type !== 'conversation.item.deleted') {
      const itemId = itemIdOf(event);
      if (itemId !== undefined && this.deletedIds.has(itemId)) return [];
    }
    switch (event.type) {
      case 'conversation.item.added':
      case 'conversation.item.created':
        return this.itemAdded(event.item, event.previous_item_id);
      case 'conversation.item.done':
        return this.itemUpdated(event.item, true, event.previous_item_id);
      case 'conversation.item.retrieved':
        return this.itemUpdated(event.item, false);
      case 'response.output_item.added':
        return this.itemAdded(event.item, undefined, event.response_id);
      case 'response.output_item.done':
        return this.itemUpdated(event.item, true, undefined, event.response_id);
      case 'response.content_part.added':
      case 'response.content_part.done':
        return this.contentPart(event);
      case 'response.output_text.delta':
        return this.streamed(event, 'message', (s) => {
          if (s.textFinal) return null;
          s.formatted.text += event.delta;
          return { text: event.delta };
        });
      case 'response.output_text.done':
        return this.streamed(event, 'message', (s) => {
          s.formatted.text = event.text;
          s.textFinal = true;
          return null;
        });
      case 'response.output_audio_transcript.delta':
        return this.streamed(event, 'message', (s) => {
          if (s.transcriptFinal || s.truncated) return null;
          s.formatted.transcript += event.delta;
          return { transcript: event.delta };
        });
      case 'response.output_audio_transcript.done':
        return this.streamed(event, 'message', (s) => {
          if (!s.truncated) s.formatted.transcript = event.transcript;
          s.transcriptFinal = true;
          return null;
        });
      case 'response.output_audio.delta':
        return this.audioDelta(event);
      case 'response.output_audio.done':
        return this.audioDone(event);
      case 'response.function_call_arguments.delta':
        return this.argumentsDelta(event);
      case 'response.function_call_arguments.done':
        return this.argumentsDone(event);
      case 'conversation.item.input_audio_transcription.delta':
        this.userInput.transcriptionDetails(event.item_id, (t) => applyDeltaLogprobs(t, event.logprobs));
        return this.userInput.transcriptionDelta(event.item_id, event.delta ?? '');
      case 'conversation.item.input_audio_transcription.completed':
        this.userInput.transcriptionDetails(event.item_id, (t) => applyCompleted(t, event));
        return this.userInput.transcriptionCompleted(event.item_id, event.transcript);
      case 'conversation.item.input_audio_transcription.failed':
        this.userInput.transcriptionDetails(event.item_id, (t) => (t.error = { ...event.error }));
        return this.userInput.transcriptionFailed(event.item_id, transcriptionErrorMessage(event.error));
      case 'conversation.item.input_audio_transcription.segment':
        return this.userInput.transcriptionDetails(event.item_id, (t) => applySegment(t, event));
      case 'input_audio_buffer.timeout_triggered':
        return this.userInput.idleTimeout(event);
      case 'mcp_list_tools.in_progress':
      case 'mcp_list_tools.completed':
      case 'mcp_list_tools.failed':
        return this.mcpStatus(event.item_id, 'mcp_list_tools', mcpStatusOfEvent(event.type));
      case 'response.mcp_call.in_progress':
      case 'response.mcp_call.completed':
      case 'response.mcp_call.failed':
        return this.mcpStatus(event.item_id, 'mcp_call', mcpStatusOfEvent(event.type));
      case 'response.mcp_call_arguments.delta':
        return this.mcpArguments(event.item_id, event.response_id, event.delta, false);
      case 'response.mcp_call_arguments.done':
        return this.mcpArguments(event.item_id, event.response_id, event.arguments, true);
      case 'input_audio_buffer.speech_started':
        return this.userInput.speech(event.item_id, { audioStartMs: event.audio_start_ms });
      case 'input_audio_buffer.speech_stopped':
        return this.userInput.speech(event.item_id, { audioEndMs: event.audio_end_ms });
      case 'input_audio_buffer.committed':
        return [];
      case 'conversation.item.truncated':
        return this.truncated(event);
      case 'conversation.item.deleted':
        return this.deleted(event.item_id);
      case 'response.done':
        return this.responseDone(event);
      default:
        return [];
    }
  }

  private insert(state: ConversationItemState, previousItemId?: string | null): void {
    this.byId.set(state.id, state);
    const after = previousItemId ? this.items.findIndex((i) => i.id === previousItemId) : -1;
    if (after >= 0 && after < this.items.length - 1) this.items.splice(after + 1, 0, state);
    else this.items.push(state);
    this.pending.applyTo(state);
  }

  /** The item for a streamed event, created when the `added` events were missed or are late. */
  private ensure(itemId: string, type: ItemType, responseId?: string): { state: ConversationItemState; appended: boolean } {
    const known = this.byId.get(itemId);
    if (known) return { state: known, appended: false };
    const state = new ConversationItemState(itemId, type, type === 'message' ? 'assistant' : undefined);
    state.responseId = responseId;
    this.insert(state);
    return { state, appended: true };
  }

  private change(state: ConversationItemState, delta: ConversationDelta | null, appended = false): ConversationChange {
    const change: ConversationChange = { item: state, delta };
    if (appended) change.appended = true;
    if (state.isFinal && !state.completionReported) {
      state.completionReported = true;
      change.completed = true;
    }
    return change;
  }

  private itemAdded(item: ConversationItem, previousItemId?: string | null, responseId?: string): ConversationChange[] {
    if (!item.id) return [];
    const known = this.byId.get(item.id);
    const state = known ?? new ConversationItemState(item.id, item.type);
    if (responseId) state.responseId = responseId;
    if (previousItemId !== undefined) state.previousItemId = previousItemId;
    state.applyServerItem(item, this.decodeItemAudio);
    if (!known) this.insert(state, previousItemId);
    return [this.change(state, null, !known), ...this.answeredApproval(state)];
  }

  private itemUpdated(item: ConversationItem, final: boolean, previousItemId?: string | null, responseId?: string): ConversationChange[] {
    if (!item.id) return [];
    const known = this.byId.get(item.id);
    if (!known && !final) return []; // a retrieved item we never saw: nothing to update
    const state = known ?? new ConversationItemState(item.id, item.type);
    if (responseId) state.responseId = responseId;
    if (previousItemId !== undefined && !known) state.previousItemId = previousItemId;
    state.applyServerItem(item, this.decodeItemAudio);
    if (final && !state.isFinal) state.status = 'completed';
    if (!known) this.insert(state, previousItemId);
    return [this.change(state, null, !known), ...this.answeredApproval(state)];
  }

  /** An `mcp_approval_response` item marks its request as answered. */
  private answeredApproval(state: ConversationItemState): ConversationChange[] {
    if (state.mcp?.kind !== 'approval_response') return [];
    const request = this.byId.get(state.mcp.approvalRequestId);
    if (request?.mcp?.kind !== 'approval_request' || request.mcp.answer) return [];
    request.mcp.answer = { approve: state.mcp.approve, reason: state.mcp.reason, itemId: state.id };
    return [this.change(request, null)];
  }

  private mcpStatus(itemId: string, type: 'mcp_list_tools' | 'mcp_call', status: McpStatus): ConversationChange[] {
    const { state, appended } = this.ensure(itemId, type);
    const mcp = state.mcp ?? emptyMcpState(type);
    if (mcp.kind === 'list_tools' || mcp.kind === 'call') mcp.status = status;
    state.mcp = mcp;
    return [this.change(state, null, appended)];
  }

  private mcpArguments(itemId: string, responseId: string, text: string, done: boolean): ConversationChange[] {
    const { state, appended } = this.ensure(itemId, 'mcp_call', responseId);
    const mcp = state.mcp?.kind === 'call' ? state.mcp : emptyMcpState('mcp_call');
    if (mcp.kind !== 'call') return [];
    mcp.arguments = done ? text : mcp.arguments + text;
    state.mcp = mcp;
    state.formatted.tool = { name: mcp.name || state.formatted.tool?.name || '', call_id: state.formatted.tool?.call_id ?? '', arguments: mcp.arguments };
    return [this.change(state, done ? null : { arguments: text }, appended)];
  }

  private contentPart(event: EventOf<'response.content_part.added'> | EventOf<'response.content_part.done'>): ConversationChange[] {
    const { state, appended } = this.ensure(event.item_id, 'message', event.response_id);
    if (event.part.type === 'audio') state.audioContentIndex = event.content_index;
    if (event.type === 'response.content_part.done') {
      if (event.part.text && !state.formatted.text) state.formatted.text = event.part.text;
      if (event.part.transcript && !state.formatted.transcript && !state.truncated) state.formatted.transcript = event.part.transcript;
    }
    return [this.change(state, null, appended)];
  }

  /** `apply` updates the item and returns the delta to report (or null). */
  private streamed(
    event: { item_id: string; response_id: string },
    type: ItemType,
    apply: (state: ConversationItemState) => ConversationDelta | null,
  ): ConversationChange[] {
    const { state, appended } = this.ensure(event.item_id, type, event.response_id);
    const delta = apply(state);
    return [this.change(state, delta, appended)];
  }

  private audioDelta(event: EventOf<'response.output_audio.delta'>): ConversationChange[] {
    const bytes = base64ToBytes(event.delta); // throws on a broken payload, before any state changes
    const { state, appended } = this.ensure(event.item_id, 'message', event.response_id);
    if (state.truncated) return [this.change(state, null, appended)]; // a straggler after truncation
    const samples = this.outputAudio.decode(event.item_id, bytes, this.formats.output());
    state.audioContentIndex = event.content_index;
    state.appendAudio(samples);
    return [this.change(state, { audio: samples, audioBytes: bytes }, appended)];
  }

  /** The item's audio is complete: the decoder's held-back end (G.711 upsampling) joins it. */
  private audioDone(event: EventOf<'response.output_audio.done'>): ConversationChange[] {
    const tail = this.outputAudio.finish(event.item_id);
    return this.streamed(event, 'message', (s) => {
      if (tail.length === 0 || s.truncated) return null;
      s.appendAudio(tail);
      return { audio: tail };
    });
  }

  /** Audio inside a server item (e.g. `conversation.item.retrieved`), in the format of its direction. */
  private readonly decodeItemAudio = (base64: string, partType: string): Int16Array =>
    this.outputAudio.decodeWhole(base64ToBytes(base64), partType === 'input_audio' ? this.formats.input() : this.formats.output());

  private argumentsDelta(event: EventOf<'response.function_call_arguments.delta'>): ConversationChange[] {
    const { state, appended } = this.ensure(event.item_id, 'function_call', event.response_id);
    const tool = state.formatted.tool ?? { name: '', call_id: event.call_id, arguments: '' };
    tool.arguments += event.delta;
    if (!tool.call_id) tool.call_id = event.call_id;
    state.formatted.tool = tool;
    return [this.change(state, { arguments: event.delta }, appended)];
  }

  private argumentsDone(event: EventOf<'response.function_call_arguments.done'>): ConversationChange[] {
    const { state, appended } = this.ensure(event.item_id, 'function_call', event.response_id);
    state.formatted.tool = { name: event.name || state.formatted.tool?.name || '', call_id: event.call_id, arguments: event.arguments };
    return [this.change(state, null, appended)];
  }

  private truncated(event: EventOf<'conversation.item.truncated'>): ConversationChange[] {
    const state = this.byId.get(event.item_id);
    if (!state) return [];
    const receivedAudioMs = (state.formatted.audioSampleCount * 1000) / this.sampleRate;
    state.truncated = { audioEndMs: event.audio_end_ms, contentIndex: event.content_index, transcript: state.formatted.transcript, receivedAudioMs };
    state.truncateAudio((event.audio_end_ms * this.sampleRate) / 1000);
    this.outputAudio.forget(event.item_id);
    // The server drops the transcript of truncated audio: the model never "said" the unheard part.
    state.formatted.transcript = '';
    return [this.change(state, null)];
  }

  private deleted(itemId: string): ConversationChange[] {
    this.pending.delete(itemId);
    this.deletedIds.add(itemId);
    this.outputAudio.forget(itemId);
    while (this.deletedIds.size > this.maxDeletedItems) this.deletedIds.delete(this.deletedIds.values().next().value as string);
    const state = this.byId.get(itemId);
    if (!state) return [];
    this.byId.delete(itemId);
    this.items = this.items.filter((i) => i !== state);
    return [{ item: state, delta: null, deleted: true }];
  }

  private responseDone(event: EventOf<'response.done'>): ConversationChange[] {
    const changes: ConversationChange[] = [];
    const seen = new Set<string>();
    const outcome = responseStatusOf(event.response);
    for (const item of event.response.output ?? []) {
      const state = item.id ? this.byId.get(item.id) : undefined;
      if (!state) continue;
      seen.add(state.id);
      if ('status' in item && item.status && item.status !== 'in_progress') state.status = item.status;
      const news = this.withResponseStatus(state, outcome);
      const change = this.change(state, null);
      if (change.completed || news) changes.push(change);
    }
    // Items of a cancelled or failed response that never got their `done`.
    const responseId = event.response.id;
    if (responseId && event.response.status !== 'in_progress') {
      for (const state of this.items) {
        if (state.responseId !== responseId || seen.has(state.id)) continue;
        const news = this.withResponseStatus(state, outcome);
        if (state.isFinal && !news) continue;
        if (!state.isFinal) state.status = event.response.status === 'completed' ? 'completed' : 'incomplete';
        changes.push(this.change(state, null));
      }
    }
    return changes;
  }

  /** Records how the item's response ended; true when that is worth a change (it did not complete). */
  private withResponseStatus(state: ConversationItemState, outcome: ItemResponseStatus | null): boolean {
    if (!outcome) return false;
    state.responseStatus = outcome;
    return outcome.status !== 'completed';
  }
}

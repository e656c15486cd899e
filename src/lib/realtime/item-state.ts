// One conversation item as the client sees it: server fields plus what the deltas built up.
import type { ConversationItem, RealtimeResponse } from 'openai/resources/realtime/realtime';
import { base64ToInt16 } from '../audio-codec/pcm';
import { AudioChunks } from './audio-chunks';
import type { InputTranscription } from './input-transcription';
import { mcpStateOf, type McpState } from './mcp-items';

export type ItemType = ConversationItem['type'];
export type ItemRole = 'user' | 'assistant' | 'system';
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';
/**
 * Realtime 2 models label assistant output as a preamble (`commentary`) or the answer
 * (`final_answer`). Not in the `openai` package's realtime types (7.57, which types `phase` only
 * on Responses API messages); described for GPT Realtime 2 by Azure OpenAI's docs
 * (learn.microsoft.com/azure/foundry-classic/openai/concepts/realtime-2): read when present.
 */
export type ItemPhase = 'commentary' | 'final_answer';

/** How the response that produced an item ended (`response.done`), for items of any response. */
export interface ItemResponseStatus {
  status: 'completed' | 'cancelled' | 'failed' | 'incomplete';
  /** `status_details.reason`: `turn_detected`, `client_cancelled`, `max_output_tokens`, `content_filter`. */
  reason?: string;
  /** `status_details.error` of a failed response. */
  error?: { type?: string; code?: string; message?: string };
}

/** How a finished response ended, as its items carry it (from `response.done`); null while it is in progress. */
export function responseStatusOf(response: Pick<RealtimeResponse, 'status' | 'status_details'>): ItemResponseStatus | null {
  const { status, status_details: details } = response;
  if (!status || status === 'in_progress') return null;
  const outcome: ItemResponseStatus = { status };
  if (details?.reason) outcome.reason = details.reason;
  if (details?.error) outcome.error = { ...details.error };
  return outcome;
}

export interface FormattedItem {
  /** Text parts (`input_text`, `output_text`). */
  text: string;
  /** Audio transcript: the model's speech, or the user's transcribed input audio. */
  transcript: string;
  audioSampleCount: number;
  /** Function (or MCP) calls. */
  tool?: { name: string; call_id: string; arguments: string };
  /** Function call outputs (and MCP call results). */
  output?: string;
}

export interface ItemState {
  id: string;
  type: ItemType;
  role?: ItemRole;
  status: ItemStatus;
  formatted: FormattedItem;
  /** PCM16 at the session rate; chunks joined once, on demand. Shared: do not mutate. */
  getAudio(): Int16Array;
  /** The server's latest view of the item, with audio bytes left out. */
  item: ConversationItem | null;
  responseId?: string;
  previousItemId?: string | null;
  /** Index of the audio content part, for `conversation.item.truncate`. */
  audioContentIndex: number;
  /** Voice activity timing of a user's spoken item, in ms of session input audio. */
  speech?: { audioStartMs?: number; audioEndMs?: number };
  /**
   * Set by `conversation.item.truncated`; the transcript is what it was before (the server drops it),
   * `receivedAudioMs` how much audio had arrived then (what the heard share of the transcript is judged by).
   */
  truncated?: { audioEndMs: number; contentIndex: number; transcript: string; receivedAudioMs?: number };
  /** Set by `conversation.item.input_audio_transcription.failed` (its message; details in `transcription.error`). */
  transcriptionError?: string;
  /** Segments, logprobs, languages, usage and error of the input audio transcription. */
  transcription?: InputTranscription;
  /** `commentary` or `final_answer`, when the model labels its output (Realtime 2 models). */
  phase?: ItemPhase;
  /** Set on `response.done` for the items of that response: its status and `status_details`. */
  responseStatus?: ItemResponseStatus;
  /** MCP items: tool listing, call, approval request (with its answer) or approval response. */
  mcp?: McpState;
  /** A user item made by the server VAD's idle timeout (`input_audio_buffer.timeout_triggered`). */
  idleTimeout?: boolean;
}

type ContentPart = { type?: string; text?: string | null; transcript?: string | null; audio?: string | null };

/** Base64 audio of a content part (`input_audio` / `output_audio`) to PCM16; default: it is PCM16. */
export type AudioPartDecoder = (base64: string, partType: string) => Int16Array;
const decodePcm16: AudioPartDecoder = (base64) => base64ToInt16(base64);

function isFinal(status: ItemStatus): boolean {
  return status === 'completed' || status === 'incomplete';
}

export class ConversationItemState implements ItemState {
  type: ItemType;
  role?: ItemRole;
  status: ItemStatus = 'in_progress';
  formatted: FormattedItem = { text: '', transcript: '', audioSampleCount: 0 };
  item: ConversationItem | null = null;
  responseId?: string;
  previousItemId?: string | null;
  audioContentIndex = 0;
  speech?: { audioStartMs?: number; audioEndMs?: number };
  truncated?: { audioEndMs: number; contentIndex: number; transcript: string; receivedAudioMs?: number };
  transcriptionError?: string;
  transcription?: InputTranscription;
  phase?: ItemPhase;
  responseStatus?: ItemResponseStatus;
  mcp?: McpState;
  idleTimeout?: boolean;
  /** Whether `completed` has been reported, so it is reported once. */
  completionReported = false;
  /** Set by the authoritative `done` / `completed` events: later deltas (out of order) are ignored. */
  textFinal = false;
  transcriptFinal = false;
  private readonly audio = new AudioChunks();

  constructor(
    readonly id: string,
    type: ItemType,
    role?: ItemRole,
  ) {
    this.type = type;
    this.role = role;
  }

  getAudio(): Int16Array {
    return this.audio.join();
  }

  appendAudio(samples: Int16Array): void {
    this.audio.push(samples);
    this.formatted.audioSampleCount = this.audio.sampleCount;
  }

  truncateAudio(sampleCount: number): void {
    this.audio.truncate(sampleCount);
    this.formatted.audioSampleCount = this.audio.sampleCount;
  }

  get isFinal(): boolean {
    return isFinal(this.status);
  }

  /** Takes in the server's view of the item. Streamed text is only replaced by non-empty text. */
  applyServerItem(item: ConversationItem, decodeAudio: AudioPartDecoder = decodePcm16): void {
    this.type = item.type;
    if ('role' in item && item.role) this.role = item.role;
    // A late `added` (out of order) must not take a finished item back to in_progress.
    if ('status' in item && item.status && !(this.isFinal && item.status === 'in_progress')) this.status = item.status;
    if ('content' in item && Array.isArray(item.content)) this.applyContent(item.content as ContentPart[], decodeAudio);
    if ('arguments' in item && 'name' in item) {
      const callId = 'call_id' in item && typeof item.call_id === 'string' ? item.call_id : this.formatted.tool?.call_id ?? '';
      const args = item.arguments || this.formatted.tool?.arguments || '';
      this.formatted.tool = { name: item.name || this.formatted.tool?.name || '', call_id: callId, arguments: args ?? '' };
    }
    if ('output' in item && typeof item.output === 'string') this.formatted.output = item.output;
    this.mcp = mcpStateOf(item, this.mcp);
    const phase = phaseOf(item);
    if (phase) this.phase = phase;
    this.item = withoutAudio(item);
  }

  private applyContent(parts: ContentPart[], decodeAudio: AudioPartDecoder): void {
    const texts: string[] = [];
    const transcripts: string[] = [];
    parts.forEach((part, index) => {
      if (part.type === 'input_audio' || part.type === 'output_audio' || part.type === 'audio') this.audioContentIndex = index;
      if (typeof part.text === 'string') texts.push(part.text);
      if (typeof part.transcript === 'string') transcripts.push(part.transcript);
      if (typeof part.audio === 'string' && part.audio && this.audio.sampleCount === 0) this.appendAudio(decodeAudio(part.audio, part.type ?? ''));
    });
    const text = texts.join('');
    const transcript = transcripts.join('');
    if (text) this.formatted.text = text;
    if (transcript && !this.truncated) this.formatted.transcript = transcript;
  }
}

function phaseOf(item: ConversationItem): ItemPhase | undefined {
  const phase = (item as { phase?: unknown }).phase;
  return phase === 'commentary' || phase === 'final_answer' ? phase : undefined;
}

/** A copy without base64 audio (it lives in the chunks, once). */
function withoutAudio(item: ConversationItem): ConversationItem {
  if (!('content' in item) || !Array.isArray(item.content)) return item;
  const content = (item.content as ContentPart[]).map((part) => {
    if (typeof part.audio !== 'string') return part;
    const { audio: _audio, ...rest } = part;
    return rest;
  });
  return { ...item, content } as ConversationItem;
}

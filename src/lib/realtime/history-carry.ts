// Reconnect with history: a new session starts with an empty conversation, so the conversation so
// far is sent into it again as `conversation.item.create` events, in order, after the session's
// `session.update` and before the user goes on. Only text travels: `conversation.item.create`
// "cannot populate assistant audio messages" (the openai package's doc of the event, 7.57), and the
// GA types give client-made assistant content the type `output_text` (or `output_audio`, which that
// limitation rules out). So each message becomes its text: the user's typed text and transcripts
// as `input_text`, the model's text or speech transcript as `output_text`. Function calls and their
// outputs go as they were, with the same `call_id`, so the model sees what its tools returned.
//
// Decisions (named options below where they are a choice):
// - a user's audio with no transcript (transcription off, or it failed) becomes the text
//   "[audio without transcript]": the model then knows a turn happened and what it answered;
// - an assistant item the user interrupted (`conversation.item.truncated`) carries only the share of
//   its transcript that was heard (audio heard / audio received; on a media wire, where no audio
//   arrives as events, at a speaking rate), cut at a word and ended with "…"; nothing heard: skipped;
// - a function call is carried only with its output (and an output only with its call): a call left
//   unanswered would wait for an output the new session's tool runner never sends;
// - MCP items are skipped: the new session lists its MCP tools itself, and their calls cannot be
//   created by a client;
// - a cap on the whole: the newest items are kept, up to `maxItems` and `maxChars` of text. Carried
//   text is read again (as input tokens) by every response of the new session, so it is paid for
//   on each turn; 32,000 characters is about 8,000 tokens, a quarter of the smallest GA realtime
//   context (32k tokens, gpt-realtime).
import type { ConversationItem } from 'openai/resources/realtime/realtime';
import type { ClientEvent } from '../protocol/protocol-types';
import type { ItemState } from './item-state';

export type ItemCreateEvent = Extract<ClientEvent, { type: 'conversation.item.create' }>;

export const DEFAULT_MAX_CARRIED_ITEMS = 200;
export const DEFAULT_MAX_CARRIED_CHARS = 32_000;
export const DEFAULT_MAX_CARRIED_ITEM_CHARS = 4_000;
/** What a user's audio turn without a transcript is carried as. */
export const AUDIO_WITHOUT_TRANSCRIPT = '[audio without transcript]';
/** A user's image is not carried (its data URL can be megabytes); the text says one was there. */
export const IMAGE_NOT_CARRIED = '[image not carried]';
/** On a media wire no audio reaches the client: the heard share of a transcript is judged at this rate. */
export const SPEECH_CHARS_PER_SECOND = 15;
/** The API's longest client-chosen item id; a longer source id is replaced. */
export const MAX_ITEM_ID_LENGTH = 32;

export interface HistoryCarryOptions {
  /** Most items carried (the newest). Default DEFAULT_MAX_CARRIED_ITEMS. */
  maxItems?: number;
  /** Most characters of text carried in all (the newest items). Default DEFAULT_MAX_CARRIED_CHARS. */
  maxChars?: number;
  /** Longer texts and tool outputs are cut to this, ending in "…"; longer call arguments skip the call. */
  maxItemChars?: number;
  /** A user's audio with no transcript: carried as AUDIO_WITHOUT_TRANSCRIPT (default) or skipped. */
  audioWithoutTranscript?: 'placeholder' | 'skip';
}

export type CarrySkipReason = 'empty' | 'not_heard' | 'unsupported' | 'no_output' | 'no_call' | 'too_large' | 'over_cap';

export interface CarriedItem {
  /** The item's id in the conversation it came from. */
  sourceId: string;
  /** The item's id in the new session (the source id when the API takes it). */
  id: string;
  event: ItemCreateEvent;
  /** Characters of text it carries (what the caps count). */
  chars: number;
  /** Its text was cut: to the part heard, or to `maxItemChars`. */
  cut: boolean;
  /** The item it came from (a view may show it, audio and all, in place of its text-only copy). */
  source: ItemState;
}

export interface HistoryCarryPlan {
  items: CarriedItem[];
  skipped: Array<{ sourceId: string; type: string; reason: CarrySkipReason }>;
  /** Characters of text carried in all. */
  chars: number;
}

interface Candidate {
  source: ItemState;
  item: ConversationItem;
  chars: number;
  cut: boolean;
}

type Mapped = Candidate | CarrySkipReason;

/** Which items of a conversation go into a new session, and the events that carry them, in order. */
export function planHistoryCarry(items: readonly ItemState[], options: HistoryCarryOptions = {}): HistoryCarryPlan {
  const maxItems = options.maxItems ?? DEFAULT_MAX_CARRIED_ITEMS;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CARRIED_CHARS;
  const maxItemChars = options.maxItemChars ?? DEFAULT_MAX_CARRIED_ITEM_CHARS;
  const placeholder = (options.audioWithoutTranscript ?? 'placeholder') === 'placeholder';

  const mapped: Mapped[] = items.map((state) => mapItem(state, maxItemChars, placeholder));
  pairCalls(items, mapped);
  // The newest first, while both caps hold; past the first that does not fit, nothing older (no gaps).
  let chars = 0;
  let kept = 0;
  let full = false;
  for (let i = mapped.length - 1; i >= 0; i--) {
    const entry = mapped[i];
    if (typeof entry === 'string') continue;
    full ||= kept >= maxItems || chars + entry.chars > maxChars;
    if (full) {
      mapped[i] = 'over_cap';
      continue;
    }
    kept += 1;
    chars += entry.chars;
  }
  // The cap may have split a call from its output.
  pairCalls(items, mapped);

  const plan: HistoryCarryPlan = { items: [], skipped: [], chars: 0 };
  const ids = new Set<string>();
  mapped.forEach((entry, index) => {
    const source = items[index];
    if (typeof entry === 'string') {
      plan.skipped.push({ sourceId: source.id, type: source.type, reason: entry });
      return;
    }
    const id = newItemId(source.id, index, ids);
    const event: ItemCreateEvent = { type: 'conversation.item.create', item: { ...entry.item, id } as ConversationItem };
    plan.items.push({ sourceId: source.id, id, event, chars: entry.chars, cut: entry.cut, source });
    plan.chars += entry.chars;
  });
  return plan;
}

/** The events of a plan, in order. */
export function historyCarryEvents(plan: HistoryCarryPlan): ItemCreateEvent[] {
  return plan.items.map((carried) => carried.event);
}

/** The call ids of the function calls a plan carries (the new session must not run them again). */
export function carriedCallIds(plan: HistoryCarryPlan): string[] {
  return plan.items.flatMap(({ event }) => (event.item.type === 'function_call' && event.item.call_id ? [event.item.call_id] : []));
}

function mapItem(state: ItemState, maxItemChars: number, placeholder: boolean): Mapped {
  if (state.type === 'message') return mapMessage(state, maxItemChars, placeholder);
  if (state.type === 'function_call') {
    const tool = state.formatted.tool;
    if (!tool?.call_id || !tool.name) return 'empty';
    if (tool.arguments.length > maxItemChars) return 'too_large';
    return { source: state, item: { type: 'function_call', call_id: tool.call_id, name: tool.name, arguments: tool.arguments }, chars: tool.arguments.length, cut: false };
  }
  if (state.type === 'function_call_output') {
    const callId = state.item && 'call_id' in state.item ? state.item.call_id : undefined;
    if (!callId || state.formatted.output === undefined) return 'empty';
    const { text, cut } = capText(state.formatted.output, maxItemChars);
    return { source: state, item: { type: 'function_call_output', call_id: callId, output: text }, chars: text.length, cut };
  }
  return 'unsupported';
}

function mapMessage(state: ItemState, maxItemChars: number, placeholder: boolean): Mapped {
  const role = state.role;
  if (role === 'assistant') {
    const heard = heardText(state);
    if (heard === null) return 'not_heard';
    if (!heard.text) return 'empty';
    const { text, cut } = capText(heard.text, maxItemChars);
    return { source: state, item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }, chars: text.length, cut: cut || heard.cut };
  }
  if (role !== 'user' && role !== 'system') return 'unsupported';
  const parts = [state.formatted.text, state.formatted.transcript].map((part) => part.trim()).filter(Boolean);
  if (role === 'user' && parts.length === 0) {
    if (hasImage(state)) parts.push(IMAGE_NOT_CARRIED);
    else if (hasAudio(state)) {
      if (!placeholder) return 'empty';
      parts.push(AUDIO_WITHOUT_TRANSCRIPT);
    }
  }
  if (parts.length === 0) return 'empty';
  const { text, cut } = capText(parts.join('\n'), maxItemChars);
  return { source: state, item: { type: 'message', role, content: [{ type: 'input_text', text }] }, chars: text.length, cut };
}

/** What of an assistant item the user got: all of it, or the heard share of an interrupted one; null when nothing was heard. */
function heardText(state: ItemState): { text: string; cut: boolean } | null {
  const full = state.formatted.text || state.formatted.transcript;
  const truncated = state.truncated;
  if (!truncated) return { text: full.trim(), cut: false };
  const transcript = truncated.transcript.trim();
  if (truncated.audioEndMs <= 0) return null;
  const received = truncated.receivedAudioMs ?? 0;
  const share = received > 0 ? Math.min(1, truncated.audioEndMs / received) : null;
  const length = share === null ? Math.round((truncated.audioEndMs / 1000) * SPEECH_CHARS_PER_SECOND) : Math.round(share * transcript.length);
  if (length >= transcript.length) return { text: state.formatted.text.trim() || transcript, cut: false };
  const text = cutAtWord(transcript, length);
  return text ? { text: `${text}…`, cut: true } : null;
}

/** The first `length` characters, back to the last whole word when that cuts one. */
function cutAtWord(text: string, length: number): string {
  const head = text.slice(0, length);
  if (length >= text.length || /\s/.test(text[length])) return head.trimEnd();
  const space = head.search(/\s\S*$/);
  return (space > 0 ? head.slice(0, space) : head).trimEnd();
}

function capText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  return { text: `${text.slice(0, Math.max(0, max - 1))}…`, cut: true };
}

function contentTypes(state: ItemState): string[] {
  const item = state.item;
  if (!item || !('content' in item) || !Array.isArray(item.content)) return [];
  return (item.content as Array<{ type?: string }>).map((part) => part.type ?? '');
}

const hasAudio = (state: ItemState): boolean => state.formatted.audioSampleCount > 0 || contentTypes(state).includes('input_audio');
const hasImage = (state: ItemState): boolean => contentTypes(state).includes('input_image');

/** Keeps a call only with its output after it, and an output only with its call before it. */
function pairCalls(items: readonly ItemState[], mapped: Mapped[]): void {
  const callOf = (entry: Mapped): string | undefined =>
    typeof entry !== 'string' && (entry.item.type === 'function_call' || entry.item.type === 'function_call_output') ? entry.item.call_id ?? undefined : undefined;
  const calls = new Set<string>();
  mapped.forEach((entry, i) => {
    const callId = callOf(entry);
    if (callId === undefined) return;
    if (items[i].type === 'function_call') calls.add(callId);
    else if (!calls.has(callId)) mapped[i] = 'no_call';
  });
  const answered = new Set<string>();
  for (let i = mapped.length - 1; i >= 0; i--) {
    const callId = callOf(mapped[i]);
    if (callId === undefined) continue;
    if (items[i].type === 'function_call_output') answered.add(callId);
    else if (!answered.has(callId)) mapped[i] = 'no_output';
  }
}

/** The source id when the API takes it and it is not taken yet; else a new one. */
function newItemId(sourceId: string, index: number, taken: Set<string>): string {
  let id = sourceId && sourceId.length <= MAX_ITEM_ID_LENGTH && !taken.has(sourceId) ? sourceId : `item_carried_${index}`;
  for (let n = 1; taken.has(id); n++) id = `item_carried_${index}_${n}`;
  taken.add(id);
  return id;
}

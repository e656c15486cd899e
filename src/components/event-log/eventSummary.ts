// One line of text per row: what a reader wants at a glance (the text of a group of deltas,
// the audio size, an error's message, the item), never the raw payload. Pure, no React.
import { audioBytesOf, base64ByteLength, trimAudioPayload } from './eventPayload';
import { DISCONNECTED_TYPE, type EventLogStore, type LogEntry, type LogRow } from './eventLogStore';
import { AUDIBLE_TYPE, HISTORY_CARRIED_TYPE } from '../../lib/inspector/console-records';
import { describeHistoryCarried } from './historySeam';
import { describeLiveEvent, LIVE_INPUT_AUDIO_APPEND, LIVE_TRANSCRIPT_LANES, sessionSeconds } from './liveSummary';

/** Longest summary shown in a row; the details pane shows everything. */
export const SUMMARY_MAX_CHARS = 120;

type Fields = Record<string, unknown>;

const asFields = (event: unknown): Fields => (event !== null && typeof event === 'object' && !Array.isArray(event) ? (event as Fields) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function clip(text: string, max = SUMMARY_MAX_CHARS): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Local wall-clock time with milliseconds, e.g. 14:03:07.125. */
export function formatTime(time: number): string {
  const d = new Date(time);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${bytes} B`;
}

/** A duration for a row's summary: 0.4 s, 12.3 s, 2 min 05 s. */
export function formatSeconds(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

const isAudioDelta = (type: string) => type.endsWith('output_audio.delta');
const INPUT_AUDIO_APPEND = 'input_audio_buffer.append';

/** The `delta` texts of a row's events joined, stopping once `max` characters are collected. */
export function joinedDeltaText(store: EventLogStore, row: LogRow, max = Number.POSITIVE_INFINITY): string {
  let text = '';
  for (let i = 0; i < row.count && text.length < max; i++) {
    text += str(asFields(store.entry(store.rowSeq(row, i))?.event).delta) ?? '';
  }
  return text;
}

function describeItem(item: Fields): string {
  const content = Array.isArray(item.content) ? (item.content as Fields[]) : [];
  const text = content.map((part) => str(part.text) ?? str(part.transcript) ?? (str(part.audio) !== undefined ? `<audio ${base64ByteLength(str(part.audio)!)} bytes>` : '')).join(' ');
  const name = str(item.name);
  return [str(item.type), str(item.role), name, str(item.id), text && `“${text}”`, str(item.output) && `→ ${str(item.output)}`].filter(Boolean).join(' ');
}

/** How a row says the relay, not the wire, delivered its event. */
export const RELAYED_PREFIX = 'from the relay, held text removed';

function describeEntry(entry: LogEntry): string {
  if (entry.via === 'relay') return [RELAYED_PREFIX, describeWireEntry(entry)].filter(Boolean).join(' · ');
  return describeWireEntry(entry);
}

function describeWireEntry(entry: LogEntry): string {
  if (entry.malformed !== undefined) return `${entry.malformed}: ${entry.raw ?? ''}`;
  const e = asFields(entry.event);
  const type = entry.type;
  if (type === DISCONNECTED_TYPE) {
    return ['connection ended', typeof e.code === 'number' && `code ${e.code}`, str(e.reason)].filter(Boolean).join(' · ');
  }
  if (type === HISTORY_CARRIED_TYPE && entry.source === 'console') return describeHistoryCarried(e);
  if (type === AUDIBLE_TYPE && entry.source === 'console') {
    const latency = [typeof e.base_latency_ms === 'number' && `base ${e.base_latency_ms} ms`, typeof e.output_latency_ms === 'number' && `output ${e.output_latency_ms} ms`].filter(Boolean).join(' + ');
    return [str(e.item_id), 'first sample played', latency && `heard after ${latency}`].filter(Boolean).join(' · ');
  }
  if (type === 'error') {
    const error = asFields(e.error);
    return [str(error.code), str(error.message)].filter(Boolean).join(': ');
  }
  if (type === 'input_audio_buffer.append' || type === LIVE_INPUT_AUDIO_APPEND) return `<base64 audio ${audioBytesOf(e)} bytes>`;
  const live = describeLiveEvent(type, e);
  if (live !== undefined) return live;
  if (e.item !== undefined) return describeItem(asFields(e.item));
  if (type.startsWith('session.')) {
    const session = asFields(e.session);
    const audio = asFields(session.audio);
    const voice = str(asFields(audio.output).voice);
    const turn = asFields(asFields(audio.input).turn_detection);
    return [str(session.model), voice && `voice ${voice}`, str(turn.type), str(session.instructions) && `“${str(session.instructions)}”`].filter(Boolean).join(' · ');
  }
  if (type.startsWith('response.') && e.response !== undefined) {
    const response = asFields(e.response);
    return [str(response.id), str(response.status)].filter(Boolean).join(' ');
  }
  const text = str(e.transcript) ?? str(e.text) ?? str(e.arguments) ?? (isAudioDelta(type) ? undefined : str(e.delta));
  if (text !== undefined) return `${str(e.item_id) ?? ''} “${text}”`.trim();
  return [str(e.item_id), str(e.response_id), str(e.call_id)].filter(Boolean).join(' ') || (str(e.event_id) ?? '');
}

/** The text shown on a row. */
export function summarizeRow(store: EventLogStore, row: LogRow): string {
  if (row.count === 1) return clip(describeEntry(store.entry(row.first)!));
  if (isAudioDelta(row.type) || row.type === INPUT_AUDIO_APPEND || row.type === LIVE_INPUT_AUDIO_APPEND) {
    let bytes = 0;
    for (let i = 0; i < row.count; i++) bytes += audioBytesOf(store.entry(store.rowSeq(row, i))?.event);
    // The microphone's chunks: how much was sent, and over how long (their first to last chunk).
    if (row.type === INPUT_AUDIO_APPEND || row.type === LIVE_INPUT_AUDIO_APPEND) return `${formatBytes(bytes)} of microphone audio over ${formatSeconds(row.lastTime - row.time)}`;
    return `${row.itemId ?? ''} ${formatBytes(bytes)} of audio`.trim();
  }
  const lane = LIVE_TRANSCRIPT_LANES[row.type];
  if (lane) {
    // Timed fragments: the lane and the session time they span, first start to last end.
    const first = asFields(store.entry(row.first)?.event);
    const last = asFields(store.entry(store.rowSeq(row, row.count - 1))?.event);
    const ms = (value: unknown) => (typeof value === 'number' ? value : undefined);
    return clip(`${lane} ${sessionSeconds(ms(first.start_ms))}–${sessionSeconds(ms(last.end_ms))} “${joinedDeltaText(store, row, SUMMARY_MAX_CHARS)}”`);
  }
  return clip(`${row.itemId ?? ''} “${joinedDeltaText(store, row, SUMMARY_MAX_CHARS)}”`.trim());
}

/** Pretty JSON of one event for the details pane, audio trimmed. */
export function prettyEvent(entry: LogEntry): string {
  if (entry.malformed !== undefined) return entry.raw ?? '';
  return JSON.stringify(trimAudioPayload(entry.event), null, 2) ?? String(entry.event);
}

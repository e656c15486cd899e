// One line of text per row: what a reader wants at a glance (the text of a group of deltas,
// the audio size, an error's message, the item), never the raw payload. Pure, no React.
import { audioBytesOf, base64ByteLength, trimAudioPayload } from './eventPayload';
import type { EventLogStore, LogEntry, LogRow } from './eventLogStore';

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

const isAudioDelta = (type: string) => type.endsWith('output_audio.delta');

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

function describeEntry(entry: LogEntry): string {
  if (entry.malformed !== undefined) return `${entry.malformed}: ${entry.raw ?? ''}`;
  const e = asFields(entry.event);
  const type = entry.type;
  if (type === 'error') {
    const error = asFields(e.error);
    return [str(error.code), str(error.message)].filter(Boolean).join(': ');
  }
  if (type === 'input_audio_buffer.append') return `<base64 audio ${audioBytesOf(e)} bytes>`;
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
  if (isAudioDelta(row.type)) {
    let bytes = 0;
    for (let i = 0; i < row.count; i++) bytes += audioBytesOf(store.entry(store.rowSeq(row, i))?.event);
    return `${row.itemId ?? ''} ${formatBytes(bytes)} of audio`.trim();
  }
  return clip(`${row.itemId ?? ''} “${joinedDeltaText(store, row, SUMMARY_MAX_CHARS)}”`.trim());
}

/** Pretty JSON of one event for the details pane, audio trimmed. */
export function prettyEvent(entry: LogEntry): string {
  if (entry.malformed !== undefined) return entry.raw ?? '';
  return JSON.stringify(trimAudioPayload(entry.event), null, 2) ?? String(entry.event);
}

// The conversation's audio as one stereo WAV, time-aligned to the log: the user's microphone
// (client input_audio_buffer.append) on the left, the model (response.output_audio.delta) on the
// right. Each chunk is placed at its event's time from the log's first record, or right after the
// previous chunk of its channel when that is later (answers arrive faster than they play, and
// play back to back). A client conversation.item.truncate cuts the model's item where the user
// stopped hearing it. WebRTC logs carry no audio bytes (audio rides the media tracks): the
// console's recording of those tracks, in page time (the log's clock), is placed instead.
// GPT-Live logs the same way: session.input_audio.append left, session.output_audio.delta right,
// in the one format session.started names for both directions.
import { AudioDecoder } from '../audio-codec/audio-codec';
import type { AudioFormat } from '../audio-codec/audio-format';
import { base64ToBytes } from '../audio-codec/pcm';
import { encodeWav, interleave } from '../wavtools/wav-packer';
import { eventFields, objectField, stringField, type InspectorRecord } from './records';

export const SESSION_AUDIO_RATE = 24000;
const SAMPLES_PER_MS = SESSION_AUDIO_RATE / 1000;

interface Chunk {
  start: number;
  samples: Int16Array;
  itemId?: string;
}

class Channel {
  readonly chunks: Chunk[] = [];
  cursor = 0;
  private decoder: AudioDecoder;
  private format: AudioFormat | undefined;

  constructor() {
    this.decoder = new AudioDecoder(undefined, SESSION_AUDIO_RATE);
  }

  setFormat(format: AudioFormat | undefined): void {
    if (JSON.stringify(format) === JSON.stringify(this.format)) return;
    this.format = format;
    this.decoder = new AudioDecoder(format, SESSION_AUDIO_RATE);
  }

  add(at: number, base64: string, itemId?: string): void {
    let samples: Int16Array;
    try {
      samples = this.decoder.decode(base64ToBytes(base64));
    } catch {
      return; // a garbled chunk in an opened file: left out, the rest still plays
    }
    if (samples.length === 0) return;
    const start = Math.max(this.cursor, Math.round(at * SAMPLES_PER_MS));
    this.chunks.push({ start, samples, itemId });
    this.cursor = start + samples.length;
  }

  /** Samples recorded off the wire at page time `time` (ms); before the log's start they are cut. */
  place(at: number, samples: Int16Array): void {
    const start = Math.round(at * SAMPLES_PER_MS);
    const skip = Math.max(0, -start);
    if (skip >= samples.length) return;
    this.chunks.push({ start: start + skip, samples: samples.subarray(skip) });
  }

  get length(): number {
    return this.chunks.reduce((end, chunk) => Math.max(end, chunk.start + chunk.samples.length), 0);
  }

  render(into: Int16Array, limits: ReadonlyMap<string, number>): void {
    for (const chunk of this.chunks) {
      const limit = chunk.itemId === undefined ? undefined : limits.get(chunk.itemId);
      const room = limit === undefined ? chunk.samples.length : Math.max(0, Math.min(chunk.samples.length, limit - chunk.start));
      into.set(chunk.samples.subarray(0, Math.min(room, into.length - chunk.start)), chunk.start);
    }
  }
}

function formatOf(session: Record<string, unknown> | undefined, direction: 'input' | 'output'): AudioFormat | undefined {
  const format = objectField(objectField(objectField(session, 'audio'), direction), 'format');
  return format as AudioFormat | undefined;
}

/** Audio recorded off the wire (a WebRTC call's tracks), each chunk at its page time (ms since the epoch). */
export interface RecordedAudio {
  user: ReadonlyArray<{ time: number; samples: Int16Array }>;
  model: ReadonlyArray<{ time: number; samples: Int16Array }>;
}

/** The stereo WAV bytes and where they start, or null when neither the log nor `recorded` holds audio. */
export function sessionAudio(records: Iterable<InspectorRecord>, recorded?: RecordedAudio | null): { wav: Uint8Array; startTime: number; seconds: number } | null {
  const user = new Channel();
  const model = new Channel();
  const itemStarts = new Map<string, number>();
  const limits = new Map<string, number>();
  let t0: number | undefined;
  for (const record of records) {
    t0 ??= record.time;
    const event = eventFields(record.event);
    if (!event) continue;
    const at = record.time - t0;
    if (record.source === 'server' && (event.type === 'session.created' || event.type === 'session.updated')) {
      const session = objectField(event, 'session');
      if (formatOf(session, 'input')) user.setFormat(formatOf(session, 'input'));
      if (formatOf(session, 'output')) model.setFormat(formatOf(session, 'output'));
    } else if (record.source === 'server' && event.type === 'session.started') {
      const format = objectField(objectField(objectField(event, 'session'), 'audio'), 'format') as AudioFormat | undefined;
      user.setFormat(format);
      model.setFormat(format);
    } else if (record.source === 'client' && (event.type === 'input_audio_buffer.append' || event.type === 'session.input_audio.append')) {
      const audio = stringField(event, 'audio');
      if (audio) user.add(at, audio);
    } else if (record.source === 'server' && (event.type === 'response.output_audio.delta' || event.type === 'session.output_audio.delta')) {
      const delta = stringField(event, 'delta');
      const itemId = stringField(event, 'item_id');
      if (!delta) continue;
      if (itemId && limits.has(itemId)) continue; // cut already: the rest was never heard
      model.add(at, delta, itemId);
      if (itemId && !itemStarts.has(itemId)) itemStarts.set(itemId, model.chunks[model.chunks.length - 1]?.start ?? 0);
    } else if (record.source === 'client' && event.type === 'conversation.item.truncate') {
      const itemId = stringField(event, 'item_id');
      const endMs = event.audio_end_ms;
      const start = itemId === undefined ? undefined : itemStarts.get(itemId);
      if (itemId && start !== undefined && typeof endMs === 'number' && endMs >= 0) {
        const limit = start + Math.round(endMs * SAMPLES_PER_MS);
        limits.set(itemId, limit);
        model.cursor = Math.min(model.cursor, Math.max(limit, start));
      }
    }
  }
  if (t0 !== undefined && recorded) {
    const start = t0;
    for (const chunk of recorded.user) user.place(chunk.time - start, chunk.samples);
    for (const chunk of recorded.model) model.place(chunk.time - start, chunk.samples);
  }
  const length = Math.max(user.length, model.length);
  if (t0 === undefined || length === 0) return null;
  const left = new Int16Array(length);
  const right = new Int16Array(length);
  user.render(left, new Map());
  model.render(right, limits);
  return { wav: encodeWav(interleave(left, right), { sampleRate: SESSION_AUDIO_RATE, channels: 2 }), startTime: t0, seconds: length / SESSION_AUDIO_RATE };
}

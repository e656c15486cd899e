// Whether a client event is the one the recording expects, and if not, the first field that
// differs. What is compared, and why the rest is not:
// - `type` and every field the client chose, exactly (text, tools, instructions, settings…);
// - `event_id` is not compared: a client makes a new one each run. The new one is remembered
//   (recorded → new) so a replayed `error` can name it;
// - `item.id` of `conversation.item.create` likewise (a client may make its own item ids); later
//   references to it (`previous_item_id`, `item_id`…) are compared through that mapping;
// - audio (`audio` fields, base64 or the export's `<base64 audio N bytes>`) by length within
//   AUDIO_LENGTH_TOLERANCE, never by content: a microphone never gives the same bytes twice, and
//   an export may have kept only the length;
// - `audio_end_ms` of `conversation.item.truncate` only as present: it is where playback was
//   when the user spoke, which a replay at another speed moves.
import { isRecord } from '../../src/lib/shared/json';
import { audioBytes } from './audio-length';
import type { ExpectedTurn, Fields } from './replay-plan';

/** Audio lengths within this fraction of the recorded one count as the same. */
export const AUDIO_LENGTH_TOLERANCE = 0.1;

export interface FieldDifference {
  /** Where the first difference is, e.g. `item.content[0].text` (`type` when the types differ). */
  path: string;
  expected: unknown;
  got: unknown;
}

/** Recorded ids ↔ the new client's, learnt as events match. */
export class IdMap {
  private readonly toNew = new Map<string, string>();
  private readonly toRecorded = new Map<string, string>();

  learn(recorded: unknown, got: unknown): void {
    if (typeof recorded !== 'string' || typeof got !== 'string' || recorded === got) return;
    this.toNew.set(recorded, got);
    this.toRecorded.set(got, recorded);
  }

  /** The new client's id for a recorded one (itself when none was learnt). */
  forClient(value: string): string {
    return this.toNew.get(value) ?? value;
  }

  recordedOf(value: string): string {
    return this.toRecorded.get(value) ?? value;
  }

  get size(): number {
    return this.toNew.size;
  }
}

const isCreatedItemId = (eventType: string, path: string): boolean => eventType === 'conversation.item.create' && path === 'item.id';

/** Compares `got` with the expected turn; learns ids into `ids` only when they match. */
/** `gotBufferedBytes`: null when the new client's microphone is a media track (no bytes to count). */
export function compareClientEvent(expected: ExpectedTurn, got: Fields, gotBufferedBytes: number | null, ids: IdMap): FieldDifference | null {
  const recorded = expected.event;
  if (recorded.type !== got.type) return { path: 'type', expected: recorded.type, got: got.type };
  const learnt: Array<[unknown, unknown]> = [[recorded.event_id, got.event_id]];
  const difference = compareValue(recorded, got, '', recorded.type, ids, learnt);
  if (difference) return difference;
  // Only appends against appends: a media track sends silence too, so over WebRTC the buffer's
  // length is the time since it was last emptied, not what the user said.
  if (recorded.type === 'input_audio_buffer.commit' && expected.bufferedBytes !== null && gotBufferedBytes !== null && !sameLength(expected.bufferedBytes, gotBufferedBytes)) {
    return { path: '(audio appended before the commit, bytes)', expected: expected.bufferedBytes, got: gotBufferedBytes };
  }
  for (const [a, b] of learnt) ids.learn(a, b);
  return null;
}

function sameLength(expected: number, got: number): boolean {
  return Math.abs(expected - got) <= Math.max(AUDIO_LENGTH_TOLERANCE * expected, 0);
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function compareValue(expected: unknown, got: unknown, path: string, eventType: string, ids: IdMap, learnt: Array<[unknown, unknown]>): FieldDifference | null {
  if (path === 'event_id') return null;
  if (isCreatedItemId(eventType, path)) {
    learnt.push([expected, got]);
    return null;
  }
  if (eventType === 'conversation.item.truncate' && path === 'audio_end_ms') {
    return typeof got === 'number' ? null : { path, expected, got };
  }
  const key = path.slice(path.lastIndexOf('.') + 1);
  if (key === 'audio' && typeof expected === 'string') {
    const want = audioBytes(expected);
    const have = audioBytes(got);
    if (want !== null && have !== null && sameLength(want, have)) return null;
    return { path: `${path} (bytes)`, expected: want, got: have };
  }
  if (typeof expected === 'string' && typeof got === 'string') {
    return expected === got || expected === ids.recordedOf(got) ? null : { path, expected, got };
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return { path, expected, got };
    for (let i = 0; i < Math.max(expected.length, got.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= expected.length) return { path: at, expected: undefined, got: got[i] };
      if (i >= got.length) return { path: at, expected: expected[i], got: undefined };
      const difference = compareValue(expected[i], got[i], at, eventType, ids, learnt);
      if (difference) return difference;
    }
    return null;
  }
  if (isRecord(expected)) {
    if (!isRecord(got)) return { path, expected, got };
    const keys = Array.from(new Set([...Object.keys(expected), ...Object.keys(got)])).sort();
    for (const name of keys) {
      const at = join(path, name);
      if (at === 'event_id') continue;
      if (!(name in got) && !isCreatedItemId(eventType, at)) return { path: at, expected: expected[name], got: undefined };
      if (!(name in expected) && !isCreatedItemId(eventType, at)) return { path: at, expected: undefined, got: got[name] };
      const difference = compareValue(expected[name], got[name], at, eventType, ids, learnt);
      if (difference) return difference;
    }
    return null;
  }
  return Object.is(expected, got) ? null : { path, expected, got };
}

/** A value shortened for a report line or an error message. */
export function preview(value: unknown, max = 80): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

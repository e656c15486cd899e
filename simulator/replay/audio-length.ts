// How much audio a field carries, whether the recording kept the bytes (base64) or the event
// log's export replaced them with its placeholder `<base64 audio N bytes>` (eventPayload.ts).
import { base64ByteLength } from '../../src/components/event-log/eventPayload';
import { isRecord } from '../../src/lib/shared/json';

const PLACEHOLDER = /^<base64 audio (\d{1,12}) bytes>$/;

/** Bytes of audio in a base64 string or a placeholder; null when `value` is neither. */
export function audioBytes(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const placeholder = PLACEHOLDER.exec(value);
  if (placeholder) return Number(placeholder[1]);
  return base64ByteLength(value);
}

export const isAudioPlaceholder = (value: unknown): value is string => typeof value === 'string' && PLACEHOLDER.test(value);

/** Bytes a placeholder stands for, as silence (zero bytes) in base64; other strings unchanged. */
export function fillPlaceholder(value: string, maxBytes: number): string {
  const match = PLACEHOLDER.exec(value);
  if (!match) return value;
  return Buffer.alloc(Math.min(Number(match[1]), maxBytes)).toString('base64');
}

/** Bytes carried by an `input_audio_buffer.append` record (0 when it is not one). */
export function appendedBytes(event: Record<string, unknown>): number {
  return event.type === 'input_audio_buffer.append' ? audioBytes(event.audio) ?? 0 : 0;
}

/** A copy of a JSON value with every string passed through `map`. */
export function mapStrings<T>(value: T, map: (s: string) => string): T {
  if (typeof value === 'string') return map(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, map)) as unknown as T;
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = mapStrings(child, map);
    return out as T;
  }
  return value;
}

// What the event log shows of a payload: base64 audio replaced by a short placeholder (a single
// 100 ms chunk is ~6 kB of text, useless to read and slow to render or search), and secrets
// redacted before anything leaves the page. Pure functions, no React.

/** Replaced for every secret found in exported text. */
export const REDACTED = '[redacted]';

/** Strings shorter than this are left alone even in an audio field (e.g. the spec's placeholders). */
export const DEFAULT_MIN_AUDIO_CHARS = 64;

/** Event types whose `delta` field carries base64 audio. */
export const AUDIO_DELTA_SUFFIX = 'output_audio.delta';

/** Bytes encoded by a base64 string (padding excluded). */
export function base64ByteLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

export function audioPlaceholder(base64: string): string {
  return `<base64 audio ${base64ByteLength(base64)} bytes>`;
}

function isAudioField(key: string, value: unknown, parentType: unknown, minAudioChars: number): value is string {
  return (
    typeof value === 'string' &&
    value.length >= minAudioChars &&
    (key === 'audio' || (key === 'delta' && typeof parentType === 'string' && parentType.endsWith(AUDIO_DELTA_SUFFIX)))
  );
}

function trimNode(node: unknown, minAudioChars: number): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < node.length; i++) {
      const next = trimNode(node[i], minAudioChars);
      if (next !== node[i]) (copy ??= node.slice())[i] = next;
    }
    return copy ?? node;
  }
  const record = node as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const value = record[key];
    const next = isAudioField(key, value, record.type, minAudioChars) ? audioPlaceholder(value) : trimNode(value, minAudioChars);
    if (next !== value) (copy ??= { ...record })[key] = next;
  }
  return copy ?? node;
}

/**
 * A copy of `event` with base64 audio replaced by `<base64 audio N bytes>`: the `delta` of
 * `response.output_audio.delta`, and every `audio` string (input_audio_buffer.append, `input_audio`
 * / `output_audio` content parts of items anywhere in the event). Objects without audio are
 * returned as they are (not copied).
 */
export function trimAudioPayload<T>(event: T, minAudioChars = DEFAULT_MIN_AUDIO_CHARS): T {
  return trimNode(event, minAudioChars) as T;
}

function audioBytesIn(node: unknown, minAudioChars: number): number {
  if (node === null || typeof node !== 'object') return 0;
  let total = 0;
  if (Array.isArray(node)) {
    for (const child of node) total += audioBytesIn(child, minAudioChars);
    return total;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const value = record[key];
    total += isAudioField(key, value, record.type, minAudioChars) ? base64ByteLength(value) : audioBytesIn(value, minAudioChars);
  }
  return total;
}

/** Total audio bytes carried by an event (the fields `trimAudioPayload` replaces). */
export function audioBytesOf(event: unknown, minAudioChars = DEFAULT_MIN_AUDIO_CHARS): number {
  return audioBytesIn(event, minAudioChars);
}

/** Patterns of keys that must never be exported: the browser subprotocol, API keys, ephemeral keys. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /openai-insecure-api-key\.[^\s"',;\\]+/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bek_[A-Za-z0-9_-]{8,}/g,
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function replacing every secret in a text by `[redacted]`: the patterns above and `apiKey` itself. */
export function makeRedactor(apiKey?: string | null): (text: string) => string {
  const patterns = [...SECRET_PATTERNS];
  const key = apiKey?.trim();
  if (key) {
    // The key as it appears raw and as it appears inside a JSON string (escaped).
    const forms = new Set([key, JSON.stringify(key).slice(1, -1)]);
    for (const form of Array.from(forms)) patterns.unshift(new RegExp(escapeRegExp(form), 'g'));
  }
  return (text) => patterns.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}

export function redactSecrets(text: string, apiKey?: string | null): string {
  return makeRedactor(apiKey)(text);
}

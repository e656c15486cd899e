// Keeps the API key out of everything the relay passes to the browser. A hostile or buggy
// upstream may echo the key anywhere: in `session.updated`, a text delta, a non-JSON or binary
// frame, a close reason. Every upstream frame is searched for the key as raw bytes and in its
// JSON-escaped form (a key holding `"` or `\` is written differently inside a JSON string);
// found, it is replaced in place by `[redacted]`, which keeps the JSON valid. A frame that
// spells the key with `\uXXXX` escapes cannot be fixed in place and is withheld whole.
// Searching is Buffer.indexOf (native), so an audio delta costs a few microseconds.
import { REDACTED, redact } from './logging';

export type Scrubbed =
  | { action: 'forward'; frame: Buffer; redacted: boolean }
  | { action: 'withhold' };

export interface SecretScrubber {
  frame(frame: Buffer): Scrubbed;
  /** Text (a close reason, a message) with the key and key-shaped strings redacted. */
  text(text: string): string;
}

const UNICODE_ESCAPE = Buffer.from('\\u');
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The text with JSON string escapes decoded (only to search it, never to forward it). */
function unescapeJson(text: string): string {
  return text.replace(/\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g, (_match, hex: string | undefined, simple: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : SIMPLE_ESCAPES[simple as string]);
}

function replaceAll(frame: Buffer, needle: Buffer, replacement: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = frame.indexOf(needle); at >= 0; at = frame.indexOf(needle, from)) {
    parts.push(frame.subarray(from, at), replacement);
    from = at + needle.length;
  }
  parts.push(frame.subarray(from));
  return Buffer.concat(parts);
}

export function createSecretScrubber(secret: string): SecretScrubber {
  const raw = Buffer.from(secret);
  const escaped = Buffer.from(JSON.stringify(secret).slice(1, -1));
  const needles = raw.equals(escaped) ? [raw] : [raw, escaped];
  const replacement = Buffer.from(REDACTED);

  return {
    frame(frame) {
      let out = frame;
      for (const needle of needles) if (out.includes(needle)) out = replaceAll(out, needle, replacement);
      if (out.includes(UNICODE_ESCAPE) && unescapeJson(out.toString('utf8')).includes(secret)) return { action: 'withhold' };
      return { action: 'forward', frame: out, redacted: out !== frame };
    },
    text: (text) => redact(text.split(secret).join(REDACTED), []),
  };
}

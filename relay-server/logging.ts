// Log lines with secrets removed and control characters escaped. The key and access token are
// replaced wherever they appear, and so is anything shaped like an OpenAI key (an upstream error
// may quote part of one). Lines quote what clients sent (a `?model=`, an event type, a close
// reason), so a newline could forge a line and an escape sequence could drive the terminal.

export type LogSink = (line: string) => void;

const KEY_SHAPE = /sk-[A-Za-z0-9_*-]{6,}/g;
export const REDACTED = '[redacted]';
/** Shorter secrets are not searched for: they would blank out ordinary words (and are never logged anyway). */
export const MIN_REDACTED_SECRET_LENGTH = 8;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_REDACTED_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  return out.replace(KEY_SHAPE, `sk-${REDACTED}`);
}

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text on one line, every control character written as an escape (`\n`, `\x1b`, `\u2028`). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => {
    const named = NAMED_ESCAPES[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

export function createLogger(sink: LogSink, secrets: readonly (string | null)[]): LogSink {
  const known = secrets.filter((s): s is string => Boolean(s));
  return (line) => sink(escapeControl(redact(line, known)));
}

/** 1536 → "1.5 kB": counts in log lines stay short. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

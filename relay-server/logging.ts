// Log lines with secrets removed. The key and access token are replaced wherever they appear,
// and so is anything shaped like an OpenAI key (an upstream error may quote part of one).

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

export function createLogger(sink: LogSink, secrets: readonly (string | null)[]): LogSink {
  const known = secrets.filter((s): s is string => Boolean(s));
  return (line) => sink(redact(line, known));
}

/** 1536 → "1.5 kB": counts in log lines stay short. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

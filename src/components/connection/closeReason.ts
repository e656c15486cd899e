// Turns a WebSocket close (code, reason, the server's last error) into one readable line.

export interface CloseDetails {
  code: number;
  reason: string;
  wasClean?: boolean;
  /** The server's last `error` event message, when it sent one before closing. */
  error?: string;
}

const KNOWN_CODES: Record<number, string> = {
  1000: 'closed normally',
  1001: 'server going away',
  1006: 'connection lost or refused (no close frame)',
  1008: 'policy violation',
  1009: 'message too big',
  1011: 'server error',
  1012: 'service restarting',
  1013: 'try again later',
  1014: 'bad gateway: the upstream failed',
  4000: 'rejected by the server',
};

export function describeClose(close: CloseDetails): string {
  const meaning = KNOWN_CODES[close.code] ?? 'closed';
  const parts = [`Connection closed (code ${close.code}: ${meaning})`];
  const reason = close.reason.trim();
  const error = close.error?.trim();
  if (reason) parts.push(reason);
  if (error && error !== reason) parts.push(error);
  if (close.code === 1006 && !reason && !error) parts.push('is the server or relay running, and is the URL right?');
  return parts.join(' — ');
}

/** What a browser says when a WebSocket cannot be opened: it hides the cause on purpose. */
const OPAQUE_SOCKET_ERROR = /^(could not connect:\s*)?WebSocket error$/i;

/** A failed Connect in one readable line: the cause once, and where to look when the browser hides it. */
export function describeConnectFailure(message: string, url: string): string {
  const cause = message.trim().replace(/^could not connect:\s*/i, '');
  if (OPAQUE_SOCKET_ERROR.test(message.trim())) {
    return `Could not connect to ${url} — is the server or relay running there, and is the URL right?`;
  }
  if (/^could not connect\b/i.test(cause)) return `C${cause.slice(1)}`;
  return `Could not connect: ${cause}`;
}

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

export interface ConnectTarget {
  url: string;
  /** A relay also refuses (403) pages whose origin is not on its allow-list. */
  relay?: boolean;
  /** This page's origin, named so it can be added to the relay's allow-list. */
  origin?: string;
}

/** A failed Connect in one readable line: the cause once, and where to look when the browser hides it. */
export function describeConnectFailure(message: string, target: ConnectTarget): string {
  const cause = message.trim().replace(/^could not connect:\s*/i, '');
  if (OPAQUE_SOCKET_ERROR.test(message.trim())) {
    if (target.relay) {
      const origin = target.origin ? ` (${target.origin})` : '';
      return `Could not connect to the relay at ${target.url} — is it running, and does its RELAY_ALLOWED_ORIGINS include this page's origin${origin}?`;
    }
    return `Could not connect to ${target.url} — is the server or relay running there, and is the URL right?`;
  }
  if (/^could not connect\b/i.test(cause)) return `C${cause.slice(1)}`;
  return `Could not connect: ${cause}`;
}

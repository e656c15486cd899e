// Turns a WebSocket close (code, reason, the server's last error) into one readable line.
import { CLOSE_CODE_MEANINGS, WS_CLOSE_CODES } from '../../lib/protocol/close-codes';

export interface CloseDetails {
  code: number;
  reason: string;
  wasClean?: boolean;
  /** The server's last `error` event message, when it sent one before closing. */
  error?: string;
}

export function describeClose(close: CloseDetails): string {
  const meaning = CLOSE_CODE_MEANINGS[close.code] ?? 'closed';
  const parts = [`Connection closed (code ${close.code}: ${meaning})`];
  const reason = close.reason.trim();
  const error = close.error?.trim();
  if (reason) parts.push(reason);
  if (error && error !== reason) parts.push(error);
  if (close.code === WS_CLOSE_CODES.abnormal && !reason && !error) parts.push('is the server or relay running, and is the URL right?');
  return parts.join(' — ');
}

/** What a browser says when a WebSocket cannot be opened: it hides the cause on purpose. */
const OPAQUE_SOCKET_ERROR = /^(could not connect:\s*)?WebSocket error$/i;

export interface ConnectTarget {
  url: string;
  /**
   * A relay also refuses pages whose origin is not on its allow-list (HTTP 403) and, when it
   * has a RELAY_ACCESS_TOKEN, connections without that token (HTTP 401): the browser sees
   * neither status, only a failed WebSocket, so the message names both settings.
   */
  relay?: boolean;
  /** This page's origin, named so it can be added to the relay's allow-list. */
  origin?: string;
}

/** The relay URL already carries a token (the query's name survives displayUrl's masking). */
const TOKEN_IN_URL = /[?&]access_token=/;

/** A relay that could not be reached or refused the page: the relay's two settings, and where the token goes. */
function relayRefusal(target: ConnectTarget): string {
  const origin = target.origin ? ` (${target.origin})` : '';
  const token = TOKEN_IN_URL.test(target.url)
    ? 'is the access_token in the relay URL its RELAY_ACCESS_TOKEN?'
    : 'if it has a RELAY_ACCESS_TOKEN, add ?access_token=TOKEN to the relay URL (relayUrl in runtime-config.js, or REACT_APP_LOCAL_RELAY_SERVER_URL).';
  return `Could not connect to the relay at ${target.url} — is it running, and does its RELAY_ALLOWED_ORIGINS include this page's origin${origin}? The relay refused it or is unreachable; ${token}`;
}

/** A failed Connect in one readable line: the cause once, and where to look when the browser hides it. */
export function describeConnectFailure(message: string, target: ConnectTarget): string {
  const cause = message.trim().replace(/^could not connect:\s*/i, '');
  if (OPAQUE_SOCKET_ERROR.test(message.trim())) {
    if (target.relay) return relayRefusal(target);
    return `Could not connect to ${target.url} — is the server or relay running there, and is the URL right?`;
  }
  if (/^could not connect\b/i.test(cause)) return `C${cause.slice(1)}`;
  return `Could not connect: ${cause}`;
}

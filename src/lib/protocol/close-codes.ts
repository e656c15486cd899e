// WebSocket close codes a Realtime socket meets, named once for the relay, the simulator and the
// console: the RFC 6455 registry, the code the Realtime API adds, and the rule for which codes a
// peer may send. Sources: RFC 6455 §7.4 and the IANA "WebSocket Close Code Number Registry"
// (https://www.iana.org/assignments/websocket/websocket.xhtml#close-code-number); 4000 as the
// Realtime API closes a beta-shaped handshake (OpenAI Realtime API docs, GA migration).

export const WS_CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  /** Never sent: the local side's word for "the connection dropped without a close frame". */
  abnormal: 1006,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  serviceRestart: 1012,
  /** Registered as "Try Again Later". */
  tryAgainLater: 1013,
  /** Registered as "Bad Gateway". */
  badGateway: 1014,
} as const;

/** Codes the Realtime API itself sends beyond the registry. */
export const REALTIME_CLOSE_CODES = {
  /** The API closes a beta handshake (`OpenAI-Beta: realtime=v1`) with 4000. */
  betaShapeDisabled: 4000,
} as const;

/** What each known code means, in words a person reads (the console's close line). */
export const CLOSE_CODE_MEANINGS: Readonly<Record<number, string>> = {
  [WS_CLOSE_CODES.normal]: 'closed normally',
  [WS_CLOSE_CODES.goingAway]: 'server going away',
  [WS_CLOSE_CODES.abnormal]: 'connection lost or refused (no close frame)',
  [WS_CLOSE_CODES.policyViolation]: 'policy violation',
  [WS_CLOSE_CODES.messageTooBig]: 'message too big',
  [WS_CLOSE_CODES.internalError]: 'server error',
  [WS_CLOSE_CODES.serviceRestart]: 'service restarting',
  [WS_CLOSE_CODES.tryAgainLater]: 'try again later',
  [WS_CLOSE_CODES.badGateway]: 'bad gateway: the upstream failed',
  [REALTIME_CLOSE_CODES.betaShapeDisabled]: 'rejected by the server',
};

/** A close frame's reason may be at most 123 bytes of UTF-8 (RFC 6455 §5.5: 125 less the code). */
export const MAX_REASON_BYTES = 123;

/**
 * UTF-8 length, counted without TextEncoder (absent in the console's jsdom tests): a lone
 * surrogate counts 3, as the U+FFFD an encoder writes for it.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The reason cut to fit a close frame. */
export function truncateReason(reason: string): string {
  if (utf8ByteLength(reason) <= MAX_REASON_BYTES) return reason;
  let cut = reason.slice(0, MAX_REASON_BYTES);
  while (utf8ByteLength(cut) > MAX_REASON_BYTES) cut = cut.slice(0, -1);
  return cut;
}

/**
 * Codes a peer may put in a close frame: 1004 is reserved, and 1005/1006/1015 only describe
 * what happened locally (RFC 6455 §7.4.1); 3000–4999 are for libraries and applications.
 */
export function isSendableCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

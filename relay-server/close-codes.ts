// Close codes the relay sends, and how codes from one side are passed to the other.

export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  /** Registered as "Try Again Later": the relay has maxSessions open. */
  tryAgainLater: 1013,
  /** Registered as "Bad Gateway": the upstream refused, was unreachable or vanished. */
  badGateway: 1014,
  /** The relay closed a reader that let more than maxBufferedBytes pile up. */
  slowReader: 4900,
  /** No message either way for idleTimeoutMs. */
  idle: 4901,
  /** More than maxPendingMessages/Bytes sent before the upstream opened. */
  queueFull: 4902,
} as const;

/** A WebSocket close reason may be at most 123 bytes of UTF-8. */
export const MAX_REASON_BYTES = 123;

export function truncateReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason;
  let cut = reason.slice(0, MAX_REASON_BYTES);
  while (Buffer.byteLength(cut) > MAX_REASON_BYTES) cut = cut.slice(0, -1);
  return cut;
}

/** Codes a peer may put in a close frame (1005/1006/1015 only describe what happened locally). */
export function isSendableCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

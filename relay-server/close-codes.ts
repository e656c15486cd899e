// Close codes the relay sends: the registry's (src/lib/protocol/close-codes.ts) named for the
// relay's cases, and the relay's own 49xx. The sendable-code rule and the
// reason limit are there too, shared with the simulator and the console.
import { WS_CLOSE_CODES } from '../src/lib/protocol/close-codes';

export const CLOSE_CODES = {
  normal: WS_CLOSE_CODES.normal,
  goingAway: WS_CLOSE_CODES.goingAway,
  policyViolation: WS_CLOSE_CODES.policyViolation,
  messageTooBig: WS_CLOSE_CODES.messageTooBig,
  /** The relay has maxSessions open. */
  tryAgainLater: WS_CLOSE_CODES.tryAgainLater,
  /** The upstream refused, was unreachable or vanished. */
  badGateway: WS_CLOSE_CODES.badGateway,
  /** The relay closed a reader that let more than maxBufferedBytes pile up. */
  slowReader: 4900,
  /** No message either way for idleTimeoutMs. */
  idle: 4901,
  /** More than maxPendingMessages/Bytes sent before the upstream opened. */
  queueFull: 4902,
} as const;

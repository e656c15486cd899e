// Faults on demand, chosen per connection by query parameters (see simulator/README.md).
import { isSendableCode, WS_CLOSE_CODES } from '../src/lib/protocol/close-codes';

export interface FaultPlan {
  /** Close the socket once this many server events have been sent. */
  closeAfterEvents: number | null;
  /** Code used by the fault close. */
  closeCode: number;
  /** Every server event is held back this long (order kept). */
  delayMs: number;
  /** An `error` event with this code is sent right after `session.created`. */
  errorCode: string | null;
  /** After `session.created` nothing more is sent; the socket stays open. */
  stall: boolean;
  /** A frame that is not JSON is sent right after `session.created`. */
  malformed: boolean;
  /** Every response ends with status `failed`. */
  responseFailed: boolean;
  /** Input transcription fails (`conversation.item.input_audio_transcription.failed`). */
  transcriptionFailed: boolean;
  /**
   * The session is refused as the real API refuses a beta-shaped one (an `error` event with
   * `beta_api_shape_disabled`, then close 4000), for clients that cannot send a beta handshake.
   */
  betaShapeRejected: boolean;
}

/** 1011 (internal error) is what a server crash looks like to a client. */
export const DEFAULT_FAULT_CLOSE_CODE = WS_CLOSE_CODES.internalError;
/** Longest accepted `fault_delay_ms`, so a typo cannot hang a test run. */
export const MAX_FAULT_DELAY_MS = 60_000;

export const NO_FAULTS: FaultPlan = {
  closeAfterEvents: null,
  closeCode: DEFAULT_FAULT_CLOSE_CODE,
  delayMs: 0,
  errorCode: null,
  stall: false,
  malformed: false,
  responseFailed: false,
  transcriptionFailed: false,
  betaShapeRejected: false,
};

function intParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : null;
}

const flag = (query: URLSearchParams, name: string): boolean => ['1', 'true', 'yes'].includes(query.get(name) ?? '');

export function parseFaults(query: URLSearchParams): FaultPlan {
  const closeCode = intParam(query, 'fault_close_code');
  let closeAfterEvents = intParam(query, 'fault_close_after');
  // A close code alone means: close right after `session.created`.
  if (closeAfterEvents === null && closeCode !== null) closeAfterEvents = 1;
  return {
    closeAfterEvents,
    closeCode: closeCode !== null && isSendableCode(closeCode) ? closeCode : DEFAULT_FAULT_CLOSE_CODE,
    delayMs: Math.min(intParam(query, 'fault_delay_ms') ?? 0, MAX_FAULT_DELAY_MS),
    errorCode: query.get('fault_error') || null,
    stall: flag(query, 'fault_stall'),
    malformed: flag(query, 'fault_malformed'),
    responseFailed: flag(query, 'fault_response_failed'),
    transcriptionFailed: flag(query, 'fault_transcription_failed'),
    betaShapeRejected: flag(query, 'fault_beta_shape'),
  };
}

/**
 * `sim_script`: what the next audio turns stand for, as a JSON array of strings or texts
 * separated by `|` (e.g. `sim_script=What is the weather in Paris?|My name is Ada`).
 */
export function parseScript(query: URLSearchParams): string[] | null {
  const raw = query.get('sim_script');
  if (!raw) return null;
  if (raw.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed.filter((t): t is string => typeof t === 'string');
    } catch {
      // Not JSON: read it as `|`-separated text.
    }
  }
  return raw.split('|').map((t) => t.trim()).filter(Boolean);
}

/** `sim_speed=N` overrides the server's speed factor for one connection. */
export function parseSpeed(query: URLSearchParams, fallback: number): number {
  const raw = Number(query.get('sim_speed'));
  return Number.isFinite(raw) && raw > 0 ? raw : fallback;
}

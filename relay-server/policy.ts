// What may cross the relay. Decides per frame from its `type` alone; only the few events that
// carry server-held instructions are parsed and rewritten, everything else is forwarded as the
// exact bytes received.
import type { PolicyConfig } from './config';
import { scanEventType } from './event-type';

/** Error codes the relay puts in the `error` events it sends to the browser. */
export const RELAY_ERROR_CODES = {
  malformed: 'relay_malformed_event',
  binary: 'relay_binary_frame',
  notAllowed: 'relay_event_not_allowed',
  denied: 'relay_event_denied',
  modelNotAllowed: 'relay_model_not_allowed',
  upstreamRefused: 'relay_upstream_refused',
  upstreamUnreachable: 'relay_upstream_unreachable',
  upstreamTimeout: 'relay_upstream_timeout',
  queueFull: 'relay_queue_full',
  tooManySessions: 'relay_too_many_sessions',
} as const;
export type RelayErrorCode = typeof RELAY_ERROR_CODES[keyof typeof RELAY_ERROR_CODES];

export type Frame = Buffer | string;

export type ClientDecision =
  | { action: 'forward'; type: string; data: Frame; rewritten: boolean }
  | { action: 'deny'; type: string | null; code: RelayErrorCode; message: string; eventId: string | null };

export type ServerDecision =
  | { action: 'forward'; type: string | null; data: Frame; rewritten: boolean }
  | { action: 'drop'; type: string | null; reason: string };

export interface Policy {
  checkClient(frame: Buffer): ClientDecision;
  checkServer(frame: Buffer): ServerDecision;
  /** Frames to send upstream as soon as it opens, before anything from the browser. */
  openingFrames(): string[];
}

/** Exact event types plus `family.*` prefixes. */
export class TypeMatcher {
  private readonly exact: Set<string>;
  private readonly prefixes: string[];
  constructor(patterns: readonly string[]) {
    this.exact = new Set(patterns.filter((p) => !p.endsWith('.*')));
    this.prefixes = patterns.filter((p) => p.endsWith('.*')).map((p) => p.slice(0, -1));
  }
  get empty(): boolean {
    return this.exact.size === 0 && this.prefixes.length === 0;
  }
  matches(type: string): boolean {
    return this.exact.has(type) || this.prefixes.some((prefix) => type.startsWith(prefix));
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseObject(frame: Buffer): JsonObject | null {
  try {
    const value: unknown = JSON.parse(frame.toString('utf8'));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

function eventIdOf(frame: Buffer): string | null {
  const event = parseObject(frame);
  return event && typeof event.event_id === 'string' ? event.event_id : null;
}

let relayEventCounter = 0;

/** A GA-shaped `error` server event, as the relay sends it to the browser. */
export function relayErrorEvent(code: RelayErrorCode, message: string, clientEventId: string | null = null, errorType = 'invalid_request_error'): string {
  relayEventCounter += 1;
  return JSON.stringify({
    type: 'error',
    event_id: `event_relay_${Date.now().toString(36)}_${relayEventCounter}`,
    error: { type: errorType, code, message, param: null, event_id: clientEventId },
  });
}

export function createPolicy(config: PolicyConfig): Policy {
  const clientAllow = new TypeMatcher(config.clientAllow);
  const clientDeny = new TypeMatcher(config.clientDeny);
  const serverAllow = new TypeMatcher(config.serverAllow);
  const serverDeny = new TypeMatcher(config.serverDeny);
  const instructions = config.instructions;

  function deny(frame: Buffer, type: string | null, code: RelayErrorCode, message: string): ClientDecision {
    return { action: 'deny', type, code, message, eventId: type === null ? null : eventIdOf(frame) };
  }

  /** Puts the held instructions into session.update / response.create; null when unparseable. */
  function forceInstructions(type: string, frame: Buffer): Frame | null {
    if (instructions === null) return frame;
    if (type !== 'session.update' && type !== 'response.create') return frame;
    const event = parseObject(frame);
    if (!event) return null;
    if (type === 'session.update') {
      // A transcription session has no instructions; an absent/invalid session is the upstream's to refuse.
      if (!isObject(event.session) || event.session.type === 'transcription') return frame;
      event.session = { ...event.session, instructions };
    } else {
      if (!isObject(event.response) || !('instructions' in event.response)) return frame;
      event.response = { ...event.response, instructions };
    }
    return JSON.stringify(event);
  }

  return {
    checkClient(frame) {
      const scan = scanEventType(frame);
      if (!scan.ok) {
        return deny(frame, null, RELAY_ERROR_CODES.malformed, `relay: event not forwarded: ${scan.reason}. Send one JSON object with a string "type".`);
      }
      const { type } = scan;
      if (!clientAllow.empty && !clientAllow.matches(type)) {
        return deny(frame, type, RELAY_ERROR_CODES.notAllowed, `relay: client event "${type}" is not on the relay's allow-list`);
      }
      if (clientDeny.matches(type)) {
        return deny(frame, type, RELAY_ERROR_CODES.denied, `relay: client event "${type}" is denied by the relay's policy`);
      }
      const data = forceInstructions(type, frame);
      if (data === null) return deny(frame, type, RELAY_ERROR_CODES.malformed, `relay: "${type}" event is not valid JSON`);
      return { action: 'forward', type, data, rewritten: data !== frame };
    },

    checkServer(frame) {
      const scan = scanEventType(frame);
      if (!scan.ok) {
        // The console shows malformed server frames as such; an allow-list cannot vouch for them.
        return serverAllow.empty ? { action: 'forward', type: null, data: frame, rewritten: false } : { action: 'drop', type: null, reason: `malformed (${scan.reason})` };
      }
      const { type } = scan;
      if (!serverAllow.empty && !serverAllow.matches(type)) return { action: 'drop', type, reason: 'not on the server allow-list' };
      if (serverDeny.matches(type)) return { action: 'drop', type, reason: 'denied by the server deny-list' };
      if (instructions !== null && (type === 'session.created' || type === 'session.updated')) {
        const event = parseObject(frame);
        if (!event) return { action: 'drop', type, reason: 'unparseable session event while instructions are held' };
        if (isObject(event.session) && 'instructions' in event.session) {
          const { instructions: _hidden, ...session } = event.session;
          event.session = session;
          return { action: 'forward', type, data: JSON.stringify(event), rewritten: true };
        }
      }
      return { action: 'forward', type, data: frame, rewritten: false };
    },

    openingFrames() {
      if (instructions === null) return [];
      relayEventCounter += 1;
      return [JSON.stringify({
        type: 'session.update',
        event_id: `event_relay_${Date.now().toString(36)}_${relayEventCounter}`,
        session: { type: 'realtime', instructions },
      })];
    },
  };
}

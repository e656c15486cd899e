// What may cross the relay. Decides per frame from its `type` alone; only the few events that
// can carry held session fields are parsed (held-session.ts), everything else is forwarded as
// the exact bytes received.
import { DEFAULTS, type PolicyConfig } from './config';
import { RELAY_ERROR_CODES, relayEventId, type RelayErrorCode } from './error-event';
import { scanEventType, topLevelString } from './event-type';
import { createHeldSession, type InspectionLimits } from './held-session';

export { RELAY_ERROR_CODES, relayErrorEvent, type RelayErrorCode } from './error-event';

export type Frame = Buffer | string;

export type ClientDecision =
  | { action: 'forward'; type: string; data: Frame; rewritten: boolean }
  | { action: 'deny'; type: string | null; code: RelayErrorCode; message: string; eventId: string | null; param: string | null };

export type ServerDecision =
  | { action: 'forward'; type: string | null; data: Frame; rewritten: boolean }
  | { action: 'drop'; type: string | null; reason: string; notify?: boolean; close?: { code: number; reason: string } };

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

/** Limits on what the policy parses: the relay's own defaults (config.ts). */
const DEFAULT_LIMITS: InspectionLimits = { maxJsonDepth: DEFAULTS.maxJsonDepth, maxInspectedBytes: DEFAULTS.maxInspectedBytes };

export function createPolicy(config: PolicyConfig, limits: InspectionLimits = DEFAULT_LIMITS): Policy {
  const clientAllow = new TypeMatcher(config.clientAllow);
  const clientDeny = new TypeMatcher(config.clientDeny);
  const serverAllow = new TypeMatcher(config.serverAllow);
  const serverDeny = new TypeMatcher(config.serverDeny);
  const held = createHeldSession(config, limits);

  /** The client's event_id, read from the top level without parsing the frame (it may be megabytes). */
  function deny(frame: Buffer, type: string | null, code: RelayErrorCode, message: string, param: string | null = null): ClientDecision {
    return { action: 'deny', type, code, message, eventId: type === null ? null : topLevelString(frame, 'event_id'), param };
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
      if (!held.inspectsClient(type)) return { action: 'forward', type, data: frame, rewritten: false };
      const inspection = held.checkClient(type, frame);
      if (!inspection.ok) return deny(frame, type, inspection.code, inspection.message, inspection.param);
      return { action: 'forward', type, data: inspection.data, rewritten: true };
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
      if (!held.inspectsServer(type)) return { action: 'forward', type, data: frame, rewritten: false };
      const inspection = held.checkServer(type, frame);
      // Withheld, and the browser told: it would otherwise wait for its session.created forever.
      if (!inspection.ok) return { action: 'drop', type, reason: inspection.message, notify: true };
      return { action: 'forward', type, data: inspection.data, rewritten: true };
    },

    openingFrames() {
      const session = held.openingSession();
      return session === null ? [] : [JSON.stringify({ type: 'session.update', event_id: relayEventId(), session })];
    },
  };
}

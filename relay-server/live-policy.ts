// What may cross the relay on a GPT-Live session. The event lists (clientAllow, clientDeny,
// serverAllow, serverDeny) apply by `type` as on Realtime sessions, and may name Live events.
// Live takes no model in the URL, so the model is checked where it travels: `session.start`.
//
// The threat is a hostile browser reaching past the relay's key: a model it may not use, or,
// while the relay holds them, other frontend instructions (`session.instructions`, a developer
// item in `session.input`, `session.instructions.append`) or other delegation settings (the
// backend's model, prompt and tools: `session.delegation`, `session.update`, a developer or
// system item through `response.item.create`). Those frames are parsed once (size, depth and
// duplicate keys checked), rewritten and forwarded as their own serialisation; audio appends and
// every other event pass as the bytes received.
import type { PolicyConfig } from './config';
import type { LiveRelayConfig } from './live-config';
import { RELAY_ERROR_CODES } from './error-event';
import { scanEventType, topLevelString } from './event-type';
import { parseInspected, refuse, type InspectionLimits, type Refusal } from './held-session';
import { TypeMatcher, type ClientDecision, type Policy, type ServerDecision } from './policy';
import { isRecord } from '../src/lib/shared/json';
import { checkForkStart, forkStartedProblem } from './live-fork-policy';
import { WS_CLOSE_CODES } from '../src/lib/protocol/close-codes';

type JsonObject = Record<string, unknown>;

const INSTRUCTING_ROLES = new Set(['system', 'developer']);
/** Server events whose `session` snapshot may show held fields. */
const SESSION_SNAPSHOTS = new Set(['session.started', 'session.updated', 'session.closed']);

/** `fork`: the policy of a fork's socket (live-fork-policy.ts), which checks what the fork became. */
export function createLivePolicy(lists: PolicyConfig, live: Pick<LiveRelayConfig, 'liveModels' | 'liveInstructions' | 'liveDelegation'>, limits: InspectionLimits, fork = false): Policy {
  const clientAllow = new TypeMatcher(lists.clientAllow);
  const clientDeny = new TypeMatcher(lists.clientDeny);
  const serverAllow = new TypeMatcher(lists.serverAllow);
  const serverDeny = new TypeMatcher(lists.serverDeny);
  const holdsInstructions = live.liveInstructions !== null;
  const holdsDelegation = live.liveDelegation !== null;
  const inspected = new Set(['session.start', ...(holdsDelegation ? ['session.update', 'response.item.create'] : [])]);

  function deny(frame: Buffer, type: string | null, refusal: Refusal): ClientDecision {
    return { action: 'deny', type, code: refusal.code, message: refusal.message, param: refusal.param, eventId: type === null ? null : topLevelString(frame, 'event_id') };
  }

  function checkStart(event: JsonObject): Refusal | null {
    const session = event.session;
    if (!isRecord(session)) return null; // the upstream answers a missing session itself
    if (typeof session.model !== 'string' || !live.liveModels.includes(session.model)) {
      return refuse(RELAY_ERROR_CODES.modelNotAllowed, `relay: Live model "${String(session.model)}" is not allowed (allowed: ${live.liveModels.join(', ')})`, 'session.model');
    }
    if (holdsInstructions) {
      const input = Array.isArray(session.input) ? session.input : [];
      if (input.some((item) => isRecord(item) && typeof item.role === 'string' && INSTRUCTING_ROLES.has(item.role))) {
        return refuse(RELAY_ERROR_CODES.heldField, 'relay: the relay holds the instructions; a developer item in session.input would add to them', 'session.input');
      }
      session.instructions = live.liveInstructions;
    }
    if (holdsDelegation) session.delegation = live.liveDelegation;
    return null;
  }

  function checkClientEvent(type: string, event: JsonObject): Refusal | null {
    if (type === 'session.start') return fork ? checkForkStart(event, live) : checkStart(event);
    const session = isRecord(event.session) ? event.session : null;
    if (type === 'session.update' && session && session.delegation !== undefined) {
      return refuse(RELAY_ERROR_CODES.heldField, 'relay: the relay holds the delegation settings; session.update may not change them', 'session.delegation');
    }
    const item = isRecord(event.item) ? event.item : null;
    if (type === 'response.item.create' && item && typeof item.role === 'string' && INSTRUCTING_ROLES.has(item.role)) {
      return refuse(RELAY_ERROR_CODES.heldField, `relay: the relay holds the backend's prompt; a ${item.role} item would add to it`, 'item.role');
    }
    return null;
  }

  const heldResponses = isRecord(live.liveDelegation?.responses) ? live.liveDelegation?.responses : null;
  const hiddenTexts = new Set([live.liveInstructions, typeof heldResponses?.instructions === 'string' ? heldResponses.instructions : null].filter((t): t is string => t !== null));

  /** Held prompts out of anything the browser would see: any `instructions` holding one, at any depth. */
  function hide(node: unknown, depth = 0): void {
    if (depth > limits.maxJsonDepth || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) hide(child, depth + 1);
      return;
    }
    const record = node as JsonObject;
    if (typeof record.instructions === 'string' && hiddenTexts.has(record.instructions)) delete record.instructions;
    for (const child of Object.values(record)) hide(child, depth + 1);
  }

  return {
    checkClient(frame) {
      const scan = scanEventType(frame);
      if (!scan.ok) return deny(frame, null, refuse(RELAY_ERROR_CODES.malformed, `relay: event not forwarded: ${scan.reason}. Send one JSON object with a string "type".`));
      const { type } = scan;
      if (!clientAllow.empty && !clientAllow.matches(type)) return deny(frame, type, refuse(RELAY_ERROR_CODES.notAllowed, `relay: client event "${type}" is not on the relay's allow-list`));
      if (clientDeny.matches(type)) return deny(frame, type, refuse(RELAY_ERROR_CODES.denied, `relay: client event "${type}" is denied by the relay's policy`));
      if (type === 'session.instructions.append' && holdsInstructions) {
        return deny(frame, type, refuse(RELAY_ERROR_CODES.heldField, 'relay: the relay holds the instructions; session.instructions.append would add to them'));
      }
      if (!inspected.has(type)) return { action: 'forward', type, data: frame, rewritten: false };
      const parsed = parseInspected(type, frame, limits);
      if (!parsed.ok) return deny(frame, type, parsed);
      const refusal = checkClientEvent(type, parsed.event);
      if (refusal) return deny(frame, type, refusal);
      return { action: 'forward', type, data: JSON.stringify(parsed.event), rewritten: true };
    },

    checkServer(frame): ServerDecision {
      const scan = scanEventType(frame);
      if (!scan.ok) return serverAllow.empty ? { action: 'forward', type: null, data: frame, rewritten: false } : { action: 'drop', type: null, reason: `malformed (${scan.reason})` };
      const { type } = scan;
      if (!serverAllow.empty && !serverAllow.matches(type)) return { action: 'drop', type, reason: 'not on the server allow-list' };
      if (serverDeny.matches(type)) return { action: 'drop', type, reason: 'denied by the server deny-list' };
      const forkStarted = fork && type === 'session.started';
      if (!forkStarted && (!(holdsInstructions || holdsDelegation) || !SESSION_SNAPSHOTS.has(type))) return { action: 'forward', type, data: frame, rewritten: false };
      const parsed = parseInspected(type, frame, limits);
      // Withheld and the browser told: it would otherwise wait for its session.started forever.
      if (!parsed.ok) return { action: 'drop', type, reason: parsed.message, notify: true };
      const problem = forkStarted ? forkStartedProblem(parsed.event, live) : null;
      if (problem) return { action: 'drop', type, reason: problem, notify: true, close: { code: WS_CLOSE_CODES.policyViolation, reason: 'relay: fork refused by policy' } };
      hide(parsed.event);
      return { action: 'forward', type, data: JSON.stringify(parsed.event), rewritten: true };
    },

    openingFrames: () => [],
  };
}

// What the relay's Live policy adds for a fork (`/v1/live/sessions/{id}/fork`, forks.d.ts). A
// fork's `session.start` names no model and no instructions: the model, voice, instructions and
// conversation are the stored session's (live.d.ts ForkSessionConfig: "do not supply a new
// model"), and any stored session of the key's project can be named. So the relay checks what the
// fork became, in its `session.started`, before the browser sees it: the model must be one it
// allows, and the instructions and delegation settings it holds must be the ones in force. A fork
// that fails is withheld and closed (1008). The one override the relay can hold back up front is
// `delegation` (the Responses backend), refused while the relay holds the delegation settings.
import type { LiveRelayConfig } from './live-config';
import { RELAY_ERROR_CODES } from './error-event';
import { refuse, type Refusal } from './held-session';
import { isRecord } from '../src/lib/shared/json';

type Held = Pick<LiveRelayConfig, 'liveModels' | 'liveInstructions' | 'liveDelegation'>;

/** A fork's `session.start`: its overrides, checked against what the relay holds. */
export function checkForkStart(event: Record<string, unknown>, live: Held): Refusal | null {
  const session = isRecord(event.session) ? event.session : null;
  if (session && session.delegation !== undefined && live.liveDelegation !== null) {
    return refuse(RELAY_ERROR_CODES.heldField, 'relay: the relay holds the delegation settings; a fork may not override them', 'session.delegation');
  }
  return null;
}

/** Why a fork's `session.started` may not reach the browser, or null. */
export function forkStartedProblem(event: Record<string, unknown>, live: Held): string | null {
  const session = isRecord(event.session) ? event.session : {};
  if (typeof session.model !== 'string' || !live.liveModels.includes(session.model)) {
    return `the fork runs model "${String(session.model)}", which this relay does not allow (allowed: ${live.liveModels.join(', ')})`;
  }
  if (live.liveInstructions !== null && session.instructions !== live.liveInstructions) {
    return 'the fork runs other instructions than the ones this relay holds';
  }
  if (live.liveDelegation !== null && !sameDelegation(live.liveDelegation, session.delegation)) {
    return 'the fork runs other delegation settings than the ones this relay holds';
  }
  return null;
}

/** Every field the relay holds (its type, and each `responses` setting it names) is in force. */
function sameDelegation(held: Record<string, unknown>, actual: unknown): boolean {
  if (!isRecord(actual) || actual.type !== held.type) return false;
  if (!isRecord(held.responses)) return true;
  const responses = isRecord(actual.responses) ? actual.responses : {};
  return Object.entries(held.responses).every(([key, value]) => JSON.stringify(responses[key]) === JSON.stringify(value));
}

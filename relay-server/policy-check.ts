// Start-up check of a policy against the protocol's event types. Kept apart from the relay's
// runtime modules so the relay itself never loads the schema validator.
import { CLIENT_EVENT_TYPES, SERVER_EVENT_TYPES, validateClientEvent } from '../src/lib/protocol/validate';
import type { PolicyConfig } from './config';
import { createPolicy } from './policy';

/** Event types in the policy that the protocol does not know: probably typos. */
export function unknownPolicyEventTypes(policy: PolicyConfig): string[] {
  const known = (types: ReadonlyMap<string, string>, pattern: string) =>
    pattern.endsWith('.*') ? [...types.keys()].some((type) => type.startsWith(pattern.slice(0, -1))) : types.has(pattern);
  return [
    ...[...policy.clientAllow, ...policy.clientDeny].filter((t) => !known(CLIENT_EVENT_TYPES, t)).map((t) => `client:${t}`),
    ...[...policy.serverAllow, ...policy.serverDeny].filter((t) => !known(SERVER_EVENT_TYPES, t)).map((t) => `server:${t}`),
  ];
}

/**
 * Why the held session fields would be refused by the API (the opening `session.update` checked
 * against the protocol schema), one line each; empty when they are valid or nothing is held.
 */
export function heldSessionErrors(policy: PolicyConfig): string[] {
  const [opening] = createPolicy(policy).openingFrames();
  if (opening === undefined) return [];
  return validateClientEvent(JSON.parse(opening)).errors;
}

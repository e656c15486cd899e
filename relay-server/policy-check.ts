// Start-up check of a policy against the protocol's event types. Kept apart from the relay's
// runtime modules so the relay itself never loads the schema validator.
import { CLIENT_EVENT_TYPES, SERVER_EVENT_TYPES, validateClientEvent } from '../src/lib/protocol/validate';
import { LIVE_CLIENT_EVENT_TYPES, LIVE_SERVER_EVENT_TYPES, validateLiveSessionConfig } from '../src/lib/protocol/live-validate';
import type { PolicyConfig } from './config';
import { createPolicy } from './policy';

/** Event types in the policy that neither protocol (Realtime, GPT-Live) knows: probably typos. */
export function unknownPolicyEventTypes(policy: PolicyConfig): string[] {
  const known = (types: ReadonlyArray<ReadonlyMap<string, string>>, pattern: string) =>
    types.some((map) => (pattern.endsWith('.*') ? [...map.keys()].some((type) => type.startsWith(pattern.slice(0, -1))) : map.has(pattern)));
  const client = [CLIENT_EVENT_TYPES, LIVE_CLIENT_EVENT_TYPES];
  const server = [SERVER_EVENT_TYPES, LIVE_SERVER_EVENT_TYPES];
  return [
    ...[...policy.clientAllow, ...policy.clientDeny].filter((t) => !known(client, t)).map((t) => `client:${t}`),
    ...[...policy.serverAllow, ...policy.serverDeny].filter((t) => !known(server, t)).map((t) => `server:${t}`),
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

/**
 * Why the held Live delegation would be refused by the API (a `session.start` with it checked
 * against the Live schema), one line each; empty when it is valid or nothing is held.
 */
export function heldLiveDelegationErrors(delegation: Record<string, unknown> | null): string[] {
  if (delegation === null) return [];
  return validateLiveSessionConfig({ model: 'gpt-live-1', delegation }).errors.map((error) => `RELAY_LIVE_DELEGATION${error.replace(/^\/delegation/, '')}`);
}

/**
 * The held Live backend's function tools the relay does not answer itself (RELAY_SIDEBAND_TOOLS):
 * over WebRTC the page may not send function outputs while the relay holds the delegation, so
 * nobody answers their calls there.
 */
export function unansweredLiveWebRtcTools(delegation: Record<string, unknown> | null, sidebandTools: readonly string[]): string[] {
  const backend = delegation?.responses;
  const tools = backend !== null && typeof backend === 'object' && Array.isArray((backend as { tools?: unknown }).tools) ? (backend as { tools: unknown[] }).tools : [];
  return tools
    .map((tool) => (tool !== null && typeof tool === 'object' && (tool as { type?: unknown }).type === 'function' ? (tool as { name?: unknown }).name : undefined))
    .filter((name): name is string => typeof name === 'string' && !sidebandTools.includes(name));
}

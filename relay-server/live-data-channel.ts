// The `client.data_channel` the relay gives each Live WebRTC session it creates. Over WebRTC the
// browser's data channel goes straight to the API, so the relay cannot refuse or rewrite a frame
// on the way as it does on the WebSocket path; what it can do is have the API refuse it, through
// the session's allow-lists (live.d.ts DataChannelConfig: "Client event types that the frontend
// data channel may send", "Server events that may be sent to the frontend data channel").
// - Client list: RELAY_LIVE_DATA_CHANNEL's (or every Live client event), less what the relay's own
//   lists refuse and what would touch a held field: `session.instructions.append` when it holds the
//   instructions; `session.update`, `response.item.create` and `response.create` when it holds the
//   delegation. A selector is a type name only, so `response.item.create` cannot be allowed for
//   function outputs and refused for developer items: the relay answers the backend's function
//   calls on its sideband instead (live-sideband-tools.ts).
// - Server list: RELAY_LIVE_DATA_CHANNEL's as given (or every server event), less the session
//   snapshots (`session.started`, `session.updated`, `session.closed`) while the relay hides held
//   text: those reach the browser rewritten, through the relay's `/call-events` (sideband.ts).
import type { DataChannelConfig, ServerEventSelector } from 'openai/resources/live/live';
import type { RelayConfig } from './config';
import { TypeMatcher } from './policy';
import { LIVE_CLIENT_EVENT_TYPES, LIVE_SERVER_EVENT_TYPES } from '../src/lib/protocol/live-validate';
import { RESPONSES_STREAM_EVENT_TYPES } from '../src/lib/protocol/responses-stream-events';
import { isRecord } from '../src/lib/shared/json';

type LiveHolds = Pick<RelayConfig, 'liveDataChannel' | 'liveInstructions' | 'liveDelegation' | 'policy'>;

/** Client events a WebRTC frontend never sends (its session started at creation; its audio is a track). */
const MEDIA_ONLY_EXCLUDED = ['session.start', 'session.input_audio.append'];
/** Server events whose `session` snapshot shows the instructions and the backend's prompt. */
export const LIVE_SESSION_SNAPSHOTS: readonly string[] = ['session.started', 'session.updated', 'session.closed'];
/** What the browser must not send while the relay holds the delegation (it would add to or change the backend's). */
const DELEGATION_HELD_EXCLUDED = ['session.update', 'response.item.create', 'response.create'];

/** The held texts the browser must not read: the frontend instructions and the backend's prompt. */
export function liveHiddenTexts(config: Pick<RelayConfig, 'liveInstructions' | 'liveDelegation'>): string[] {
  const responses = config.liveDelegation?.responses;
  const backend = isRecord(responses) ? responses : null;
  const prompt = typeof backend?.instructions === 'string' ? backend.instructions : null;
  return [config.liveInstructions, prompt].filter((text): text is string => typeof text === 'string' && text !== '');
}

/** Whether the browser's copy of the session snapshots must come from the relay (rewritten). */
export function relaysSnapshots(config: Pick<RelayConfig, 'liveInstructions' | 'liveDelegation'>): boolean {
  return liveHiddenTexts(config).length > 0;
}

/** Every server event a frontend could be sent, as selectors: Responses events one nested type each. */
export function everyServerSelector(): ServerEventSelector[] {
  return [
    ...[...LIVE_SERVER_EVENT_TYPES.keys()].filter((type) => type !== 'response.event').map((type) => ({ type })),
    ...RESPONSES_STREAM_EVENT_TYPES.map((nested) => ({ type: 'response.event', response_event: nested })),
  ];
}

/** The data-channel lists to force into the session, or null to leave the browser's own. */
export function frontendPermissions(config: LiveHolds): DataChannelConfig | null {
  const given = (config.liveDataChannel ?? {}) as DataChannelConfig;
  const clientList = clientEvents(config, given);
  const serverList = serverEvents(config, given);
  if (clientList === undefined && serverList === undefined) return null;
  return {
    ...(clientList !== undefined ? { allowed_client_events: clientList } : {}),
    ...(serverList !== undefined ? { allowed_server_events: serverList } : {}),
  };
}

function clientEvents(config: LiveHolds, given: DataChannelConfig): string[] | undefined {
  const allow = new TypeMatcher(config.policy.clientAllow);
  const deny = new TypeMatcher(config.policy.clientDeny);
  const held = new Set<string>(MEDIA_ONLY_EXCLUDED);
  if (config.liveInstructions !== null) held.add('session.instructions.append');
  if (config.liveDelegation !== null) for (const type of DELEGATION_HELD_EXCLUDED) held.add(type);
  const base = Array.isArray(given.allowed_client_events) ? given.allowed_client_events : [...LIVE_CLIENT_EVENT_TYPES.keys()];
  const narrowed = base.filter((type) => !held.has(type) && (allow.empty || allow.matches(type)) && !deny.matches(type));
  const narrowedAny = narrowed.length !== base.filter((type) => !MEDIA_ONLY_EXCLUDED.includes(type)).length;
  return Array.isArray(given.allowed_client_events) || narrowedAny ? narrowed : undefined;
}

function serverEvents(config: LiveHolds, given: DataChannelConfig): DataChannelConfig['allowed_server_events'] {
  const list = given.allowed_server_events;
  if (!relaysSnapshots(config)) return list;
  const base = Array.isArray(list) ? list : everyServerSelector();
  return base.filter((selector) => !LIVE_SESSION_SNAPSHOTS.includes(selector.type));
}

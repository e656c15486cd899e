// The `client.data_channel` the relay gives each Live WebRTC session it creates. Over WebRTC the
// browser's data channel goes straight to the API, so the relay cannot refuse a frame on the way
// as it does on the WebSocket path; what it can do is have the API refuse it, through the
// session's allow-lists (live.d.ts DataChannelConfig: "Client event types that the frontend data
// channel may send"). The client list starts from RELAY_LIVE_DATA_CHANNEL (or every Live client
// event) and loses what the relay's own lists refuse and what would touch a held field:
// `session.instructions.append` when it holds the instructions, `session.update` when it holds the
// delegation. The server list is RELAY_LIVE_DATA_CHANNEL's as given (the relay's server lists
// name outer types; Responses events need `response_event` selectors the relay cannot derive).
import type { DataChannelConfig } from 'openai/resources/live/live';
import type { RelayConfig } from './config';
import { TypeMatcher } from './policy';
import { LIVE_CLIENT_EVENT_TYPES } from '../src/lib/protocol/live-validate';

/** Client events a WebRTC frontend never sends (its session started at creation; its audio is a track). */
const MEDIA_ONLY_EXCLUDED = ['session.start', 'session.input_audio.append'];

/** The data-channel lists to force into the session, or null to leave the browser's own. */
export function frontendPermissions(config: Pick<RelayConfig, 'liveDataChannel' | 'liveInstructions' | 'liveDelegation' | 'policy'>): DataChannelConfig | null {
  const given = (config.liveDataChannel ?? {}) as DataChannelConfig;
  const allow = new TypeMatcher(config.policy.clientAllow);
  const deny = new TypeMatcher(config.policy.clientDeny);
  const held = new Set<string>(MEDIA_ONLY_EXCLUDED);
  if (config.liveInstructions !== null) held.add('session.instructions.append');
  if (config.liveDelegation !== null) held.add('session.update');
  const base = Array.isArray(given.allowed_client_events) ? given.allowed_client_events : [...LIVE_CLIENT_EVENT_TYPES.keys()];
  const narrowed = base.filter((type) => !held.has(type) && (allow.empty || allow.matches(type)) && !deny.matches(type));
  const narrowedAny = narrowed.length !== base.filter((type) => !MEDIA_ONLY_EXCLUDED.includes(type)).length;
  const clientList = Array.isArray(given.allowed_client_events) || narrowedAny ? narrowed : undefined;
  if (clientList === undefined && given.allowed_server_events === undefined) return null;
  return {
    ...(clientList !== undefined ? { allowed_client_events: clientList } : {}),
    ...(given.allowed_server_events !== undefined ? { allowed_server_events: given.allowed_server_events } : {}),
  };
}

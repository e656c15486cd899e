// What `session.start` resolves to (the `session` of `session.started`), and the checks the
// schema cannot make: the model list, and the parts the simulator does not simulate.
import type { MediaSessionConfig, SessionConfig, SessionResource, SessionUpdateConfig } from 'openai/resources/live/live';
import { validateLiveSessionConfig } from '../../src/lib/protocol/live-validate';
import { makeId } from '../ids';
import { SIMULATOR_SESSION_PREFIX } from '../../src/lib/protocol/simulator-ids';
import { LIVE_ERROR_CODES, schemaErrorToLive, type LiveErrorDetails } from './live-errors';

/** The Live models (live.d.ts names `gpt-live-1`; the guides add `gpt-live-1.1`). */
export const LIVE_MODELS: readonly string[] = ['gpt-live-1', 'gpt-live-1.1'];
/** Voice when none is given (live.d.ts: "Defaults to `marin`"). */
export const LIVE_DEFAULT_VOICE = 'marin';
/** The simulator's session lifetime, for `expires_at` (the docs give no figure for Live). */
export const LIVE_SESSION_LIFETIME_S = 60 * 60;

export type LiveDetails = Omit<LiveErrorDetails, 'clientEventId'>;

/** The resolved session, or the error `session.start` gets. */
export function resolveSessionStart(session: unknown, models: readonly string[] = LIVE_MODELS): SessionResource | LiveDetails {
  const check = validateLiveSessionConfig(session);
  if (!check.valid) return schemaErrorToLive(check.errors[0] ?? '/: is invalid', 'session');
  return resolveSession(session as SessionConfig, models);
}

/**
 * A session config already checked against its schema (`session.start`'s, or the `session` of
 * `POST /v1/live/sessions`, whose audio has no format: WebRTC negotiates it) → the resolved
 * session, or why it is refused.
 */
export function resolveSession(
  config: SessionConfig | MediaSessionConfig,
  models: readonly string[] = LIVE_MODELS,
  transport: 'websocket' | 'webrtc' = 'websocket',
): SessionResource | LiveDetails {
  if (!models.includes(config.model)) {
    return { code: LIVE_ERROR_CODES.modelNotFound, param: 'session.model', message: `The model '${config.model}' does not exist or you do not have access to it.` };
  }
  const delegation = config.delegation ?? { type: 'client' as const };
  const format = config.audio && 'format' in config.audio ? config.audio.format : undefined;
  const resolved: SessionResource = {
    id: makeId(SIMULATOR_SESSION_PREFIX),
    expires_at: Math.floor(Date.now() / 1000) + LIVE_SESSION_LIFETIME_S,
    model: config.model,
    status: 'active',
    // A media session has no wire format to report (live.d.ts: "WebRTC and SIP negotiate their media format").
    audio: { ...(transport === 'webrtc' ? {} : { format: format ?? { type: 'audio/pcm', rate: 24000 } }), output: { voice: config.audio?.output?.voice ?? LIVE_DEFAULT_VOICE } },
    // 400 for Decisions sessions, 0 for others (live.d.ts acknowledgement_delay_ms).
    delegation: { ...delegation, acknowledgement_delay_ms: delegation.acknowledgement_delay_ms ?? (delegation.type === 'decisions' ? 400 : 0) },
    instructions: config.instructions ?? null,
    store: config.store ?? false,
  };
  if (config.input) resolved.input = config.input;
  if (config.client) resolved.client = config.client;
  if (config.triggers?.length) resolved.triggers = config.triggers;
  return resolved;
}

/** `session.update`: only delegation settings change, and never the delegation type. */
export function applySessionUpdate(current: SessionResource, update: SessionUpdateConfig): SessionResource | LiveDetails {
  // Triggers: omitted keeps them, a list replaces them, an empty list turns them off (live.d.ts).
  if (update.triggers !== undefined) current = { ...current, triggers: update.triggers };
  if (!update.delegation) return current;
  const type = current.delegation?.type ?? 'client';
  if (update.delegation.type !== type) {
    return { code: LIVE_ERROR_CODES.invalidValue, param: 'session.delegation.type', message: `The delegation type cannot change (the session delegates to '${type}').` };
  }
  const next = { ...current.delegation, ...update.delegation } as NonNullable<SessionResource['delegation']>;
  if (next.type === 'responses' && update.delegation.type === 'responses' && current.delegation?.type === 'responses') {
    next.responses = { ...current.delegation.responses, ...update.delegation.responses };
  }
  if (next.type === 'decisions' && update.delegation.type === 'decisions' && current.delegation?.type === 'decisions') {
    next.decisions = { ...current.delegation.decisions, ...update.delegation.decisions };
  }
  return { ...current, delegation: next };
}

export function isDetails(value: SessionResource | LiveDetails): value is LiveDetails {
  return 'code' in value;
}

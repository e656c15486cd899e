// A fork's `session.start` (forks.d.ts ForkSessionStartEvent; its `session` is live.d.ts
// ForkSessionConfig, already checked against the schema, so a `model` is `unknown_parameter`)
// resolved against the stored session: the model, voice, instructions, triggers and conversation
// are inherited; the overrides the types allow apply: `audio.format` (WebSocket forks), `store`,
// and the Responses backend (`delegation`, only when the stored session already delegates to
// Responses: "the delegation type cannot change"). `client` is "not supported for WebSocket forks".
// Types and docs differ here: live.d.ts declares `client` in ForkSessionConfig, the WebSocket
// fork's `session.start`, while its own comment and the API reference (forks connect; the WebRTC
// fork's MediaSessionForkConfig) allow client overrides on WebRTC forks only: refused below. The
// types call the source just "a stored session"; the reference's examples fork "a stored, closed
// session whose recording has finalized" (live-store.ts refuses an active one).
import type { ForkSessionConfig, MediaSessionForkConfig, SessionResource } from 'openai/resources/live/live';
import { makeId } from '../ids';
import { SIMULATOR_SESSION_PREFIX } from '../../src/lib/protocol/simulator-ids';
import { LIVE_ERROR_CODES } from './live-errors';
import { LIVE_SESSION_LIFETIME_S, type LiveDetails } from './live-config';
import type { StoredLiveSession } from './live-store';

export function resolveForkStart(stored: StoredLiveSession, overrides: ForkSessionConfig): SessionResource | LiveDetails {
  if (overrides.client !== undefined) {
    return { code: LIVE_ERROR_CODES.invalidValue, param: 'session.client', message: 'client overrides are only supported for WebRTC forks (live.d.ts ForkSessionConfig).' };
  }
  const format = overrides.audio?.format ?? stored.session.audio?.format ?? { type: 'audio/pcm', rate: 24000 };
  return forkOf(stored, overrides, format);
}

/**
 * A WebRTC fork (`POST /v1/live/sessions/{id}/fork`, sessions.d.ts SessionForkParams): the
 * overrides are live.d.ts MediaSessionForkConfig (`client`, `delegation`, `store`), the audio
 * format negotiated on the peer ("audio.format is only supported on WebSocket forks"). Omitted
 * data-channel permissions inherit the stored ones.
 */
export function resolveMediaFork(stored: StoredLiveSession, overrides: MediaSessionForkConfig = {}): SessionResource | LiveDetails {
  const resolved = forkOf(stored, overrides, undefined);
  if (isForkDetails(resolved) || overrides.client === undefined) return resolved;
  const inherited = stored.session.client?.data_channel ?? {};
  return { ...resolved, client: { ...stored.session.client, data_channel: { ...inherited, ...overrides.client.data_channel } } };
}

function isForkDetails(value: SessionResource | LiveDetails): value is LiveDetails {
  return 'code' in value;
}

function forkOf(stored: StoredLiveSession, overrides: Pick<ForkSessionConfig, 'delegation' | 'store'>, format: NonNullable<SessionResource['audio']>['format']): SessionResource | LiveDetails {
  const base = stored.session;
  let delegation = base.delegation;
  if (overrides.delegation !== undefined) {
    const storedDelegation = base.delegation;
    if (storedDelegation?.type !== 'responses') {
      return {
        code: LIVE_ERROR_CODES.invalidValue,
        param: 'session.delegation',
        message: `Delegation overrides need a stored session that delegates to Responses (this one delegates to '${storedDelegation?.type ?? 'client'}'); the delegation type cannot change.`,
      };
    }
    const { responses, acknowledgement_delay_ms: delay } = overrides.delegation;
    delegation = {
      ...storedDelegation,
      ...(delay !== undefined ? { acknowledgement_delay_ms: delay } : {}),
      responses: { ...storedDelegation.responses, ...responses } as typeof storedDelegation.responses,
    };
  }
  const { format: _storedFormat, ...audio } = base.audio ?? {};
  const session: SessionResource = {
    ...base,
    id: makeId(SIMULATOR_SESSION_PREFIX),
    expires_at: Math.floor(Date.now() / 1000) + LIVE_SESSION_LIFETIME_S,
    status: 'active',
    // A media fork reports no wire format, as a media session (live-config.ts).
    audio: format ? { ...audio, format } : audio,
    delegation,
    // Omission inherits the stored session's setting (ForkSessionConfig.store).
    store: overrides.store ?? base.store ?? false,
  };
  // The docs do not say how a fork's `session.started` shows the conversation it inherits; the
  // simulator lists it as the startup history (`input`, InitialItem), so a client can see it.
  if (stored.history.length) session.input = stored.history;
  else delete session.input;
  return session;
}

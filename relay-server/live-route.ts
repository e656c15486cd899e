// The relay's GPT-Live route: a browser's WebSocket on `/v1/live/sessions` (the API's own path,
// no query string) becomes a relay session to the upstream's Live endpoint, with the Live policy
// (live-policy.ts) and Live-shaped `error` events. Access control, limits, logging and draining
// are the Realtime path's (server.ts).
import type { ErrorEvent as LiveErrorEvent } from 'openai/resources/live/live';
import type { RelayConfig } from './config';
import { relayEventId, type RelayErrorCode, type RelayErrorDetails } from './error-event';
import { createLivePolicy } from './live-policy';
import type { Policy } from './policy';
import type { ModelChoice } from './access';
import { TOKEN_QUERY_PARAMETER } from './access';
import { isLiveSessionId, liveUrl } from './upstream-endpoints';

export const LIVE_RELAY_PATH = '/v1/live/sessions';

export function isLiveRelayPath(pathname: string): boolean {
  return pathname.replace(/\/+$/, '') === LIVE_RELAY_PATH || liveForkOf(pathname) !== null;
}

const FORK_PATH = /^\/v1\/live\/sessions\/([^/]+)\/fork\/?$/;

/** The stored session id of a fork path (`/v1/live/sessions/{id}/fork`, forks.d.ts), or null. */
export function liveForkOf(pathname: string): string | null {
  const id = FORK_PATH.exec(pathname)?.[1];
  return isLiveSessionId(id) ? id : null;
}

/**
 * The upstream Live URL, from the one setting OPENAI_REALTIME_URL: `…/v1/realtime` →
 * `…/v1/live/sessions`, with no query (Live takes none: the guides say connect "with no query
 * parameters"), so pointing the relay at the simulator moves this route too.
 */
export function liveUpstreamUrl(realtimeUrl: string): string {
  return liveUrl(realtimeUrl, 'ws');
}

/** An `error` event in Live's shape (live.d.ts ErrorEvent: no `event_id` inside `error`, no nulls). */
export function liveRelayErrorEvent(code: RelayErrorCode, message: string, details: RelayErrorDetails = {}): string {
  const error: LiveErrorEvent['error'] = { type: details.errorType ?? 'invalid_request_error', code, message };
  if (details.param) error.param = details.param;
  if (details.clientEventId) error.client_event_id = details.clientEventId;
  const event: LiveErrorEvent = { type: 'error', event_id: relayEventId(), error };
  if (details.clientEventId) event.client_event_id = details.clientEventId;
  return JSON.stringify(event);
}

/**
 * A Live session names its model in `session.start`, never in the URL: any query parameter but
 * the relay's own access token is refused (the model is checked by the Live policy instead).
 */
export function liveModelChoice(target: URL): ModelChoice {
  const extra = [...target.searchParams.keys()].find((key) => key !== TOKEN_QUERY_PARAMETER);
  if (extra !== undefined) return { ok: false, message: `relay: a Live session takes no "${extra}" query parameter; the model goes in session.start` };
  return { ok: true, model: 'GPT-Live (checked in session.start)' };
}

/** What a Live relay session is made of, once per relay. */
export function liveSessionParts(config: RelayConfig): { upstreamUrl: string; policy: Policy; upstreamFor: (pathname: string) => string; policyFor: (pathname: string) => Policy } {
  const limits = { maxJsonDepth: config.maxJsonDepth, maxInspectedBytes: config.maxInspectedBytes };
  const upstreamUrl = liveUpstreamUrl(config.upstreamUrl);
  const policy = createLivePolicy(config.policy, config, limits);
  const forkPolicy = createLivePolicy(config.policy, config, limits, true);
  return {
    upstreamUrl,
    policy,
    // A fork goes to the same stored session's fork upstream, under the same access control.
    upstreamFor: (pathname) => {
      const forkOf = liveForkOf(pathname);
      return forkOf === null ? upstreamUrl : liveUrl(config.upstreamUrl, 'ws', `/${encodeURIComponent(forkOf)}/fork`);
    },
    policyFor: (pathname) => (liveForkOf(pathname) === null ? policy : forkPolicy),
  };
}

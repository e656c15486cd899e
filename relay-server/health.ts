// Load balancer checks. `GET /health`: the process is alive and answering (restart it if not).
// `GET /ready`: it should be sent new sessions: not draining and the upstream reachable
// (upstream-health.ts). 503 when not ready, so a check that reads only the status works.
import type { RelayContext, RelayFeature } from './routes';
import { answerJson } from './routes';
import type { UpstreamHealth } from './upstream-health';

export interface Readiness {
  ready: boolean;
  /** Why not, in words; absent when ready. */
  reason?: string;
}

export function readiness(context: Pick<RelayContext, 'draining'>, upstream: UpstreamHealth): Readiness {
  if (context.draining()) return { ready: false, reason: 'draining' };
  const state = upstream.state();
  if (state === 'unknown') return { ready: false, reason: 'upstream not probed yet' };
  if (state === 'unreachable') return { ready: false, reason: `upstream unreachable (${upstream.why() || 'unknown error'})` };
  return { ready: true };
}

export function healthFeature(context: RelayContext, upstream: UpstreamHealth): RelayFeature {
  return {
    routes: [
      {
        method: 'GET',
        path: '/health',
        handle: (_req, res) => answerJson(res, 200, { ok: true, sessions: context.activeSessions() }),
      },
      {
        method: 'GET',
        path: '/ready',
        handle: (_req, res) => {
          const state = readiness(context, upstream);
          answerJson(res, state.ready ? 200 : 503, { ...state, sessions: context.activeSessions() });
        },
      },
    ],
    close: () => upstream.stop(),
  };
}

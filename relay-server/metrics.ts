// `GET /metrics` in the Prometheus text format, through prom-client (the Node client Prometheus
// lists): the relay's own counters and histograms and the process's (CPU, memory, event loop
// delay). Each relay has its own registry, so several relays in one process (tests) stay apart.
// Label values that come from clients (event types, close codes) are bounded: a hostile browser
// must not grow the registry without limit by inventing types.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { presentedToken, tokensEqual } from './access';
import { parseRequestTarget } from './request-target';
import { answer, type RelayContext, type RelayFeature } from './routes';
import type { Closer, Direction, PolicyAction, SessionObserver, UpstreamFailure } from './session-observer';
import { WS_CLOSE_CODES } from '../src/lib/protocol/close-codes';
import { CLOSE_CODES } from './close-codes';

/** Distinct event types kept as label values; later ones count as `other`. */
export const MAX_TYPE_LABELS = 100;
const TYPE_SHAPE = /^[a-z0-9_.]{1,64}$/;
const KNOWN_CODES = new Set<number>([...Object.values(WS_CLOSE_CODES), ...Object.values(CLOSE_CODES), 1005]);

export interface RelayMetrics {
  registry: Registry;
  /** Counts a session from its start; the returned observer reports its traffic and end. */
  observer: SessionObserver;
  sessionStarted(): void;
  /** A new session refused before it started (draining, limits, access), by reason. */
  refused(reason: string): void;
  /** A request a feature's route answered (/token, /session, /twiml, /call…): the route's own path, never the request's. */
  httpRequest(method: string, route: string, status: number): void;
}

/** The process's own metrics, collected once however many relays the process runs. */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(context: Pick<RelayContext, 'activeSessions' | 'draining'>, ready: () => boolean): RelayMetrics {
  processMetrics(); // started now, so the event loop delay covers the relay's whole life
  const registry = new Registry();
  const registers = [registry];
  new Gauge({ name: 'relay_sessions_open', help: 'Relay sessions open now', registers, collect() { this.set(context.activeSessions()); } });
  new Gauge({ name: 'relay_ready', help: '1 when GET /ready answers 200', registers, collect() { this.set(ready() ? 1 : 0); } });
  new Gauge({ name: 'relay_draining', help: '1 while the relay drains (SIGTERM)', registers, collect() { this.set(context.draining() ? 1 : 0); } });
  const started = new Counter({ name: 'relay_sessions_started_total', help: 'Relay sessions accepted', registers });
  const refused = new Counter({ name: 'relay_sessions_refused_total', help: 'Sessions refused before they started, by reason', labelNames: ['reason'], registers });
  const closed = new Counter({ name: 'relay_sessions_closed_total', help: 'Relay sessions ended, by close code and by who closed first', labelNames: ['code', 'closer'], registers });
  const frames = new Counter({ name: 'relay_frames_total', help: 'Frames sent on, by direction', labelNames: ['direction'], registers });
  const bytes = new Counter({ name: 'relay_bytes_total', help: 'Frame payload bytes sent on, by direction', labelNames: ['direction'], registers });
  const policy = new Counter({ name: 'relay_policy_events_total', help: 'Events the policy denied (client), dropped (server) or rewrote, by type', labelNames: ['action', 'side', 'type'], registers });
  const http = new Counter({ name: 'relay_http_requests_total', help: 'Requests answered by the route table (health, metrics, /token, /session, phone webhooks…), by route and status', labelNames: ['method', 'route', 'status'], registers });
  const connectFailures = new Counter({ name: 'relay_upstream_failures_total', help: 'Upstream handshakes that failed, by kind', labelNames: ['kind'], registers });
  const connectTime = new Histogram({
    name: 'relay_upstream_connect_seconds',
    help: 'From the browser accepted to the upstream socket open',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const sessionLength = new Histogram({
    name: 'relay_session_duration_seconds',
    help: 'How long relay sessions lasted',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers,
  });

  // Bound once: a frame costs a property add, not a label lookup.
  const frameCounters: Record<Direction, { frames: Counter.Internal; bytes: Counter.Internal }> = {
    to_upstream: { frames: frames.labels('to_upstream'), bytes: bytes.labels('to_upstream') },
    to_browser: { frames: frames.labels('to_browser'), bytes: bytes.labels('to_browser') },
  };
  const typesSeen = new Set<string>();
  const typeLabel = (type: string | null): string => {
    if (type === null) return '(unreadable)';
    if (!TYPE_SHAPE.test(type)) return 'other';
    if (typesSeen.has(type)) return type;
    if (typesSeen.size >= MAX_TYPE_LABELS) return 'other';
    typesSeen.add(type);
    return type;
  };
  const codeLabel = (code: number): string => (KNOWN_CODES.has(code) ? String(code) : code >= 4000 && code <= 4999 ? '4xxx' : code >= 3000 && code <= 3999 ? '3xxx' : 'other');

  const observer: SessionObserver = {
    frame(direction, size) {
      const counters = frameCounters[direction];
      counters.frames.inc();
      counters.bytes.inc(size);
    },
    policy: (action: PolicyAction, side, type) => policy.inc({ action, side, type: typeLabel(type) }),
    upstreamOpened: (ms) => connectTime.observe(ms / 1000),
    upstreamFailed: (failure: UpstreamFailure) => connectFailures.inc({ kind: failure }),
    ended: (code, closer: Closer | null, seconds) => {
      closed.inc({ code: codeLabel(code), closer: closer ?? 'unknown' });
      sessionLength.observe(seconds);
    },
  };
  return {
    registry,
    observer,
    sessionStarted: () => started.inc(),
    refused: (reason) => refused.inc({ reason }),
    httpRequest: (method, route, status) => http.inc({ method, route, status: String(status) }),
  };
}

async function respond(registry: Registry, res: ServerResponse): Promise<void> {
  const both = Registry.merge([processMetrics(), registry]);
  answer(res, 200, both.contentType, await both.metrics());
}

/**
 * /metrics on the relay's port (behind the access token when one is set), or, with metricsPort,
 * only on its own listener bound to 127.0.0.1. Resolves once that listener is up.
 */
export async function metricsFeature(context: RelayContext, metrics: RelayMetrics): Promise<RelayFeature & { url: string | null }> {
  const { config } = context;
  const adminPort = config.metricsPort;
  if (adminPort === null) {
    return {
      url: null,
      routes: [
        {
          method: 'GET',
          path: '/metrics',
          handle: async (req, res, target) => {
            const token = config.accessToken === null ? null : presentedToken(req, target);
            if (config.accessToken !== null && (token === null || !tokensEqual(token, config.accessToken))) {
              answer(res, 401, 'text/plain', 'relay: /metrics needs the access token (Authorization: Bearer TOKEN)\n', { 'www-authenticate': 'Bearer' });
              return;
            }
            await respond(metrics.registry, res);
          },
        },
      ],
    };
  }
  const admin: Server = createServer((req, res) => {
    const target = parseRequestTarget(req.url);
    if (req.method === 'GET' && target?.pathname === '/metrics') {
      respond(metrics.registry, res).catch((error: Error) => {
        context.log(`relay: /metrics failed: ${error.message}`);
        if (!res.headersSent) answer(res, 500, 'text/plain', 'relay: internal error\n');
      });
    } else answer(res, 404, 'text/plain', 'relay admin: only GET /metrics here\n');
  });
  admin.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    admin.once('error', reject);
    admin.listen(adminPort, '127.0.0.1', () => {
      admin.off('error', reject);
      resolve();
    });
  });
  admin.on('error', (error: Error) => context.log(`relay: metrics listener error: ${error.message}`));
  const { port } = admin.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        admin.close(() => resolve());
        admin.closeAllConnections();
      }),
  };
}

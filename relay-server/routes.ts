// The relay's HTTP surface as a table: each feature (health, metrics, tokens, phone calls…) is
// a module that returns its routes, and server.ts only lists the modules. The server resolves a
// request to one route, or answers 404/405 itself, so no feature sees another's requests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Registry } from 'prom-client';
import type { RelayConfig } from './config';
import type { LogSink } from './logging';
import type { Closable } from './shutdown';

/** What every feature may read about the running relay. */
export interface RelayContext {
  /** The settings in effect (the key included: never log or answer with this object). */
  config: RelayConfig;
  /** The relay's logger: secrets redacted, controls escaped. */
  log: LogSink;
  /** Relay sessions open right now. */
  activeSessions(): number;
  /** True from the start of a drain (SIGTERM) until exit: no new sessions are accepted. */
  draining(): boolean;
  /** The relay's Prometheus registry (metrics.ts): a feature registers its own metrics here. */
  metrics: Registry;
  /** A feature's session (see RelayFeature.sessions) ended: a drain waiting for the last one may end early. */
  sessionEnded(): void;
}

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
  /** Exact pathname (no trailing-slash or case folding: a path is what it says). */
  path: string;
  /** `target` is the parsed request URL (request-target.ts). May answer asynchronously; must answer. */
  handle(req: IncomingMessage, res: ServerResponse, target: URL): void | Promise<void>;
}

/** A WebSocket upgrade on its own path (e.g. a phone media stream); other paths are relay sessions. */
export interface UpgradeRoute {
  path: string;
  handle(req: IncomingMessage, socket: Duplex, head: Buffer, target: URL): void;
}

/** One feature's part of the relay. */
export interface RelayFeature {
  routes?: HttpRoute[];
  upgrades?: UpgradeRoute[];
  /**
   * The feature's own open sessions (phone calls, sidebands): a drain gives them its grace, then
   * closes them with 1012, like the relay's WebSocket sessions. Report each end with
   * `context.sessionEnded()`.
   */
  sessions?(): Iterable<Closable>;
  /** Called once when the relay closes (after sessions ended), to stop timers and sockets. */
  close?(): void | Promise<void>;
}

export type RouteMatch = { kind: 'route'; route: HttpRoute } | { kind: 'wrong-method'; allowed: string[] } | { kind: 'none' };

/** Checks that no two features claim the same method and path; throws naming the clash. */
export function checkRoutes(features: readonly RelayFeature[]): void {
  const seen = new Set<string>();
  for (const route of features.flatMap((feature) => feature.routes ?? [])) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`relay: two features claim ${key}`);
    seen.add(key);
  }
  const upgrades = new Set<string>();
  for (const upgrade of features.flatMap((feature) => feature.upgrades ?? [])) {
    if (upgrades.has(upgrade.path)) throw new Error(`relay: two features claim the upgrade path ${upgrade.path}`);
    upgrades.add(upgrade.path);
  }
}

export function matchRoute(features: readonly RelayFeature[], method: string | undefined, pathname: string): RouteMatch {
  const onPath = features.flatMap((feature) => feature.routes ?? []).filter((route) => route.path === pathname);
  const route = onPath.find((candidate) => candidate.method === method) ?? (method === 'HEAD' ? onPath.find((candidate) => candidate.method === 'GET') : undefined);
  if (route) return { kind: 'route', route };
  if (onPath.length) return { kind: 'wrong-method', allowed: onPath.map((candidate) => candidate.method) };
  return { kind: 'none' };
}

export function matchUpgrade(features: readonly RelayFeature[], pathname: string): UpgradeRoute | null {
  return features.flatMap((feature) => feature.upgrades ?? []).find((upgrade) => upgrade.path === pathname) ?? null;
}

/** A complete answer with a length (keep-alive safe) and no caching. */
export function answer(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export function answerJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  answer(res, status, 'application/json', JSON.stringify(value), headers);
}

// Serves the console's production build with its runtime-config.js replaced, so the same
// build/ talks to the demo's relay without rebuilding. The e2e harness's serveBuild uses it too.
// Only files really inside the build are served (no dotfiles, no symlinks out of it), each with
// nosniff, no referrer, and a Content-Security-Policy that forbids framing.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { SIMULATED_WEATHER_PATH, simulatedForecast } from './weather-service';

export interface AppServerOptions {
  buildDir: string;
  host: string;
  /** 0 picks a free port (the returned url names it). */
  port: number;
  /**
   * What the page reads as window.REALTIME_CONSOLE_CONFIG (see src/config.ts). Omitted: the
   * build's own runtime-config.js is served like any other file.
   */
  runtimeConfig?: Record<string, unknown>;
  /** A request's headers must arrive within this (a half-sent request is dropped with 408). */
  headersTimeoutMs?: number;
  /** A whole request (headers and body) must arrive within this. */
  requestTimeoutMs?: number;
  /** Connections open at once; more are dropped (a page needs a handful). */
  maxConnections?: number;
  /**
   * Also answer the simulated weather service (weather-service.ts) at SIMULATED_WEATHER_PATH,
   * on this origin (the page's CSP allows 'self').
   */
  simulatedWeather?: boolean;
}

/** Static files for one browser on this machine: seconds, not Node's minutes, and a small cap. */
export const APP_SERVER_LIMITS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 256 } as const;

export interface RunningAppServer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
};

/** The build's hashed files never change; the page and its config must be re-read each load. */
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-cache';

export function runtimeConfigScript(config: Record<string, unknown>): string {
  // `<` escaped so a value can never close a script element.
  return `window.REALTIME_CONSOLE_CONFIG = ${JSON.stringify(config).replace(/</g, '\\u003c')};\n`;
}

/** Hosts the console reaches besides its own origin (see src/tools/weather.ts, WeatherMap.tsx, config.ts). */
export const OPEN_METEO_ORIGIN = 'https://api.open-meteo.com';
export const MAP_TILE_ORIGIN = 'https://tile.openstreetmap.org';
export const DEFAULT_REALTIME_ORIGIN = 'wss://api.openai.com';

/** `ws://host:port` for a configured URL, or null when CSP cannot name it (not a URL, IPv6). */
function cspOrigin(url: unknown): string | null {
  if (typeof url !== 'string' || !url.trim()) return null;
  try {
    const parsed = new URL(url.trim());
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(parsed.protocol) || parsed.hostname.startsWith('[')) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** `ws://host:port` → `http://host:port`, `wss:` → `https:` (an http(s) origin stays as it is). */
function httpTwin(origin: string): string {
  return origin.replace(/^ws(s?):/, 'http$1:');
}

/**
 * Where the page may open connections. With a runtime config naming the relay or the API, only
 * those origins and their http(s) twins (and the API's default): a script injected into the page
 * cannot send the key anywhere else. Without one, the build's own runtime-config.js or its
 * REACT_APP_* values (set at build time, unknown here) may name any relay, so any endpoint is
 * allowed: ws:/wss: for the WebSocket, and http:/https: for WebRTC, which posts its offer to that
 * relay's /session or /token. The http(s) schemes widen nothing that matters here: a page that
 * may open a WebSocket anywhere can already send anything anywhere.
 */
export function connectSources(runtimeConfig?: Record<string, unknown>): string[] {
  const sources = ["'self'", OPEN_METEO_ORIGIN, DEFAULT_REALTIME_ORIGIN, httpTwin(DEFAULT_REALTIME_ORIGIN)];
  const urls = runtimeConfig ? [runtimeConfig.relayUrl, runtimeConfig.realtimeUrl].filter((u) => typeof u === 'string' && u.trim()) : [];
  // Each with its http(s) twin: WebRTC posts its offer to the relay's /session or /token, or to the API's /calls.
  const origins = urls.map(cspOrigin).flatMap((origin) => (origin === null ? [null] : [origin, httpTwin(origin)]));
  // A weather service on another origin (absolute weatherUrl); a path is this origin ('self').
  const weather = cspOrigin(runtimeConfig?.weatherUrl);
  if (weather) sources.push(weather);
  if (urls.length === 0 || origins.includes(null)) return [...new Set([...sources, 'ws:', 'wss:', 'http:', 'https:'])];
  return [...new Set([...sources, ...(origins as string[])])];
}

/** sha256 sources for the inline scripts of the page (CRA can inline its runtime chunk). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (match[1]) hashes.push(`'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

export function contentSecurityPolicy(options: { runtimeConfig?: Record<string, unknown>; inlineScriptHashes?: string[] } = {}): string {
  return [
    "default-src 'self'",
    // blob: for the AudioWorklet modules wavtools loads from a Blob URL (load-worklet.ts; worklets
    // fall under script-src); 'unsafe-eval' because Ajv compiles the protocol schema with
    // new Function (the event log's validator); no 'unsafe-inline': injected markup cannot run script.
    `script-src 'self' blob: 'unsafe-eval' ${(options.inlineScriptHashes ?? []).join(' ')}`.trim(),
    // One worker, from the build itself: Open session reads a recording in it
    // (src/components/inspector/recording.worker.ts); no blob: or other origin.
    "worker-src 'self'",
    // React and Leaflet set element.style from script (allowed); the build's CSS is a file.
    "style-src 'self'",
    // data: for the images Leaflet's CSS inlines; blob: for generated images.
    `img-src 'self' data: blob: ${MAP_TILE_ORIGIN}`,
    "font-src 'self' data:",
    // The WAV players play Blob URLs.
    "media-src 'self' blob: data:",
    `connect-src ${connectSources(options.runtimeConfig).join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const buildDir = resolve(options.buildDir);
  const configScript = options.runtimeConfig ? runtimeConfigScript(options.runtimeConfig) : null;
  const indexFile = join(buildDir, 'index.html');
  // Recomputed when index.html changes (a rebuild under a running server).
  let policy = { stamp: '', value: '' };
  const securityHeaders = (): OutgoingHttpHeaders => {
    let stamp = 'none';
    let html = '';
    try {
      const stat = statSync(indexFile);
      stamp = `${stat.mtimeMs}:${stat.size}`;
      if (stamp !== policy.stamp) html = readFileSync(indexFile, 'utf8');
    } catch {
      // No page yet: the policy without inline hashes.
    }
    if (stamp !== policy.stamp) policy = { stamp, value: contentSecurityPolicy({ runtimeConfig: options.runtimeConfig, inlineScriptHashes: inlineScriptHashes(html) }) };
    return {
      'content-security-policy': policy.value,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
  };
  /** The file's real path when it is a file really inside the build (symlinks resolved), else null. */
  const realFileInBuild = (file: string): string | null => {
    try {
      const root = realpathSync(buildDir);
      const real = realpathSync(file);
      return real.startsWith(root + sep) && statSync(real).isFile() ? real : null;
    } catch {
      return null;
    }
  };
  const headersTimeout = options.headersTimeoutMs ?? APP_SERVER_LIMITS.headersTimeoutMs;
  const requestTimeout = options.requestTimeoutMs ?? APP_SERVER_LIMITS.requestTimeoutMs;
  // Node checks the timeouts on an interval (30 s by default) that would stretch them: keep it short.
  const server: Server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout) }, (req, res) => {
    const headers = securityHeaders();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://demo').pathname);
    } catch {
      res.writeHead(400, headers).end();
      return;
    }
    // No dotfiles or dot-folders (.env, .git, …), and no `..` however it was encoded.
    if (path.split(/[\\/]/).some((segment) => segment.startsWith('.'))) {
      res.writeHead(404, headers).end();
      return;
    }
    if (path === SIMULATED_WEATHER_PATH && options.simulatedWeather) {
      const search = new URL(req.url ?? '/', 'http://demo').search;
      const answer = simulatedForecast(search);
      res.writeHead(answer.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(answer.body));
      return;
    }
    if (path === '/runtime-config.js' && configScript !== null) {
      res.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES['.js'], 'cache-control': NO_CACHE });
      res.end(req.method === 'HEAD' ? undefined : configScript);
      return;
    }
    const requested = resolve(join(buildDir, path));
    // Anything outside build/, or not a file, gets the single-page app; a symlink out of the
    // build counts as outside.
    const found = requested.startsWith(buildDir + sep) ? realFileInBuild(requested) : null;
    const file = found ?? realFileInBuild(indexFile);
    if (!file) {
      res.writeHead(404, headers).end();
      return;
    }
    const hashed = found !== null && requested.startsWith(join(buildDir, 'static') + sep);
    res.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? IMMUTABLE_CACHE : NO_CACHE,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  server.maxConnections = options.maxConnections ?? APP_SERVER_LIMITS.maxConnections;
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen({ port: options.port, host: options.host, exclusive: true }, () => {
      server.off('error', fail);
      const { port } = server.address() as AddressInfo;
      done({
        url: `http://${options.host}:${port}`,
        close: () =>
          new Promise<void>((closed) => {
            server.closeAllConnections();
            server.close(() => closed());
          }),
      });
    });
  });
}

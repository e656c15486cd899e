// Serves the console's production build with its runtime-config.js replaced, so the same
// build/ talks to the demo's relay without rebuilding. The e2e harness's serveBuild uses it too.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

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
}

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

export function startAppServer(options: AppServerOptions): Promise<RunningAppServer> {
  const buildDir = resolve(options.buildDir);
  const configScript = options.runtimeConfig ? runtimeConfigScript(options.runtimeConfig) : null;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://demo').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path === '/runtime-config.js' && configScript !== null) {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.js'], 'cache-control': NO_CACHE });
      res.end(req.method === 'HEAD' ? undefined : configScript);
      return;
    }
    let file = resolve(join(buildDir, path));
    // Anything outside build/, or not a file, gets the single-page app.
    if (!file.startsWith(buildDir + sep) || !existsSync(file) || statSync(file).isDirectory()) file = join(buildDir, 'index.html');
    const hashed = file.startsWith(join(buildDir, 'static') + sep);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? IMMUTABLE_CACHE : NO_CACHE,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
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

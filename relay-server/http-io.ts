// Plain HTTP for the relay's WebRTC routes: reading a bounded request body, answering with JSON
// errors the console can show, and CORS. The console runs on another origin (the dev server on
// :3000, the relay on :8081), and `application/sdp` / `application/json` bodies make the browser
// ask first (a preflight); only origins the relay allows get an answer they may read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { originAllowed } from './access';
import type { RelayConfig } from './config';
import { RELAY_LIVE_RELAYED_EVENTS_HEADER, RELAY_SIDEBAND_TOOLS_HEADER } from '../src/lib/protocol/relay-headers';

type OriginConfig = Pick<RelayConfig, 'allowedOrigins' | 'allowMissingOrigin' | 'accessToken'>;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 400 | 413; message: string };

/** The request body, refused past `limit` bytes (announced or sent) without buffering the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const announced = Number(req.headers['content-length']);
    if (Number.isFinite(announced) && announced > limit) {
      resolve({ ok: false, status: 413, message: `the request body is over ${limit} bytes` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        finish({ ok: false, status: 413, message: `the request body is over ${limit} bytes` });
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => finish({ ok: false, status: 400, message: 'the request body was cut off' }));
    req.on('aborted', () => finish({ ok: false, status: 400, message: 'the request body was cut off' }));
  });
}

/** The media type of a request, lower case, without parameters (`application/json`). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Headers that let an allowed origin read the answer (none for others, or without an Origin). */
export function corsHeaders(req: IncomingMessage, config: OriginConfig): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !originAllowed(origin, config)) return { vary: 'Origin' };
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': `Location, ${RELAY_SIDEBAND_TOOLS_HEADER}, ${RELAY_LIVE_RELAYED_EVENTS_HEADER}`, vary: 'Origin' };
}

/** Answers a CORS preflight for a POST route: allowed origins may send JSON or SDP and a token. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, config: OriginConfig): void {
  const cors = corsHeaders(req, config);
  if (!cors['access-control-allow-origin']) {
    sendJsonError(res, 403, 'relay_origin_not_allowed', `origin ${req.headers.origin ?? '(none)'} is not allowed`, cors);
    return;
  }
  res.writeHead(204, {
    ...cors,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'Content-Type, Authorization',
    'access-control-max-age': '600',
    'content-length': '0',
  });
  res.end();
}

/** The error shape the API uses (`{"error": {type, code, message}}`), so one reader serves both. */
export interface JsonErrorBody {
  error: { type: 'relay_error'; code: string; message: string };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendJsonError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body: JsonErrorBody = { error: { type: 'relay_error', code, message: `relay: ${message}` } };
  sendJson(res, status, body, headers);
}

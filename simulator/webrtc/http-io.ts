// Reading a request body under a size limit and answering with the API's JSON error shape, for
// the simulator's HTTP endpoints (client secrets, calls). Every failure becomes an answer: a
// hostile body is refused, never thrown.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `{"error": {message, type, param, code}}`, the REST API's error body. */
export interface HttpError {
  status: number;
  message: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

export type BodyResult = { ok: true; body: Buffer } | { ok: false; error: HttpError };

/** Reads the whole body, or refuses it once it passes `maxBytes` (413) or the client goes away. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      request.resume(); // drain, so the answer reaches the client
      resolve({ ok: false, error: tooLarge(maxBytes) });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        request.resume();
        finish({ ok: false, error: tooLarge(maxBytes) });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }));
    request.on('error', () => finish({ ok: false, error: { status: 400, message: 'The request body could not be read.', code: 'invalid_body' } }));
    request.on('close', () => finish({ ok: false, error: { status: 400, message: 'The request ended before its body.', code: 'invalid_body' } }));
  });
}

function tooLarge(maxBytes: number): HttpError {
  return { status: 413, message: `The request body is larger than ${maxBytes} bytes.`, code: 'request_too_large' };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export function sendError(response: ServerResponse, error: HttpError): void {
  sendJson(response, error.status, {
    error: { message: error.message, type: error.type ?? 'invalid_request_error', param: error.param ?? null, code: error.code ?? null },
  });
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

// POSTs to the upstream's HTTP endpoints (client_secrets, calls) with the relay's key, and turns
// every way that can go wrong into one readable failure: the upstream's own `error.message`
// (scrubbed of the key: an "Incorrect API key" answer quotes part of it), a timeout, or an
// unreachable host. Redirects are refused: the key must not follow one anywhere.
import { redact } from './logging';

export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export type UpstreamResult =
  | { ok: true; answer: UpstreamAnswer }
  | { ok: false; status: number; code: UpstreamFailureCode; message: string };

export type UpstreamFailureCode = 'relay_upstream_refused' | 'relay_upstream_unreachable' | 'relay_upstream_timeout';

/** Largest upstream answer read (an SDP answer or a client secret is a few kB). */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface PostOptions {
  apiKey: string;
  body: string | FormData;
  contentType?: string;
  accept: string;
  timeoutMs: number;
}

export async function postUpstream(url: string, options: PostOptions): Promise<UpstreamResult> {
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        accept: options.accept,
        ...(options.contentType ? { 'content-type': options.contentType } : {}),
      },
      body: options.body,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, status: 504, code: 'relay_upstream_timeout', message: `the upstream at ${host} did not answer within ${options.timeoutMs} ms` };
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    return { ok: false, status: 502, code: 'relay_upstream_unreachable', message: `cannot reach the upstream at ${host} (${redact(why, [options.apiKey])})` };
  }
  const text = await readLimited(response);
  if (response.status >= 200 && response.status < 300) return { ok: true, answer: { status: response.status, headers: response.headers, text } };
  const detail = redact(errorDetail(text), [options.apiKey]);
  const message = `the upstream refused: HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  return { ok: false, status: forwardedStatus(response.status), code: 'relay_upstream_refused', message };
}

/**
 * The status the browser gets for an upstream refusal: 400 and 429 are about what the browser
 * sent or how often, so they are passed on; anything else (a wrong key above all) is the
 * relay's problem, not the browser's: 502.
 */
function forwardedStatus(status: number): number {
  return status === 400 || status === 429 ? status : 502;
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done || !value) break;
    chunks.push(value);
    size += value.length;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/** The readable part of an error answer: OpenAI sends `{"error": {"message": …}}`. */
function errorDetail(body: string): string {
  const text = body.trim();
  if (!text) return '';
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message.slice(0, 300);
  } catch {
    // not JSON: the text itself
  }
  return text.slice(0, 300);
}

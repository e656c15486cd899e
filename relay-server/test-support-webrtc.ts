// Test helpers for the relay's WebRTC routes: the upstream's HTTP endpoints as a scriptable
// loopback server (`POST /v1/realtime/client_secrets`, `POST /v1/realtime/calls`, multipart
// parsed the way the API would, and GPT-Live's JSON `POST /v1/live/sessions`), recording what reached them; plus a small HTTP client that
// posts like a browser (with an Origin). The sideband's WebSocket lands in the same test
// upstream as the WebSocket path's (test-support.ts), with `?call_id=` in its URL.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** client_secrets: the JSON body; calls: `{sdp, session}` from the multipart form (an `application/sdp` offer: `session` null). */
  body: Record<string, unknown>;
}

export interface ScriptedAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface WebRtcEndpointOptions {
  /** Replaces the default answer of a route (e.g. a 401 with an error body). */
  answer?: (route: 'client_secrets' | 'calls' | 'live', request: RecordedRequest) => ScriptedAnswer | null;
  /** Milliseconds to wait before answering (timeouts). */
  delayMs?: number;
}

export const TEST_CALL_ID = 'rtc_test_0123456789abcdef';
export const TEST_EPHEMERAL_KEY = 'ek_test_abcdef0123456789';
export const TEST_SDP_ANSWER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
export const TEST_SDP_OFFER = 'v=0\r\no=- 99 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n';

/** The `onRequest` of startTestUpstream: the WebRTC endpoints, and what reached them. */
export function webrtcEndpoints(options: WebRtcEndpointOptions = {}) {
  const requests: RecordedRequest[] = [];
  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0];
    const route = path.endsWith('/client_secrets') ? 'client_secrets' : path.endsWith('/calls') ? 'calls' : path.endsWith('/live/sessions') ? 'live' : null;
    if (req.method !== 'POST' || route === null) {
      res.writeHead(404).end();
      return;
    }
    let body: Record<string, unknown> = {};
    try {
      if (route === 'client_secrets' || route === 'live') body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      else if ((req.headers['content-type'] ?? '').startsWith('application/sdp')) body = { sdp: raw.toString('utf8'), session: null };
      else {
        const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
        body = { sdp: form.get('sdp'), session: JSON.parse(String(form.get('session'))) as unknown };
      }
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `unreadable body: ${(error as Error).message}` } }));
      return;
    }
    const request: RecordedRequest = { path: req.url ?? '', headers: req.headers, body };
    requests.push(request);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const scripted = options.answer?.(route, request) ?? defaultAnswer(route, body);
    res.writeHead(scripted.status, scripted.headers ?? {}).end(scripted.body);
  }
  return {
    requests,
    onRequest: (req: IncomingMessage, res: ServerResponse) => {
      onRequest(req, res).catch(() => res.destroy());
    },
  };
}

export const TEST_LIVE_SESSION_ID = 'sess_test_live_0123';

function defaultAnswer(route: 'client_secrets' | 'calls' | 'live', body: Record<string, unknown>): ScriptedAnswer {
  if (route === 'live') {
    const answer = { session: { id: TEST_LIVE_SESSION_ID }, transport: { type: 'webrtc', sdp: TEST_SDP_ANSWER } };
    return { status: 200, body: JSON.stringify(answer), headers: { 'content-type': 'application/json' } };
  }
  if (route === 'calls') {
    return { status: 201, body: TEST_SDP_ANSWER, headers: { 'content-type': 'application/sdp', location: `/v1/realtime/calls/${TEST_CALL_ID}` } };
  }
  const seconds = (body.expires_after as { seconds?: number } | undefined)?.seconds ?? 600;
  const session = { ...(body.session as Record<string, unknown>), id: 'sess_test', object: 'realtime.session' };
  const answer = { value: TEST_EPHEMERAL_KEY, expires_at: Math.floor(Date.now() / 1000) + seconds, session };
  return { status: 200, body: JSON.stringify(answer), headers: { 'content-type': 'application/json' } };
}

export interface PostResult {
  status: number;
  headers: Headers;
  text: string;
  json(): Record<string, unknown>;
}

/** POSTs like the console does (an Origin of the dev server unless told otherwise). */
export async function post(url: string, body: string, options: { type?: string; origin?: string | null; headers?: Record<string, string>; method?: string } = {}): Promise<PostResult> {
  const headers: Record<string, string> = { 'content-type': options.type ?? 'application/json', ...options.headers };
  if (options.origin !== null) headers.origin = options.origin ?? 'http://localhost:3000';
  const response = await fetch(url, { method: options.method ?? 'POST', headers, body: options.method === 'OPTIONS' || options.method === 'GET' ? undefined : body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

// How a WebRTC offer reaches the Realtime API, and every way that can fail, in words a person can
// act on. Three roads: through a relay's `POST /session` (the relay posts the offer with its own
// key: no key reaches the page), through a relay's `POST /token` (the relay mints an `ek_` key,
// the page posts its offer to the API's `/v1/realtime/calls` with it), or straight to the API
// with an `ek_` key the caller already has. The API answers `201` with `application/sdp` and a
// `Location` ending in the call id (`rtc_…`).
import { isRecord } from '../../shared/json';
import { parseToolNames, RELAY_SIDEBAND_TOOLS_HEADER } from '../../protocol/relay-headers';

export type WebRTCSignalling =
  /** The relay's `/session`: `relayUrl` is the relay's URL as the console knows it (ws(s)://host:port, an `?access_token=` kept). */
  | { via: 'relay-session'; relayUrl: string }
  /** The relay's `/token`, then the API's calls endpoint (`realtimeUrl`, e.g. wss://api.openai.com/v1/realtime) with the key. */
  | { via: 'relay-token'; relayUrl: string; realtimeUrl: string }
  /** An ephemeral key (`ek_…`) straight to the API; `expiresAt` (unix seconds) when known. */
  | { via: 'ephemeral-key'; key: string; realtimeUrl: string; expiresAt?: number };

/** What went wrong, for a message and for code that reacts (a key to mint again, a relay to fix). */
export type WebRTCErrorKind = 'sdp-refused' | 'key-expired' | 'unreachable' | 'ice-failed' | 'channel-closed' | 'timeout' | 'no-microphone';

export class WebRTCError extends Error {
  override name = 'WebRTCError';
  constructor(readonly kind: WebRTCErrorKind, message: string) {
    super(message);
  }
}

export interface SdpAnswer {
  sdp: string;
  /** `rtc_…`, from `Location`; null when the server sent none. */
  callId: string | null;
  /** Where the offer went (no key in it), for the log's session line. */
  url: string;
  /** Function tools the relay answers itself on the call's sideband (its `Relay-Sideband-Tools`); the page must not. */
  serverTools: string[];
}

export interface ExchangeOptions {
  /** The session to start with (`{type: "realtime", model, …}`); relays check it against their policy. */
  session?: Record<string, unknown>;
  fetch?: typeof fetch;
  /** Each HTTP request gives up after this long. */
  timeoutMs: number;
}

/** `ws://host:8081/?access_token=T` → `http://host:8081/session?access_token=T`. */
export function relayHttpUrl(relayUrl: string, route: 'session' | 'token' | 'session/live'): string {
  const url = new URL(relayUrl);
  url.protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  url.pathname = `/${route}`;
  return url.toString();
}

/** `wss://api.openai.com/v1/realtime` → `https://api.openai.com/v1/realtime/calls` (query kept, `model` dropped). */
export function callsUrl(realtimeUrl: string): string {
  const url = new URL(realtimeUrl);
  url.protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/calls`;
  url.searchParams.delete('model');
  return url.toString();
}

/** The call id at the end of `Location` (`/v1/realtime/calls/rtc_…`). */
export function callIdOf(location: string | null): string | null {
  const last = location?.split('?')[0].split('/').filter(Boolean).pop() ?? '';
  return /^rtc_[A-Za-z0-9_]+$/.test(last) ? last : null;
}

/** A URL for messages: scheme, host and path, never a query (it may hold an access token). */
export function shown(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** Posts the offer by the chosen road; rejects with a WebRTCError. */
export async function exchangeSdp(offer: string, signalling: WebRTCSignalling, options: ExchangeOptions): Promise<SdpAnswer> {
  if (signalling.via === 'relay-session') {
    const url = relayHttpUrl(signalling.relayUrl, 'session');
    const body = options.session ? JSON.stringify({ sdp: offer, session: options.session }) : offer;
    const type = options.session ? 'application/json' : 'application/sdp';
    const response = await request(url, { body, type }, options, 'the relay');
    return { ...(await answerOf(response, url)), serverTools: parseToolNames(response.headers.get(RELAY_SIDEBAND_TOOLS_HEADER)) };
  }
  let key: string;
  let expiresAt: number | undefined;
  if (signalling.via === 'relay-token') {
    const url = relayHttpUrl(signalling.relayUrl, 'token');
    const response = await request(url, { body: JSON.stringify(options.session ? { session: options.session } : {}), type: 'application/json' }, options, 'the relay');
    const minted = await readJson(response);
    if (!isRecord(minted) || typeof minted.value !== 'string') throw new WebRTCError('sdp-refused', `the relay at ${shown(url)} answered /token without a key`);
    key = minted.value;
    expiresAt = typeof minted.expires_at === 'number' ? minted.expires_at : undefined;
  } else {
    key = signalling.key;
    expiresAt = signalling.expiresAt;
  }
  if (!key.startsWith('ek_')) throw new WebRTCError('key-expired', 'WebRTC in the browser takes an ephemeral key (ek_…), never a standard key');
  if (expiresAt !== undefined && expiresAt * 1000 <= Date.now()) {
    throw new WebRTCError('key-expired', `the ephemeral key expired at ${new Date(expiresAt * 1000).toISOString()}; get a new one`);
  }
  const url = callsUrl(signalling.realtimeUrl);
  return answerOf(await request(url, { body: offer, type: 'application/sdp', key }, options, 'the API'), url);
}

export interface Body {
  body: string;
  type: string;
  /** Sent as `Authorization: Bearer` (an ephemeral key, or a standard one from a trusted server). */
  key?: string;
  keyKind?: 'ephemeral' | 'standard';
  /** The media type of the answer asked for (`Accept`). */
  accept?: string;
}

/** POSTs `body` to `url`; the response when it is 2xx, else a WebRTCError saying what went wrong. */
export async function request(url: string, body: Body, options: ExchangeOptions, who: string): Promise<Response> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = { 'content-type': body.type };
  if (body.key) headers.authorization = `Bearer ${body.key}`;
  if (body.accept) headers.accept = body.accept;
  let response: Response;
  try {
    response = await doFetch(url, { method: 'POST', headers, body: body.body, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new WebRTCError('timeout', `${who} at ${shown(url)} did not answer within ${options.timeoutMs} ms`);
    // A browser says only "Failed to fetch": a refused connection, a CORS refusal and a wrong port look alike.
    throw new WebRTCError('unreachable', `cannot reach ${who} at ${shown(url)} (${(error as Error).message}); is it running, and does it allow this page's origin?`);
  }
  if (response.ok) return response;
  const detail = await errorDetail(response);
  const status = `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  if (response.status === 401 && body.key && body.keyKind !== 'standard') throw new WebRTCError('key-expired', `the API refused the ephemeral key (${status}); it may have expired: get a new one`);
  throw new WebRTCError('sdp-refused', `${who} at ${shown(url)} refused the offer (${status})`);
}

export async function answerOf(response: Response, url: string): Promise<SdpAnswer> {
  const sdp = await response.text();
  if (!sdp.startsWith('v=0')) throw new WebRTCError('sdp-refused', `${shown(url)} answered HTTP ${response.status} without an SDP answer`);
  return { sdp, callId: callIdOf(response.headers.get('location')), url: shown(url), serverTools: [] };
}

export async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** `{"error": {"message"}}` (the API's and the relay's shape), or the text itself. */
async function errorDetail(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}

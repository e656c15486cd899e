// The upstream's HTTP endpoints and the sideband URL, all derived from the one setting
// OPENAI_REALTIME_URL (`wss://api.openai.com/v1/realtime`): pointing the relay at the simulator
// moves every route at once. ws → http and wss → https; the configured query is kept (a
// simulator's `sim_speed`, a gateway's `api-version`), `model` is not added (the model travels in
// the session object).

/** `…/v1/realtime` + `/client_secrets` or `/calls`, as http(s). */
export function upstreamHttpUrl(realtimeUrl: string, route: 'client_secrets' | 'calls'): string {
  const url = new URL(realtimeUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${route}`;
  url.searchParams.delete('model');
  return url.toString();
}

/** The WebSocket URL that attaches to a WebRTC call (the "sideband"): `…/v1/realtime?call_id=rtc_…`. */
export function sidebandUrl(realtimeUrl: string, callId: string): string {
  const url = new URL(realtimeUrl);
  url.searchParams.delete('model');
  url.searchParams.set('call_id', callId);
  return url.toString();
}

/** Call ids as the API writes them (`rtc_` and letters, digits, `_`); anything else is not one. */
const CALL_ID = /^rtc_[A-Za-z0-9_]{1,200}$/;

export function isCallId(value: string): boolean {
  return CALL_ID.test(value);
}

/**
 * The call id at the end of a `Location` header (`/v1/realtime/calls/rtc_…`, absolute or not),
 * or null when there is none that looks like one.
 */
export function callIdFromLocation(location: string | null | undefined): string | null {
  if (!location) return null;
  const last = location.split('?')[0].split('/').filter(Boolean).pop() ?? '';
  return isCallId(last) ? last : null;
}

/**
 * A GPT-Live URL beside the Realtime one: `…/v1/realtime` → `…/v1/live/sessions` + `suffix`, no
 * query (Live takes none), as ws(s) or http(s).
 */
export function liveUrl(realtimeUrl: string, scheme: 'ws' | 'http', suffix = ''): string {
  const url = new URL(realtimeUrl);
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  url.protocol = scheme === 'http' ? (secure ? 'https:' : 'http:') : secure ? 'wss:' : 'ws:';
  url.pathname = url.pathname.replace(/\/realtime\/*$/, '') + '/live/sessions' + suffix;
  url.search = '';
  return url.toString();
}

/** `POST …/v1/live/sessions`: WebRTC creation. */
export function liveHttpUrl(realtimeUrl: string): string {
  return liveUrl(realtimeUrl, 'http');
}

/** A Live session's sideband: `…/v1/live/sessions/{id}/attach` (sideband/internal-base.js builds it so). */
export function liveSidebandUrl(realtimeUrl: string, sessionId: string): string {
  return liveUrl(realtimeUrl, 'ws', `/${encodeURIComponent(sessionId)}/attach`);
}

/** Live session ids as an opaque token: letters, digits, `_` and `-` (anything else is refused). */
export function isLiveSessionId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,200}$/.test(value);
}

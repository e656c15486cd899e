// `POST /session`: the API's "unified interface" through the relay. The browser posts its SDP
// offer (`application/sdp`, or JSON `{"sdp": "…", "session": {…}}`); the relay posts
// `multipart/form-data` with `sdp` and `session` to `…/v1/realtime/calls` with its own key, and
// answers `201` with the SDP answer and the API's `Location` (`…/calls/rtc_…`). No key of any
// kind reaches the browser. With the sideband setting on, the relay then attaches to the call.
import { readBody, mediaType, sendJsonError } from './http-io';
import { postUpstream } from './upstream-http';
import { callIdFromLocation, upstreamHttpUrl } from './upstream-endpoints';
import type { Admitted } from './webrtc-routes';
import { parseJsonBody, upstreamSession } from './webrtc-session-config';
import { isRecord } from '../src/lib/shared/json';
import { RELAY_SIDEBAND_TOOLS_HEADER } from '../src/lib/protocol/relay-headers';

export type Offer = { ok: true; sdp: string; session: unknown } | { ok: false; status: 400 | 415; message: string };

/** An SDP offer: text starting `v=0`, no NUL (it goes into a multipart body and the upstream's parser). */
export function looksLikeSdp(text: string): boolean {
  return text.startsWith('v=0') && !text.includes('\0');
}

export function readOffer(type: string, body: Buffer, maxDepth: number): Offer {
  if (type === 'application/sdp') {
    const sdp = body.toString('utf8');
    return looksLikeSdp(sdp) ? { ok: true, sdp, session: undefined } : { ok: false, status: 400, message: 'the body is not an SDP offer (it must start with "v=0")' };
  }
  if (type === 'application/json') {
    const parsed = parseJsonBody(body, maxDepth);
    if (!parsed.ok) return { ok: false, status: 400, message: parsed.message };
    const value = parsed.value;
    if (!isRecord(value) || typeof value.sdp !== 'string' || !looksLikeSdp(value.sdp)) {
      return { ok: false, status: 400, message: 'the body must be {"sdp": "<an SDP offer starting with v=0>", "session": {…}}' };
    }
    return { ok: true, sdp: value.sdp, session: value.session };
  }
  return { ok: false, status: 415, message: 'send the offer as application/sdp, or as application/json {"sdp", "session"}' };
}

export async function handleWebRtcSession({ req, res, target, client, cors, context }: Admitted): Promise<void> {
  const { config, policy, log } = context;
  const read = await readBody(req, config.maxHttpBodyBytes);
  if (!read.ok) {
    sendJsonError(res, read.status, 'relay_bad_request', read.message, { ...cors, connection: 'close' });
    return;
  }
  const offer = readOffer(mediaType(req), read.body, config.maxJsonDepth);
  if (!offer.ok) {
    sendJsonError(res, offer.status, 'relay_bad_request', offer.message, cors);
    return;
  }
  const open = context.openSessions() + context.sidebands.size;
  if (open >= config.maxSessions) {
    sendJsonError(res, 503, 'relay_too_many_sessions', `${config.maxSessions} sessions are open, the most allowed; try again later`, { ...cors, 'retry-after': '10' });
    return;
  }
  const choice = upstreamSession(offer.session, target, config, policy);
  if (!choice.ok) {
    sendJsonError(res, choice.status, choice.code, choice.message, cors);
    return;
  }
  const form = new FormData();
  form.set('sdp', offer.sdp);
  form.set('session', JSON.stringify(choice.session));
  const result = await postUpstream(upstreamHttpUrl(config.upstreamUrl, 'calls'), {
    apiKey: config.apiKey,
    body: form,
    accept: 'application/sdp',
    timeoutMs: config.upstreamConnectTimeoutMs,
  });
  const origin = req.headers.origin ?? '(none)';
  if (!result.ok) {
    log(`relay /session for origin ${origin}: HTTP ${result.status}, ${result.message}`);
    sendJsonError(res, result.status, result.code, result.message, cors);
    return;
  }
  const answer = result.answer.text;
  if (!looksLikeSdp(answer) || answer.includes(config.apiKey)) {
    log(`relay /session: the upstream answered HTTP ${result.answer.status} without a usable SDP answer`);
    sendJsonError(res, 502, 'relay_upstream_refused', 'the upstream answered without an SDP answer', cors);
    return;
  }
  const callId = callIdFromLocation(result.answer.headers.get('location'));
  const sideband = callId !== null && config.sideband;
  log(`relay /session: call ${callId ?? '(no id in Location)'} for origin ${origin}, model ${choice.model}${sideband ? `, sideband on${config.sidebandTools.length ? ` running ${config.sidebandTools.join(', ')}` : ''}` : ''}`);
  if (sideband) context.startSideband(callId, client);
  const headers: Record<string, string> = { ...cors, 'content-type': 'application/sdp', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(answer)) };
  if (callId !== null) headers.location = `/v1/realtime/calls/${callId}`;
  // Only with a sideband: without one nobody but the browser answers the call's tools.
  if (sideband && config.sidebandTools.length) headers[RELAY_SIDEBAND_TOOLS_HEADER.toLowerCase()] = config.sidebandTools.join(', ');
  res.writeHead(201, headers);
  res.end(answer);
}

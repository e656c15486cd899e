// `POST /session/live`: GPT-Live over WebRTC through the relay. The browser posts its SDP offer
// (`application/sdp`, or JSON `{"sdp": "…", "session": {…}}`); the relay builds the session from
// its Live template (the model checked against RELAY_LIVE_MODELS, held instructions and delegation
// forced as in `session.start` on the WebSocket path, its data-channel allow-lists), posts JSON
// `{session, transport: {type: "webrtc", sdp}}` to `…/v1/live/sessions` with its own key (Live has
// no ephemeral keys), and answers `201` with the SDP answer and `Location: /v1/live/sessions/{id}`.
// No key reaches the browser. With the sideband setting on, it attaches at `…/{id}/attach`.
// While the relay hides held text (frontend instructions, the backend's prompt), the data channel
// does not carry the session snapshots (live-data-channel.ts): the sideband must then be attached
// before the browser has its answer (so it sees `session.started`), and the answer names the
// relayed types (`Relay-Live-Relayed-Events`), which the page reads rewritten from `/call-events`.
import type { LiveCreateParams } from 'openai/resources/live/live';
import { readBody, mediaType, sendJsonError } from './http-io';
import { postUpstream } from './upstream-http';
import { isLiveSessionId, liveHttpUrl, liveSidebandUrl } from './upstream-endpoints';
import type { Admitted } from './webrtc-routes';
import { looksLikeSdp, readOffer } from './webrtc-session-route';
import { frontendPermissions, LIVE_SESSION_SNAPSHOTS, relaysSnapshots } from './live-data-channel';
import { RELAY_ERROR_CODES } from './error-event';
import { RELAY_LIVE_RELAYED_EVENTS_HEADER, RELAY_SIDEBAND_TOOLS_HEADER } from '../src/lib/protocol/relay-headers';
import type { RelayConfig } from './config';
import type { Policy } from './policy';
import { isRecord } from '../src/lib/shared/json';

type JsonObject = Record<string, unknown>;
type LiveChoice = { ok: true; session: JsonObject; model: string } | { ok: false; status: 400 | 403; code: string; message: string };

/**
 * The session to create: the browser's (absent: the first allowed model alone) through the Live
 * policy as a `session.start`, then the relay's data-channel lists forced in.
 */
export function liveUpstreamSession(requested: unknown, config: RelayConfig, livePolicy: Policy): LiveChoice {
  if (requested !== undefined && requested !== null && !isRecord(requested)) {
    return { ok: false, status: 400, code: 'relay_malformed_event', message: '"session" must be an object' };
  }
  const asked: JsonObject = isRecord(requested) ? { ...requested } : {};
  asked.model ??= config.liveModels[0];
  const decision = livePolicy.checkClient(Buffer.from(JSON.stringify({ type: 'session.start', session: asked })));
  if (decision.action === 'deny') return { ok: false, status: 403, code: decision.code, message: decision.message.replace(/^relay: /, '') };
  const data = typeof decision.data === 'string' ? decision.data : decision.data.toString('utf8');
  const session = (JSON.parse(data) as { session: JsonObject }).session;
  const permissions = frontendPermissions(config);
  if (permissions) session.client = { data_channel: permissions };
  return { ok: true, session, model: String(session.model) };
}

export function handleLiveSession(livePolicy: Policy) {
  return async ({ req, res, client, cors, context }: Admitted): Promise<void> => {
    const { config, log } = context;
    const relayed = relaysSnapshots(config);
    if (relayed && !config.sideband) {
      req.resume();
      const why = 'the relay holds Live instructions or a backend prompt, which it can hide over WebRTC only through its sideband (RELAY_SIDEBAND=true)';
      return sendJsonError(res, 403, RELAY_ERROR_CODES.heldField, why, cors);
    }
    const read = await readBody(req, config.maxHttpBodyBytes);
    if (!read.ok) return sendJsonError(res, read.status, 'relay_bad_request', read.message, { ...cors, connection: 'close' });
    const offer = readOffer(mediaType(req), read.body, config.maxJsonDepth);
    if (!offer.ok) return sendJsonError(res, offer.status, 'relay_bad_request', offer.message, cors);
    const open = context.openSessions() + context.sidebands.size;
    if (open >= config.maxSessions) {
      return sendJsonError(res, 503, 'relay_too_many_sessions', `${config.maxSessions} sessions are open, the most allowed; try again later`, { ...cors, 'retry-after': '10' });
    }
    const choice = liveUpstreamSession(offer.session, config, livePolicy);
    if (!choice.ok) return sendJsonError(res, choice.status, choice.code, choice.message, cors);
    const create = { session: choice.session, transport: { type: 'webrtc', sdp: offer.sdp } } as unknown as LiveCreateParams;
    const result = await postUpstream(liveHttpUrl(config.upstreamUrl), {
      apiKey: config.apiKey,
      body: JSON.stringify(create),
      contentType: 'application/json',
      accept: 'application/json',
      timeoutMs: config.upstreamConnectTimeoutMs,
    });
    const origin = req.headers.origin ?? '(none)';
    if (!result.ok) {
      log(`relay /session/live for origin ${origin}: HTTP ${result.status}, ${result.message}`);
      return sendJsonError(res, result.status, result.code, result.message, cors);
    }
    const answer = createdAnswer(result.answer.text);
    if (!answer || answer.sdp.includes(config.apiKey)) {
      log(`relay /session/live: the upstream answered HTTP ${result.answer.status} without {session: {id}, transport: {sdp}}`);
      return sendJsonError(res, 502, 'relay_upstream_refused', 'the upstream answered without a Live session and SDP answer', cors);
    }
    const sideband = config.sideband ? context.startSideband(answer.id, client, { url: liveSidebandUrl(config.upstreamUrl, answer.id) }) : null;
    log(`relay /session/live: Live session ${answer.id} for origin ${origin}, model ${choice.model}${sideband ? ', sideband on' : ''}${relayed ? ', snapshots relayed' : ''}`);
    // The browser cannot open the data channel before it has the answer, so a sideband attached
    // first sees the session start (the snapshots it relays would otherwise be lost).
    if (relayed && sideband && !(await sideband.ready)) {
      return sendJsonError(res, 502, RELAY_ERROR_CODES.upstreamRefused, 'the relay could not attach to the Live session, so it cannot hide what it holds; try again', cors);
    }
    const headers: Record<string, string> = {
      ...cors,
      'content-type': 'application/sdp',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(answer.sdp)),
      location: `/v1/live/sessions/${answer.id}`,
    };
    if (relayed) headers[RELAY_LIVE_RELAYED_EVENTS_HEADER.toLowerCase()] = LIVE_SESSION_SNAPSHOTS.join(', ');
    if (sideband && config.sidebandTools.length) headers[RELAY_SIDEBAND_TOOLS_HEADER.toLowerCase()] = config.sidebandTools.join(', ');
    res.writeHead(201, headers);
    res.end(answer.sdp);
  };
}

/** `{session: {id}, transport: {sdp}}` (live.d.ts LiveCreateResponse) → its id and SDP, or null. */
function createdAnswer(text: string): { id: string; sdp: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.session) || !isRecord(value.transport)) return null;
  const { id } = value.session;
  const { sdp } = value.transport;
  return isLiveSessionId(id) && typeof sdp === 'string' && looksLikeSdp(sdp) ? { id, sdp } : null;
}

// How a GPT-Live WebRTC offer reaches the API. Live has no ephemeral keys: a trusted server posts
// JSON `{session, transport: {type: "webrtc", sdp}}` to `POST /v1/live/sessions` with a standard
// key and gets `{session: {id}, transport: {type: "webrtc", sdp}}` (live.d.ts LiveCreateParams /
// LiveCreateResponse). So a browser goes through a relay (`POST /session/live`: the offer in,
// `application/sdp` out, the session id in `Location`), and only Node may post with a key itself.
// Failures are the Realtime roads' WebRTCError kinds (signalling.ts).
import type { LiveCreateResponse, MediaSessionConfig, MediaSessionForkConfig } from 'openai/resources/live/live';
import { isNodeRuntime } from '../realtime/websocket';
import { insecureKeyUrlReason } from '../realtime/handshake';
import { answerOf, readJson, relayHttpUrl, request, shown, WebRTCError } from '../realtime/webrtc/signalling';
import { isRecord } from '../shared/json';
import { parseEventTypes, parseToolNames, RELAY_LIVE_RELAYED_EVENTS_HEADER, RELAY_SIDEBAND_TOOLS_HEADER } from '../protocol/relay-headers';
import type { LiveSessionConfig } from './live-types';

export const DEFAULT_LIVE_SESSIONS_URL = 'https://api.openai.com/v1/live/sessions';

export type LiveSignalling =
  /** The relay's `/session/live`; `relayUrl` as the console knows it (ws(s)://host:port, an `?access_token=` kept). */
  | { via: 'relay'; relayUrl: string }
  /**
   * `POST /v1/live/sessions` with a standard key: a trusted server (Node) only. With `fork`,
   * `POST /v1/live/sessions/{sessionId}/fork` instead (sessions.d.ts `fork`): a stored session onto
   * this connection, with MediaSessionForkConfig overrides (the session config is not sent).
   */
  | { via: 'api'; apiKey: string; url?: string; fork?: { sessionId: string; overrides?: MediaSessionForkConfig } };

export interface LiveSdpAnswer {
  sdp: string;
  /** The Live session's id (for sidebands and the log), when the server gave one. */
  sessionId: string | null;
  /** Where the offer went (no key, no query), for the log's session line. */
  url: string;
  /** Server events the relay keeps off the data channel and serves rewritten on its `/call-events` (`Relay-Live-Relayed-Events`). */
  relayedEvents: string[];
  /** Function tools the relay answers on its sideband (`Relay-Sideband-Tools`). */
  relayTools: string[];
}

export interface LiveExchangeOptions {
  fetch?: typeof fetch;
  timeoutMs: number;
}

/**
 * The creation request's session: a media session has no `audio.format` (live.d.ts
 * MediaSessionConfig: "WebRTC and SIP negotiate their audio format"), so it is dropped here.
 */
export function mediaSession(session: LiveSessionConfig): MediaSessionConfig {
  const { audio, ...rest } = session;
  const voice = audio?.output;
  return voice ? { ...rest, audio: { output: voice } } : rest;
}

/** The session id at the end of `Location` (`/v1/live/sessions/{id}`). */
export function sessionIdOf(location: string | null): string | null {
  const last = location?.split('?')[0].split('/').filter(Boolean).pop() ?? '';
  return /^[A-Za-z0-9_-]{1,200}$/.test(last) && last !== 'sessions' ? last : null;
}

export async function exchangeLiveSdp(offer: string, signalling: LiveSignalling, session: LiveSessionConfig, options: LiveExchangeOptions): Promise<LiveSdpAnswer> {
  const body = mediaSession(session);
  if (signalling.via === 'relay') {
    const url = relayHttpUrl(signalling.relayUrl, 'session/live');
    const response = await request(url, { body: JSON.stringify({ sdp: offer, session: body }), type: 'application/json', accept: 'application/sdp' }, options, 'the relay');
    const answer = await answerOf(response, url);
    return {
      sdp: answer.sdp,
      sessionId: sessionIdOf(response.headers.get('location')),
      url: answer.url,
      relayedEvents: parseEventTypes(response.headers.get(RELAY_LIVE_RELAYED_EVENTS_HEADER)),
      relayTools: parseToolNames(response.headers.get(RELAY_SIDEBAND_TOOLS_HEADER)),
    };
  }
  if (!isNodeRuntime()) throw new WebRTCError('sdp-refused', 'Live has no ephemeral keys: a browser connects through a relay that holds the key');
  const { fork } = signalling;
  const base = signalling.url ?? DEFAULT_LIVE_SESSIONS_URL;
  const url = fork ? `${base.replace(/\/+$/, '')}/${encodeURIComponent(fork.sessionId)}/fork` : base;
  const reason = insecureKeyUrlReason(url);
  if (reason) throw new WebRTCError('sdp-refused', reason);
  const transport = { type: 'webrtc', sdp: offer };
  const create = fork ? { transport, ...(fork.overrides ? { session: fork.overrides } : {}) } : { session: body, transport };
  const response = await request(url, { body: JSON.stringify(create), type: 'application/json', key: signalling.apiKey, keyKind: 'standard' }, options, 'the API');
  const answer = (await readJson(response)) as Partial<LiveCreateResponse> | undefined;
  const sdp = isRecord(answer) && isRecord(answer.transport) ? answer.transport.sdp : undefined;
  if (typeof sdp !== 'string' || !sdp.startsWith('v=0')) throw new WebRTCError('sdp-refused', `${shown(url)} answered without an SDP answer`);
  const created = isRecord(answer) && isRecord(answer.session) ? answer.session : null;
  const id = typeof created?.id === 'string' ? created.id : null;
  return { sdp, sessionId: id, url: shown(url), relayedEvents: [], relayTools: [] };
}

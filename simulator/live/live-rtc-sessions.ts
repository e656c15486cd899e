// POST /v1/live/sessions: a trusted server creates a GPT-Live session on WebRTC with a JSON body
// `{session, transport: {type: "webrtc", sdp}}` (live.d.ts LiveCreateParams; the session is a
// MediaSessionConfig, no audio format) and a standard key: Live has no ephemeral keys. The answer
// is `{session: {id}, transport: {type: "webrtc", sdp}}` (LiveCreateResponse). The body is checked
// strictly against the generated Live schema, so an unknown field is `unknown_parameter` with its
// `param`, as on `session.start`. Loaded with the first Live offer (it pulls in werift).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveCreateParams, LiveCreateResponse, ServerEvent as LiveServerEvent } from 'openai/resources/live/live';
import { validateLiveCreateRequest } from '../../src/lib/protocol/live-validate';
import { jsonDepthExceeds } from '../request-safety';
import { authenticate, requireStandard } from '../webrtc/http-auth';
import type { EphemeralKeys } from '../webrtc/ephemeral-keys';
import { mediaType, readBody, sendError, sendJson, type HttpError } from '../webrtc/http-io';
import { checkSdp } from '../webrtc/offer';
import { isDetails, LIVE_MODELS, resolveSession, type LiveDetails } from './live-config';
import { schemaErrorToLive } from './live-errors';
import { permissionsProblem } from './data-channel-permissions';
import { LiveRtcSession } from './live-rtc-session';
import type { LiveStore } from './live-store';

/** Largest body: the SDP offer (≤ 64 KiB) and a session with tools and input history. */
export const MAX_LIVE_CREATE_BYTES = 1024 * 1024;

export interface LiveRtcSessionsOptions {
  keys: EphemeralKeys;
  apiKey: string | undefined;
  script?: readonly string[];
  log: (line: string) => void;
  onServerEvent?: (event: LiveServerEvent) => void;
  maxSessions: number;
  connectTimeoutMs?: number;
  store?: LiveStore;
}

export class LiveRtcSessions {
  private readonly sessions = new Map<string, LiveRtcSession>();

  constructor(private readonly options: LiveRtcSessionsOptions) {}

  get(id: string): LiveRtcSession | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  endAll(): void {
    for (const session of [...this.sessions.values()]) session.end('the simulator is closing');
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const auth = requireStandard(authenticate(request, this.options.keys, this.options.apiKey));
    if (!auth.ok) return sendError(response, auth.error);
    const read = await readBody(request, MAX_LIVE_CREATE_BYTES);
    if (!read.ok) return sendError(response, read.error);
    const parsed = parseCreate(mediaType(request), read.body);
    if ('status' in parsed) return sendError(response, parsed);
    if (this.sessions.size >= this.options.maxSessions) {
      return sendError(response, { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many Live sessions at once on this simulator.' });
    }
    const resolved = resolveSession(parsed.session, LIVE_MODELS, 'webrtc');
    if (isDetails(resolved)) return sendError(response, asHttp(resolved));
    let answered: { session: LiveRtcSession; answerSdp: string };
    try {
      answered = await LiveRtcSession.answer(parsed.transport.sdp, {
        session: resolved,
        script: this.options.script,
        log: this.options.log,
        onServerEvent: this.options.onServerEvent,
        onEnded: (ended) => this.sessions.delete(ended.id),
        connectTimeoutMs: this.options.connectTimeoutMs,
        store: this.options.store,
      });
    } catch (error) {
      this.options.log(`simulator: refused a Live SDP offer: ${(error as Error).message}`);
      return sendError(response, { status: 400, code: 'invalid_offer', param: 'transport.sdp', message: 'The SDP offer could not be answered (it needs an audio or data section with ICE credentials and a DTLS fingerprint).' });
    }
    if (response.destroyed) {
      answered.session.end('the client went away before the answer');
      return;
    }
    this.sessions.set(answered.session.id, answered.session);
    this.options.log(`simulator: Live WebRTC session ${answered.session.id}`);
    // The docs give no status for this create; 200, as the SDK's other creates answer.
    const body: LiveCreateResponse = { session: { id: answered.session.id }, transport: { type: 'webrtc', sdp: answered.answerSdp } };
    sendJson(response, 200, body, { 'cache-control': 'no-store' });
  }
}

/** The checked body, or the 400 it gets. */
export function parseCreate(type: string, body: Buffer): LiveCreateParams | HttpError {
  if (type !== 'application/json') {
    return { status: 400, code: 'invalid_content_type', message: "Send a JSON body ('application/json'): {\"session\": {…}, \"transport\": {\"type\": \"webrtc\", \"sdp\": \"…\"}}." };
  }
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text)) return { status: 400, code: 'invalid_json', message: 'The body nests too deeply.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { status: 400, code: 'invalid_json', message: 'The body is not valid JSON.' };
  }
  const check = validateLiveCreateRequest(value);
  if (!check.valid) return asHttp(schemaErrorToLive(check.errors[0] ?? '/: is invalid', ''));
  const create = value as LiveCreateParams;
  const problem = permissionsProblem(create.session.client);
  if (problem) return asHttp(problem);
  const sdp = checkSdp(create.transport.sdp);
  if (typeof sdp !== 'string') return { ...sdp, param: 'transport.sdp' };
  return { ...create, transport: { ...create.transport, sdp } };
}

function asHttp(details: LiveDetails): HttpError {
  return { status: 400, code: details.code, param: details.param?.replace(/^\./, '') ?? null, message: details.message };
}

// POST /v1/live/sessions: a trusted server creates a GPT-Live session on WebRTC with a JSON body
// `{session, transport: {type: "webrtc", sdp}}` (live.d.ts LiveCreateParams; the session is a
// MediaSessionConfig, no audio format) and a standard key: Live has no ephemeral keys. The answer
// is `{session: {id}, transport: {type: "webrtc", sdp}}` (LiveCreateResponse). The body is checked
// strictly against the generated Live schema, so an unknown field is `unknown_parameter` with its
// `param`, as on `session.start`. Loaded with the first Live offer (it pulls in werift).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveCreateParams, LiveCreateResponse, ServerEvent as LiveServerEvent, SessionResource } from 'openai/resources/live/live';
import type { SessionForkParams } from 'openai/resources/live/sessions';
import { validateLiveCreateRequest, validateLiveForkRequest } from '../../src/lib/protocol/live-validate';
import { jsonDepthExceeds } from '../request-safety';
import { authenticate, requireStandard } from '../webrtc/http-auth';
import type { EphemeralKeys } from '../webrtc/ephemeral-keys';
import { mediaType, readBody, sendError, sendJson, type HttpError } from '../webrtc/http-io';
import { checkSdp } from '../webrtc/offer';
import { isDetails, LIVE_MODELS, resolveSession, type LiveDetails } from './live-config';
import { schemaErrorToLive } from './live-errors';
import { permissionsProblem } from './data-channel-permissions';
import { LiveRtcSession } from './live-rtc-session';
import type { LiveStore, StoredLiveSession } from './live-store';
import { resolveMediaFork } from './fork-config';

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
    const read = await this.readRequest(request, response);
    if (!read) return;
    const parsed = parseCreate(mediaType(request), read);
    if ('status' in parsed) return sendError(response, parsed);
    const resolved = resolveSession(parsed.session, LIVE_MODELS, 'webrtc');
    if (isDetails(resolved)) return sendError(response, asHttp(resolved));
    await this.start(response, parsed.transport.sdp, resolved);
  }

  /**
   * `POST /v1/live/sessions/{id}/fork` (sessions.d.ts `fork`): a stored, closed session onto a new
   * WebRTC connection, `{transport: {type: "webrtc", sdp}, session?}` in, the same answer out.
   * The docs give no statuses for its refusals: 404 for no stored session, 400 for the rest.
   */
  async handleFork(request: IncomingMessage, response: ServerResponse, storedId: string): Promise<void> {
    const read = await this.readRequest(request, response);
    if (!read) return;
    const parsed = parseFork(mediaType(request), read);
    if ('status' in parsed) return sendError(response, parsed);
    const lookup = this.options.store?.forkable(storedId) ?? { ok: false as const, code: 'session_not_found' as const, message: `No stored Live session with id '${storedId.slice(0, 80)}'.` };
    if (!lookup.ok) return sendError(response, { status: lookup.code === 'session_not_found' ? 404 : 400, code: lookup.code, param: 'session_id', message: lookup.message });
    const resolved = resolveMediaFork(lookup.stored, parsed.session);
    if (isDetails(resolved)) return sendError(response, asHttp(resolved));
    await this.start(response, parsed.transport.sdp, resolved, lookup.stored);
  }

  /** The key checked and the body read, or the answer already sent (null). */
  private async readRequest(request: IncomingMessage, response: ServerResponse): Promise<Buffer | null> {
    const auth = requireStandard(authenticate(request, this.options.keys, this.options.apiKey));
    if (!auth.ok) {
      sendError(response, auth.error);
      return null;
    }
    const read = await readBody(request, MAX_LIVE_CREATE_BYTES);
    if (!read.ok) {
      sendError(response, read.error);
      return null;
    }
    return read.body;
  }

  private async start(response: ServerResponse, offerSdp: string, resolved: SessionResource, forkOf?: StoredLiveSession): Promise<void> {
    if (this.sessions.size >= this.options.maxSessions) {
      return sendError(response, { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many Live sessions at once on this simulator.' });
    }
    let answered: { session: LiveRtcSession; answerSdp: string };
    try {
      answered = await LiveRtcSession.answer(offerSdp, {
        session: resolved,
        script: this.options.script,
        log: this.options.log,
        onServerEvent: this.options.onServerEvent,
        onEnded: (ended) => this.sessions.delete(ended.id),
        connectTimeoutMs: this.options.connectTimeoutMs,
        store: this.options.store,
        forkOf,
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
    this.options.log(`simulator: Live WebRTC session ${answered.session.id}${forkOf ? ` (fork of ${forkOf.id})` : ''}`);
    // The docs give no status for this create; 200, as the SDK's other creates answer.
    const body: LiveCreateResponse = { session: { id: answered.session.id }, transport: { type: 'webrtc', sdp: answered.answerSdp } };
    sendJson(response, 200, body, { 'cache-control': 'no-store' });
  }
}

/** A JSON body checked against `definition`'s validator, or the 400 it gets. */
function parseJson<T>(type: string, body: Buffer, validate: (value: unknown) => { valid: boolean; errors: string[] }): T | HttpError {
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
  const check = validate(value);
  if (!check.valid) return asHttp(schemaErrorToLive(check.errors[0] ?? '/: is invalid', ''));
  return value as T;
}

/** The client permissions and the offer of a checked request, or the 400 they get. */
function checkMedia<T extends { session?: { client?: LiveCreateParams['session']['client'] }; transport: { sdp: string } }>(request: T): T | HttpError {
  const problem = permissionsProblem(request.session?.client);
  if (problem) return asHttp(problem);
  const sdp = checkSdp(request.transport.sdp);
  if (typeof sdp !== 'string') return { ...sdp, param: 'transport.sdp' };
  return { ...request, transport: { ...request.transport, sdp } };
}

/** The checked body of a creation, or the 400 it gets. */
export function parseCreate(type: string, body: Buffer): LiveCreateParams | HttpError {
  const create = parseJson<LiveCreateParams>(type, body, validateLiveCreateRequest);
  return 'status' in create ? create : checkMedia(create);
}

/** The checked body of a WebRTC fork (live-protocol.schema.json LiveForkRequest), or the 400 it gets. */
export function parseFork(type: string, body: Buffer): SessionForkParams | HttpError {
  const fork = parseJson<SessionForkParams>(type, body, validateLiveForkRequest);
  return 'status' in fork ? fork : checkMedia(fork);
}

function asHttp(details: LiveDetails): HttpError {
  return { status: 400, code: details.code, param: details.param?.replace(/^\./, '') ?? null, message: details.message };
}

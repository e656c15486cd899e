// POST /v1/realtime/calls: answers an SDP offer with 201, the SDP answer (`application/sdp`) and
// a `Location` ending in the call id (`rtc_…`), which a sideband WebSocket names as
// `?call_id=`. With an ephemeral key the call starts with the key's session; with a standard key
// and multipart, with the `session` field. A query asking for a replay (`?replay=`, or a
// simulator started with `--replay FILE`) gets a call answered from the recording.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { DEFAULT_MODEL } from '../../src/lib/protocol/models';
import { parseFaults, parseScript, parseSpeed } from '../faults';
import { authenticate } from './http-auth';
import { readBody, sendError } from './http-io';
import type { EphemeralKeys } from './ephemeral-keys';
import { MAX_CALL_BODY_BYTES, parseCallRequest } from './offer';
import { RtcCall } from './call';
import { CALLS_PATH, DEFAULT_MAX_CALLS } from './paths';
import type { ReplayEndpoint } from '../replay/replay-endpoint';

export { DEFAULT_MAX_CALLS } from './paths';

export interface CallsOptions {
  keys: EphemeralKeys;
  apiKey: string | undefined;
  speed: number;
  script?: readonly string[];
  log: (line: string) => void;
  onServerEvent?: (event: ServerEvent) => void;
  maxCalls?: number;
  /** How long an answered call waits for its peer to connect (default DEFAULT_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** Replays recordings to calls that ask (the same endpoint as the WebSocket's). */
  replay?: ReplayEndpoint;
}

export class Calls {
  private readonly calls = new Map<string, RtcCall>();

  constructor(private readonly options: CallsOptions) {}

  get(callId: string): RtcCall | undefined {
    return this.calls.get(callId);
  }

  get size(): number {
    return this.calls.size;
  }

  endAll(): void {
    for (const call of [...this.calls.values()]) call.end('the simulator is closing');
  }

  async handle(request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<void> {
    const auth = authenticate(request, this.options.keys, this.options.apiKey);
    if (!auth.ok) return sendError(response, auth.error);
    const read = await readBody(request, MAX_CALL_BODY_BYTES);
    if (!read.ok) return sendError(response, read.error);
    const parsed = await parseCallRequest(request, read.body);
    if (!parsed.ok) return sendError(response, parsed.error);
    if (this.calls.size >= (this.options.maxCalls ?? DEFAULT_MAX_CALLS)) {
      return sendError(response, { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Too many calls at once on this simulator.' });
    }
    const faults = parseFaults(query);
    const replay = this.options.replay?.forCall(query, faults) ?? { kind: 'none' as const };
    if (replay.kind === 'refused') {
      return sendError(response, { status: replay.code === 'replay_not_found' ? 404 : 400, code: replay.code, message: replay.message, param: replay.code === 'replay_not_enabled' || replay.code === 'replay_not_found' ? 'replay' : null });
    }
    const caller = auth.caller;
    const session = parsed.request.session ?? (caller.kind === 'ephemeral' ? caller.key?.session : undefined) ?? { type: 'realtime' as const };
    const id = `rtc_${randomBytes(16).toString('hex')}`;
    let answered: { call: RtcCall; answerSdp: string };
    try {
      answered = await RtcCall.answer(parsed.request.sdp, {
        id,
        model: query.get('model') || session.model || DEFAULT_MODEL,
        session,
        speed: replay.kind === 'replay' ? replay.speed : parseSpeed(query, this.options.speed),
        faults,
        script: parseScript(query) ?? this.options.script,
        log: this.options.log,
        onServerEvent: this.options.onServerEvent,
        onEnded: (call) => this.calls.delete(call.id),
        connectTimeoutMs: this.options.connectTimeoutMs,
        engine: replay.kind === 'replay' ? replay.engine : undefined,
      });
    } catch (error) {
      this.options.log(`simulator: refused an SDP offer: ${(error as Error).message}`);
      return sendError(response, { status: 400, code: 'invalid_offer', param: 'sdp', message: 'The SDP offer could not be answered (it needs an audio or data section with ICE credentials and a DTLS fingerprint).' });
    }
    if (response.destroyed) {
      answered.call.end('the client went away before the answer');
      return;
    }
    this.calls.set(id, answered.call);
    this.options.log(`simulator: call ${id} (${caller.kind} key${replay.kind === 'replay' ? ', replayed' : ''})`);
    response.writeHead(201, { 'content-type': 'application/sdp', location: `${CALLS_PATH}/${id}` }).end(answered.answerSdp);
  }
}

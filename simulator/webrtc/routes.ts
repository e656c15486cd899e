// The simulator's HTTP endpoints beside the WebSocket: client secrets, WebRTC calls and GPT-Live
// WebRTC sessions (`POST /v1/live/sessions`), and the sideband WebSockets that attach to a call
// (`?call_id=`) or a Live session (`/v1/live/sessions/{id}/attach`). One instance per simulator
// holds the minted keys, the calls and the Live sessions. The WebRTC stack (werift, ~0.6 s to
// load) is loaded with the first offer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type WebSocket from 'ws';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { errorEvent } from '../../src/lib/protocol/error-events';
import { WS_CLOSE_CODES } from '../../src/lib/protocol/close-codes';
import { newEventId } from '../ids';
import { handleClientSecrets } from './client-secrets';
import { EphemeralKeys, isEphemeralKey } from './ephemeral-keys';
import { sendError } from './http-io';
import type { Calls } from './calls';
import { CALLS_PATH, CLIENT_SECRETS_PATH, DEFAULT_MAX_CALLS } from './paths';
import { allowAnyOrigin, answerPreflight } from './cors';
import type { ServerEvent as LiveServerEvent } from 'openai/resources/live/live';
import type { LiveRtcSessions } from '../live/live-rtc-sessions';
import { LIVE_PATH, liveForkId } from '../live/live-paths';
import type { LiveStore } from '../live/live-store';
import type { ReplayEndpoint } from '../replay/replay-endpoint';


export interface HttpRoutesOptions {
  apiKey: string | undefined;
  speed: number;
  script?: readonly string[];
  log: (line: string) => void;
  onServerEvent?: (event: ServerEvent) => void;
  onLiveServerEvent?: (event: LiveServerEvent) => void;
  /** The clock keys expire by (tests move it). */
  nowMs?: () => number;
  maxCalls?: number;
  callConnectTimeoutMs?: number;
  /** Where Live WebRTC sessions register, and are kept when stored (live-store.ts). */
  liveStore?: LiveStore;
  /** Calls that ask for a replay are answered by it. */
  replay?: ReplayEndpoint;
}

export class HttpRoutes {
  readonly keys: EphemeralKeys;
  private readonly nowMs: () => number;
  private calls: Promise<Calls> | null = null;
  private live: Promise<LiveRtcSessions> | null = null;
  private closed = false;

  constructor(private readonly options: HttpRoutesOptions) {
    this.nowMs = options.nowMs ?? Date.now;
    this.keys = new EphemeralKeys(this.nowMs);
  }

  /** Answers the request when its path is one of these endpoints; false otherwise. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
    const path = url.pathname.replace(/\/+$/, '');
    // `POST /v1/live/sessions/{id}/fork`: a stored Live session onto a new WebRTC connection.
    const forkId = liveForkId(url.pathname);
    if (path !== CLIENT_SECRETS_PATH && path !== CALLS_PATH && path !== LIVE_PATH && forkId === null) return false;
    allowAnyOrigin(response);
    if (answerPreflight(request, response)) return true;
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendError(response, { status: 405, code: 'method_not_allowed', message: `Use POST for ${path}.` });
      return true;
    }
    const work =
      path === CLIENT_SECRETS_PATH
        ? handleClientSecrets(request, response, { keys: this.keys, apiKey: this.options.apiKey, nowMs: this.nowMs })
        : forkId !== null
          ? this.loadLive().then((live) => live.handleFork(request, response, forkId))
          : path === LIVE_PATH
          ? this.loadLive().then((live) => live.handle(request, response))
          : this.loadCalls().then((calls) => calls.handle(request, response, url.searchParams));
    work.catch((error: unknown) => {
      this.options.log(`simulator: ${path} failed: ${(error as Error).stack ?? String(error)}`);
      sendError(response, { status: 500, type: 'server_error', code: 'server_error', message: 'The simulator failed to handle this request.' });
    });
    return true;
  }

  /**
   * A WebSocket opened with `?call_id=`: attached to that call as its sideband, or refused with
   * an `error` event and close 1008 (an ephemeral key, or no such call).
   */
  async attachSideband(socket: WebSocket, callId: string, apiKey: string): Promise<void> {
    const refuse = (code: string, message: string): void => {
      socket.send(JSON.stringify(errorEvent(newEventId(), { code, message, param: code === 'invalid_api_key' ? null : 'call_id' })), () =>
        socket.close(WS_CLOSE_CODES.policyViolation, code),
      );
    };
    if (isEphemeralKey(apiKey) && apiKey !== this.options.apiKey) {
      return refuse('invalid_api_key', 'A sideband connection needs a standard API key; an ephemeral key (ek_…) cannot attach to a call.');
    }
    const call = this.calls ? (await this.calls).get(callId) : undefined;
    if (!call || call.hasEnded) return refuse('call_not_found', `No active call with id '${callId.slice(0, 80)}'.`);
    call.attachSideband(socket);
    this.options.log(`simulator: sideband attached to call ${call.id}`);
  }

  /**
   * A WebSocket at `/v1/live/sessions/{id}/attach` (its key already checked): the Live session's
   * sideband, or refused with a Live `error` and close 1008 when there is no such session.
   */
  async attachLive(socket: WebSocket, sessionId: string): Promise<boolean> {
    const session = this.live ? (await this.live).get(sessionId) : undefined;
    if (!session || session.hasEnded) return false;
    session.attachSideband(socket);
    this.options.log(`simulator: sideband attached to Live session ${session.id}`);
    return true;
  }

  /** Ends every call and Live session (the simulator is closing). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.calls) (await this.calls).endAll();
    if (this.live) (await this.live).endAll();
  }

  private loadLive(): Promise<LiveRtcSessions> {
    if (this.closed) return Promise.reject(new Error('the simulator is closing'));
    this.live ??= import('../live/live-rtc-sessions').then(
      ({ LiveRtcSessions }) =>
        new LiveRtcSessions({
          keys: this.keys,
          apiKey: this.options.apiKey,
          script: this.options.script,
          log: this.options.log,
          onServerEvent: this.options.onLiveServerEvent,
          maxSessions: this.options.maxCalls ?? DEFAULT_MAX_CALLS,
          connectTimeoutMs: this.options.callConnectTimeoutMs,
          store: this.options.liveStore,
        }),
    );
    return this.live;
  }

  private loadCalls(): Promise<Calls> {
    if (this.closed) return Promise.reject(new Error('the simulator is closing'));
    this.calls ??= import('./calls').then(
      ({ Calls }) =>
        new Calls({
          keys: this.keys,
          apiKey: this.options.apiKey,
          speed: this.options.speed,
          script: this.options.script,
          log: this.options.log,
          onServerEvent: this.options.onServerEvent,
          maxCalls: this.options.maxCalls,
          connectTimeoutMs: this.options.callConnectTimeoutMs,
          replay: this.options.replay,
        }),
    );
    return this.calls;
  }
}

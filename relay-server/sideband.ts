// The relay's own WebSocket into a WebRTC call it started (`?call_id=rtc_…`, the relay's key):
// the "sideband" the API offers to servers. The browser's data channel goes straight to the
// API, so the relay cannot refuse a browser event before it lands; what it can do is see every
// server event (for its log and for watchers) and put held session fields back: when a
// `session.updated` shows a held field changed, it sends the held values again at once.
// Watchers (the console, over the relay's WebSocket with `?call_id=`) get the call's server
// events, scrubbed of the key, and may send nothing.
// With RELAY_SIDEBAND_TOOLS set, the relay also answers those function calls itself (relay-tools.ts,
// shared with the phone line): at `response.done` it sends each `function_call_output` and a
// `response.create` on the sideband, through the policy like any event it sends.
// A Live session's sideband (`live`) runs with the Live policy: watchers get each event as that
// policy lets the browser see it (held instructions and the backend's prompt removed from the
// session snapshots, which the data channel then does not carry: live-data-channel.ts), a watcher
// that joins late gets the latest snapshots first, and the tools answer Responses delegation's
// calls (live-sideband-tools.ts).
import WebSocket, { type RawData } from 'ws';
import { CLOSE_CODES } from './close-codes';
import { isSendableCode, truncateReason } from '../src/lib/protocol/close-codes';
import type { RelayConfig } from './config';
import { RELAY_ERROR_CODES, relayErrorEvent } from './error-event';
import { scanEventType } from './event-type';
import { formatBytes, type LogSink } from './logging';
import type { Policy } from './policy';
import { createSecretScrubber, type SecretScrubber } from './secret-scrubber';
import { sidebandUrl } from './upstream-endpoints';
import { answerEvents, functionCallsToAnswer, RelayTools, type FunctionCallItem, type ToolRun } from './relay-tools';
import { LiveToolRounds, liveAnswerEvents } from './live-sideband-tools';
import { LIVE_SESSION_SNAPSHOTS } from './live-data-channel';
import { DEFAULT_WEATHER_TIMEOUT_MS } from '../src/tools/weather';
import { isRecord } from '../src/lib/shared/json';

/** Times held fields are put back in one call before the relay stops trying (and says so). */
export const MAX_REASSERTS = 10;
/** Watchers one call may have at once. */
export const MAX_WATCHERS_PER_CALL = 4;

export interface SidebandOptions {
  id: number;
  /** A call's `rtc_…` id, or a Live session's id. */
  callId: string;
  /** Where to attach; default the call's `?call_id=` URL (a Live session's is `…/{id}/attach`). */
  url?: string;
  /** The client key of the browser that started the call: only it may watch. */
  client: string;
  config: RelayConfig;
  /** The Realtime policy, or the Live one for a Live session. */
  policy: Policy;
  /** A GPT-Live session's sideband (the Live policy applies to what watchers see). */
  live?: boolean;
  log: LogSink;
  onEnd: (sideband: Sideband) => void;
}

export class Sideband {
  readonly id: number;
  readonly callId: string;
  readonly client: string;
  private readonly upstream: WebSocket;
  private readonly options: SidebandOptions;
  private readonly scrubber: SecretScrubber;
  private readonly watchers = new Set<WebSocket>();
  private readonly startedAt = Date.now();
  private readonly heldOpening: string | undefined;
  private events = 0;
  private bytes = 0;
  private reasserts = 0;
  private ended = false;
  private lastError: string | null = null;
  private readonly types = new Map<string, number>();
  /** The tools this relay answers on the call (RELAY_SIDEBAND_TOOLS), null when none. */
  private readonly tools: RelayTools | null;
  private readonly toolNames: ReadonlySet<string>;
  private toolRuns = 0;
  /** Live: the backend's function calls gathered per delegation until its response completes. */
  private readonly liveRounds: LiveToolRounds | null;
  /** Live: the latest rewritten snapshot of each type, for a watcher that joins after it passed. */
  private readonly snapshots = new Map<string, string | Buffer>();
  /** Resolves true once attached, false if the sideband ended first. */
  readonly ready: Promise<boolean>;

  constructor(options: SidebandOptions) {
    this.options = options;
    this.id = options.id;
    this.callId = options.callId;
    this.client = options.client;
    this.scrubber = createSecretScrubber(options.config.apiKey);
    this.heldOpening = options.policy.openingFrames()[0];
    const { sidebandTools, sidebandWeatherUrl } = options.config;
    this.toolNames = new Set(sidebandTools);
    this.tools = sidebandTools.length ? new RelayTools({ weatherBaseUrl: sidebandWeatherUrl, weatherTimeoutMs: DEFAULT_WEATHER_TIMEOUT_MS, where: 'this relay' }) : null;
    this.liveRounds = options.live && this.tools ? new LiveToolRounds((name) => this.toolNames.has(name)) : null;
    this.upstream = new WebSocket(options.url ?? sidebandUrl(options.config.upstreamUrl, options.callId), {
      headers: { Authorization: `Bearer ${options.config.apiKey}` },
      maxPayload: options.config.maxUpstreamMessageBytes,
      handshakeTimeout: options.config.upstreamConnectTimeoutMs,
      perMessageDeflate: false,
    });
    this.ready = new Promise((resolve) => {
      this.upstream.once('open', () => resolve(true));
      this.upstream.once('close', () => resolve(false));
    });
    this.upstream.on('open', () => options.log(`relay #${this.id} sideband open: ${options.live ? 'Live session' : 'call'} ${this.callId}`));
    this.upstream.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.upstream.on('unexpected-response', (_request, response) => {
      this.lastError = `the upstream refused the sideband: HTTP ${response.statusCode ?? 0}`;
      this.upstream.terminate();
    });
    this.upstream.on('error', (error) => {
      this.lastError ??= `sideband: ${this.scrubber.text(error.message)}`;
    });
    this.upstream.on('close', (code, reason) => this.onClose(code, reason.toString()));
  }

  /** Adds a watcher; false when the call has as many as it may. */
  watch(socket: WebSocket): boolean {
    if (this.ended || this.watchers.size >= MAX_WATCHERS_PER_CALL) return false;
    this.watchers.add(socket);
    for (const frame of this.snapshots.values()) socket.send(frame, { binary: false });
    socket.on('error', () => undefined);
    socket.on('close', () => this.watchers.delete(socket));
    socket.on('message', () => {
      socket.send(relayErrorEvent(RELAY_ERROR_CODES.denied, 'relay: this connection watches a WebRTC call; send events on its data channel'));
    });
    return true;
  }

  /** Closes the sideband (the call itself goes on until the browser hangs up). */
  shutdown(code: number = CLOSE_CODES.goingAway, reason = 'relay: shutting down'): void {
    // Still connecting: closed as soon as it opens (a cut handshake would tell the upstream nothing).
    if (this.upstream.readyState === WebSocket.CONNECTING) this.upstream.once('open', () => this.upstream.close(code, reason));
    else if (this.upstream.readyState === WebSocket.OPEN) this.upstream.close(code, reason);
    setTimeout(() => this.upstream.terminate(), this.options.config.shutdownGraceMs).unref();
  }

  /** Cuts the sideband now (the relay's shutdown backstop). */
  terminate(): void {
    this.upstream.terminate();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const frame = data as Buffer;
    this.events++;
    this.bytes += frame.length;
    const scan = isBinary ? null : scanEventType(frame);
    const type = scan?.ok ? scan.type : '(unreadable)';
    this.types.set(type, (this.types.get(type) ?? 0) + 1);
    if (type === 'session.created' || type === 'session.updated') this.checkHeld(frame);
    if (type === 'response.done' && this.tools && !this.options.live) void this.answerTools(this.tools, frame);
    if (type === 'response.event' && this.tools && this.liveRounds) this.answerLiveTools(this.tools, this.liveRounds, frame);
    if (type === 'error' && (this.types.get('error') ?? 0) <= this.options.config.maxLoggedDenialsPerSession) {
      this.options.log(`relay #${this.id} sideband: upstream error: ${this.scrubber.text(errorText(frame))}`);
    }
    if (this.options.live && !isBinary) return this.toWatchersLive(frame);
    if (this.watchers.size === 0) return;
    const scrubbed = this.scrubber.frame(frame);
    if (scrubbed.action === 'withhold') return;
    for (const watcher of this.watchers) if (watcher.readyState === WebSocket.OPEN) watcher.send(scrubbed.frame, { binary: false });
  }

  /** A Live event as the Live policy lets the browser see it; the snapshots kept for late watchers. */
  private toWatchersLive(frame: Buffer): void {
    const decision = this.options.policy.checkServer(frame);
    if (decision.action === 'drop') return;
    const scrubbed = this.scrubber.frame(typeof decision.data === 'string' ? Buffer.from(decision.data) : decision.data);
    if (scrubbed.action === 'withhold') return;
    if (decision.type !== null && LIVE_SESSION_SNAPSHOTS.includes(decision.type)) this.snapshots.set(decision.type, scrubbed.frame);
    for (const watcher of this.watchers) if (watcher.readyState === WebSocket.OPEN) watcher.send(scrubbed.frame, { binary: false });
  }

  /** Live: a nested `response.event`; once a delegation's response completed, its relay tools run and are answered. */
  private answerLiveTools(tools: RelayTools, rounds: LiveToolRounds, frame: Buffer): void {
    if (frame.length > this.options.config.maxInspectedBytes) return;
    let event: unknown;
    try {
      event = JSON.parse(frame.toString('utf8'));
    } catch {
      return;
    }
    const calls = rounds.take(event);
    if (calls.length) void this.runAndAnswer(tools, calls, liveAnswerEvents);
  }

  /** Sends the held fields again when the session no longer has them. */
  private checkHeld(frame: Buffer): void {
    if (this.heldOpening === undefined || frame.length > this.options.config.maxInspectedBytes) return;
    const held = (JSON.parse(this.heldOpening) as { session: Record<string, unknown> }).session;
    let session: unknown;
    try {
      session = (JSON.parse(frame.toString('utf8')) as { session?: unknown }).session;
    } catch {
      return;
    }
    if (!isRecord(session) || heldFieldsMatch(held, session)) return;
    if (this.reasserts >= MAX_REASSERTS) {
      if (this.reasserts++ === MAX_REASSERTS) this.options.log(`relay #${this.id} sideband: held fields changed again; gave up after ${MAX_REASSERTS} tries`);
      return;
    }
    this.reasserts++;
    this.options.log(`relay #${this.id} sideband: a held session field was changed; sent the held values again`);
    if (this.upstream.readyState === WebSocket.OPEN) this.upstream.send(this.heldOpening);
  }

  /** Runs the relay's tools called in a done response and answers them on the sideband. */
  private async answerTools(tools: RelayTools, frame: Buffer): Promise<void> {
    if (frame.length > this.options.config.maxInspectedBytes) return;
    let response: unknown;
    try {
      response = (JSON.parse(frame.toString('utf8')) as { response?: unknown }).response;
    } catch {
      return;
    }
    const calls = functionCallsToAnswer(response, (name) => this.toolNames.has(name));
    if (calls.length === 0) return;
    await this.runAndAnswer(tools, calls, answerEvents);
  }

  /** Runs the calls and sends their answers on the sideband, each through the policy. */
  private async runAndAnswer(tools: RelayTools, calls: FunctionCallItem[], answers: (runs: ToolRun[]) => Array<Record<string, unknown>>): Promise<void> {
    const runs = await tools.runAll(calls);
    for (const run of runs) {
      this.toolRuns++;
      this.options.log(`relay #${this.id} sideband: ran ${run.name} for call ${this.callId} in ${run.ms} ms${run.error ? `; it failed: ${this.scrubber.text(run.error)}` : ''}`);
    }
    for (const event of answers(runs)) {
      if (this.upstream.readyState !== WebSocket.OPEN) return;
      const decision = this.options.policy.checkClient(Buffer.from(JSON.stringify(event)));
      if (decision.action === 'deny') {
        this.options.log(`relay #${this.id} sideband: the policy refused the relay's own ${decision.type ?? 'event'}: ${decision.message}`);
        return;
      }
      this.upstream.send(decision.data, { binary: false });
    }
  }

  private onClose(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const watcher of this.watchers) {
      if (isSendableCode(code)) watcher.close(code, truncateReason(this.scrubber.text(reason)));
      else watcher.close(CLOSE_CODES.normal, 'relay: the call ended');
    }
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    const top = [...this.types].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t, n]) => `${t} ×${n}`).join(', ');
    const error = this.lastError ? `; error: ${this.lastError}` : '';
    this.options.log(
      `relay #${this.id} sideband closed: ${code}${reason ? ` "${this.scrubber.text(reason)}"` : ''} after ${seconds} s; ` +
      `${this.events} server events ${formatBytes(this.bytes)}${top ? ` (${top})` : ''}, held fields sent again ${Math.min(this.reasserts, MAX_REASSERTS)}` +
      `${this.tools ? `, tools run ${this.toolRuns}` : ''}${error}`,
    );
    this.options.onEnd(this);
  }
}

/** Whether the session still has every held field the relay compares (tools by name). */
function heldFieldsMatch(held: Record<string, unknown>, session: Record<string, unknown>): boolean {
  if ('instructions' in held && 'instructions' in session && held.instructions !== session.instructions) return false;
  if ('model' in held && 'model' in session && held.model !== session.model) return false;
  const voice = (value: unknown) => (isRecord(value) && isRecord(value.output) ? value.output.voice : undefined);
  if (voice(held.audio) !== undefined && voice(session.audio) !== undefined && voice(held.audio) !== voice(session.audio)) return false;
  if (Array.isArray(held.tools) && Array.isArray(session.tools)) {
    const names = (tools: unknown[]) => tools.map((tool) => (isRecord(tool) ? `${String(tool.type)}:${String(tool.name ?? tool.server_label)}` : '?')).sort().join(',');
    if (names(held.tools) !== names(session.tools)) return false;
  }
  if (typeof held.tool_choice === 'string' && typeof session.tool_choice === 'string' && held.tool_choice !== session.tool_choice) return false;
  return true;
}

function errorText(frame: Buffer): string {
  try {
    const event = JSON.parse(frame.toString('utf8')) as { error?: { code?: unknown; message?: unknown } };
    return `${String(event.error?.code ?? '')} ${String(event.error?.message ?? '')}`.trim().slice(0, 300);
  } catch {
    return '(unreadable)';
  }
}

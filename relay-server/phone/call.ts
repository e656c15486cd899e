// One phone call: a Twilio Media Streams socket bridged to its own upstream Realtime session.
// µ-law payloads cross untouched both ways; the relay's policy checks every client event the
// bridge sends and every server event it acts on, as it does for a browser's session. Barge-in
// clears Twilio's queue and truncates the item at what the caller heard (playback.ts); function
// calls run here (../relay-tools.ts, shared with the WebRTC sideband). Either side ending ends the other, with the reason logged.
import { performance } from 'node:perf_hooks';
import WebSocket, { type RawData } from 'ws';
import { upstreamUrlFor } from '../access';
import type { RelayConfig } from '../config';
import type { LogSink } from '../logging';
import type { Policy } from '../policy';
import { createSecretScrubber, type SecretScrubber } from '../secret-scrubber';
import { isSendableCode, truncateReason } from '../../src/lib/protocol/close-codes';
import { isRecord } from '../../src/lib/shared/json';
import { CallLog, type CallFacts, type CallEventSource } from './call-log';
import { answerEvents, functionCallsToAnswer, RelayTools } from '../relay-tools';
import { callSession, pinCallFormats } from './call-session';
import type { PhoneConfig } from './config';
import { TWILIO_MEDIA_ENCODING, parseTwilioMessage, twilioClear, twilioMark, twilioMedia, type StartInfo, type TwilioMessage } from './media-streams';
import { PlaybackTracker } from './playback';
import type { StreamTokens } from './stream-tokens';
import { STREAM_TOKEN_PARAMETER } from './webhook';

export interface CallOptions {
  id: string;
  twilio: WebSocket;
  relay: RelayConfig;
  phone: PhoneConfig;
  tokens: StreamTokens;
  policy: Policy;
  log: LogSink;
  /** Whether another call may start now (the relay's and the phone line's limits). */
  admit: () => string | null;
  /** The stream presented a valid token: the call is live. */
  onLive: (call: PhoneCall) => void;
  onEnd: (call: PhoneCall) => void;
}

/** Client frames held while the upstream handshake runs (~5 s of 20 ms frames). */
const MAX_PENDING_FRAMES = 256;
/** Truncated items whose late deltas are dropped; the newest few are enough. */
const MAX_TRUNCATED_IDS = 16;
/** Refusals and upstream errors logged per call before the rest are only counted. */
const MAX_LOGGED_NOTES = 5;
const CLOSE_NORMAL = 1000;
const CLOSE_POLICY = 1008;
const CLOSE_ERROR = 1011;
const CLOSE_TRY_LATER = 1013;

export class PhoneCall {
  readonly facts: CallFacts;
  readonly events: CallLog;
  private readonly options: CallOptions;
  private readonly twilio: WebSocket;
  private readonly scrubber: SecretScrubber;
  private readonly tracker = new PlaybackTracker();
  private readonly tools: RelayTools;
  private readonly startTimer: NodeJS.Timeout;
  private upstream: WebSocket | null = null;
  private upstreamOpened = false;
  private pending: string[] = [];
  private readonly truncated: string[] = [];
  /** The media clock: the last inbound `timestamp` and when it arrived (performance.now()). */
  private clock = { ts: 0, wall: performance.now() };
  private notes = 0;
  private cutTimer: NodeJS.Timeout | null = null;

  constructor(options: CallOptions) {
    this.options = options;
    this.twilio = options.twilio;
    this.scrubber = createSecretScrubber(options.relay.apiKey);
    this.tools = new RelayTools({ ...options.phone, where: 'the phone line' });
    const startedAt = Date.now();
    this.facts = {
      id: options.id, callSid: '', streamSid: '', from: '', startedAt, endedAt: null, codec: 'audio/pcmu', state: 'connecting',
      mediaIn: 0, mediaOut: 0, marksSent: 0, marksEchoed: 0, clears: 0, truncations: 0, dtmf: '', toolRuns: 0, endReason: null,
    };
    this.events = new CallLog(options.id, startedAt);
    this.twilio.on('message', (data, isBinary) => this.onTwilioFrame(data, isBinary));
    this.twilio.on('close', (code) => this.end(`the Twilio stream closed (${code})`, CLOSE_NORMAL));
    this.twilio.on('error', (error) => this.note(`Twilio socket error: ${error.message}`));
    this.startTimer = setTimeout(() => this.refuse(`no "start" with a valid stream token within ${options.phone.startTimeoutMs} ms`, CLOSE_POLICY), options.phone.startTimeoutMs);
  }

  get ended(): boolean {
    return this.facts.state === 'ended';
  }

  /** A console's `session.update` for this call (formats pinned to µ-law); false if the policy refused it. */
  updateSession(session: Record<string, unknown>): boolean {
    return this.sendClient({ type: 'session.update', session: pinCallFormats(session) });
  }

  /** Ends the call (the relay is shutting down: 1001, or draining: 1012), `reason` as the close reason. */
  shutdown(code = 1001, reason = 'relay: shutting down'): void {
    this.end(reason.replace(/^relay: /, ''), code);
  }

  /** Cuts both sockets now (the relay's shutdown backstop). */
  terminate(): void {
    this.end('cut at shutdown', CLOSE_ERROR);
    this.twilio.terminate();
    this.upstream?.terminate();
  }

  // --- Twilio → relay ---

  private onTwilioFrame(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    const parsed = isBinary ? { ok: false as const, reason: 'a binary frame' } : parseTwilioMessage(String(data));
    if (!parsed.ok) {
      if (this.facts.state === 'connecting') this.refuse(`not a Media Streams message before "start": ${parsed.reason}`, CLOSE_POLICY);
      else this.note(`ignored a Twilio frame: ${parsed.reason}`);
      return;
    }
    const message = parsed.message;
    if (this.facts.state === 'connecting') {
      if (message.event === 'connected') this.record('twilio-in', JSON.stringify(message));
      else if (message.event === 'start') this.onStart(message.start);
      else this.refuse(`"${message.event}" before "start"`, CLOSE_POLICY);
      return;
    }
    this.onLiveMessage(message);
  }

  private onStart(start: StartInfo): void {
    clearTimeout(this.startTimer);
    const grant = this.options.tokens.redeem(start.customParameters[STREAM_TOKEN_PARAMETER]);
    if (!grant) return this.refuse('the stream token is missing, used or expired', CLOSE_POLICY);
    if (start.mediaFormat.encoding !== TWILIO_MEDIA_ENCODING || start.mediaFormat.sampleRate !== 8000) {
      return this.refuse(`media format ${start.mediaFormat.encoding}/${start.mediaFormat.sampleRate} is not µ-law at 8 kHz`, CLOSE_POLICY);
    }
    const full = this.options.admit();
    if (full) return this.refuse(full, CLOSE_TRY_LATER);
    Object.assign(this.facts, { state: 'live', streamSid: start.streamSid, callSid: start.callSid || grant.callSid, from: grant.from });
    // The token is spent: the console never needs it.
    const shown = { ...start, customParameters: { ...start.customParameters, [STREAM_TOKEN_PARAMETER]: '[used]' } };
    this.record('twilio-in', JSON.stringify({ event: 'start', start: shown }));
    this.options.onLive(this);
    this.options.log(`relay phone ${this.facts.id} live: call ${this.facts.callSid || '(no sid)'} from ${this.facts.from || '(unknown)'}`);
    this.openUpstream();
  }

  private onLiveMessage(message: TwilioMessage): void {
    switch (message.event) {
      case 'media':
        if (message.track !== 'inbound') return;
        this.clock = { ts: message.timestamp, wall: performance.now() };
        this.facts.mediaIn++;
        // The payload is checked base64, so it needs no escaping.
        this.sendClient(`{"type":"input_audio_buffer.append","audio":"${message.payload}"}`, true);
        return;
      case 'mark':
        this.facts.marksEchoed++;
        this.tracker.echoed(message.name, this.mediaNow());
        if (this.events.watched) this.record('twilio-in', JSON.stringify(message), true);
        return;
      case 'dtmf':
        this.facts.dtmf = (this.facts.dtmf + message.digit).slice(-64);
        this.record('twilio-in', JSON.stringify(message));
        return;
      case 'stop':
        this.record('twilio-in', JSON.stringify(message));
        this.end('the caller hung up (Twilio sent "stop")', CLOSE_NORMAL);
        return;
      default:
        this.note(`ignored a second "${message.event}"`);
    }
  }

  /** Media time now: the last inbound timestamp plus the wall time since it arrived. */
  private mediaNow(): number {
    return this.clock.ts + (performance.now() - this.clock.wall);
  }

  // --- upstream ---

  private openUpstream(): void {
    const { relay, phone } = this.options;
    const upstream = new WebSocket(upstreamUrlFor(phone.upstreamUrl ?? relay.upstreamUrl, relay.defaultModel), {
      headers: { Authorization: `Bearer ${relay.apiKey}` },
      maxPayload: relay.maxUpstreamMessageBytes,
      handshakeTimeout: relay.upstreamConnectTimeoutMs,
      perMessageDeflate: false,
    });
    this.upstream = upstream;
    upstream.on('open', () => {
      this.upstreamOpened = true;
      for (const frame of this.options.policy.openingFrames()) this.sendUpstream(frame, false);
      this.sendClient({ type: 'session.update', session: callSession(this.options.phone.instructions, this.options.phone.voice) });
      const held = this.pending;
      this.pending = [];
      for (const frame of held) this.sendUpstream(frame, frame.startsWith('{"type":"input_audio_buffer.append"'));
    });
    upstream.on('message', (data, isBinary) => {
      if (!isBinary) this.onServerFrame(data as Buffer);
    });
    upstream.on('unexpected-response', (_req, res) => {
      this.end(`the upstream refused the session: HTTP ${res.statusCode ?? 0}`, CLOSE_ERROR);
      upstream.terminate();
    });
    upstream.on('error', (error: Error & { code?: string }) => {
      if (!this.upstreamOpened) this.end(`cannot reach the upstream (${error.code ?? error.message})`, CLOSE_ERROR);
      else this.note(`upstream socket error: ${error.message}`);
    });
    upstream.on('close', (code, reason) => {
      const why = this.scrubber.text(String(reason));
      this.end(`the upstream closed the session (${code}${why ? ` ${why}` : ''})`, code === CLOSE_NORMAL ? CLOSE_NORMAL : CLOSE_ERROR);
    });
  }

  /** Sends a client event through the relay's policy; false when refused or the call is over. */
  private sendClient(event: object | string, audio = false): boolean {
    if (this.ended) return false;
    const text = typeof event === 'string' ? event : JSON.stringify(event);
    const decision = this.options.policy.checkClient(Buffer.from(text));
    if (decision.action === 'deny') {
      this.note(`the relay's policy refused ${decision.type ?? 'an event'}: ${decision.message}`);
      return false;
    }
    const frame = String(decision.data);
    if (this.upstreamOpened) {
      this.sendUpstream(frame, audio);
    } else if (this.pending.length < MAX_PENDING_FRAMES) {
      this.pending.push(frame);
    } else {
      return false; // audio before the upstream answered, past ~5 s: the caller spoke into nothing
    }
    return true;
  }

  private sendUpstream(frame: string, audio: boolean): void {
    if (this.upstream?.readyState !== WebSocket.OPEN) return;
    // What was queued before this frame, as for browser sessions: one legal frame never trips it.
    if (this.upstream.bufferedAmount > this.options.relay.maxBufferedBytes) return this.end('the upstream is not reading (RELAY_MAX_BUFFERED_BYTES queued)', CLOSE_ERROR);
    this.upstream.send(frame);
    if (!audio || this.events.watched) this.record('client', frame, audio);
  }

  private onServerFrame(data: Buffer): void {
    if (this.ended) return;
    const decision = this.options.policy.checkServer(data);
    if (decision.action === 'drop') return this.note(`dropped server event ${decision.type ?? '(unreadable)'}: ${decision.reason}`);
    const bytes = typeof decision.data === 'string' ? Buffer.from(decision.data) : decision.data;
    let event: unknown;
    try {
      event = JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.note('the upstream sent a frame that is not JSON');
    }
    if (!isRecord(event) || typeof event.type !== 'string') return this.note('the upstream sent an event with no type');
    const audio = event.type === 'response.output_audio.delta';
    if (!audio || this.events.watched) {
      const scrubbed = this.scrubber.frame(bytes);
      if (scrubbed.action === 'forward') this.record('server', scrubbed.frame.toString('utf8'), audio);
    }
    switch (event.type) {
      case 'response.output_audio.delta':
        if (typeof event.item_id === 'string' && typeof event.delta === 'string') this.playAudio(event.item_id, event.delta);
        return;
      case 'input_audio_buffer.speech_started':
        this.bargeIn();
        return;
      case 'response.done':
        void this.runTools(event.response);
        return;
      case 'error':
        this.note(`upstream error: ${isRecord(event.error) ? String(event.error.message) : 'unknown'}`);
        return;
      default:
    }
  }

  // --- the assistant's audio, barge-in, tools ---

  private playAudio(itemId: string, delta: string): void {
    if (this.truncated.includes(itemId) || this.twilio.readyState !== WebSocket.OPEN) return;
    const bytes = Math.floor((delta.length * 3) / 4) - (delta.endsWith('==') ? 2 : delta.endsWith('=') ? 1 : 0);
    const sid = this.facts.streamSid;
    this.sendTwilio(twilioMedia(sid, delta), true);
    const mark = this.tracker.sent(itemId, bytes / 8, this.mediaNow());
    this.sendTwilio(twilioMark(sid, mark), true);
    this.facts.mediaOut++;
    this.facts.marksSent++;
  }

  /** The caller spoke over the assistant: drop Twilio's queue and cut the item where the caller stopped hearing it. */
  private bargeIn(): void {
    if (!this.tracker.playing) return;
    const heard = this.tracker.heard(this.mediaNow());
    this.sendTwilio(twilioClear(this.facts.streamSid), false);
    this.tracker.cleared();
    this.facts.clears++;
    if (!heard) return;
    this.truncated.push(heard.itemId);
    if (this.truncated.length > MAX_TRUNCATED_IDS) this.truncated.shift();
    this.facts.truncations++;
    this.sendClient({ type: 'conversation.item.truncate', item_id: heard.itemId, content_index: 0, audio_end_ms: heard.ms });
  }

  private async runTools(response: unknown): Promise<void> {
    const calls = functionCallsToAnswer(response, () => true);
    if (calls.length === 0) return;
    const runs = await this.tools.runAll(calls);
    if (this.ended) return;
    for (const run of runs) {
      this.facts.toolRuns++;
      this.record('relay', JSON.stringify({ type: 'relay.tool_run', ...run }));
    }
    for (const event of answerEvents(runs)) this.sendClient(event);
  }

  // --- records and ending ---

  private sendTwilio(frame: string, audio: boolean): void {
    if (this.twilio.readyState !== WebSocket.OPEN) return;
    if (this.twilio.bufferedAmount > this.options.relay.maxBufferedBytes) return this.end('Twilio is not reading (RELAY_MAX_BUFFERED_BYTES queued)', CLOSE_ERROR);
    this.twilio.send(frame);
    if (!audio || this.events.watched) this.record('twilio-out', frame, audio);
  }

  private record(source: CallEventSource, text: string, audio = false): void {
    this.events.add(source, text, audio);
  }

  /** A relay note on the call's log; the first few also go to the relay's log. */
  private note(message: string): void {
    this.record('relay', JSON.stringify({ type: 'relay.note', message }));
    if (this.notes++ < MAX_LOGGED_NOTES) this.options.log(`relay phone ${this.facts.id}: ${message}`);
  }

  /** Closes a stream that never became a call: no upstream was opened. */
  private refuse(reason: string, code: number): void {
    this.options.log(`relay phone ${this.facts.id} refused: ${reason}`);
    this.end(reason, code);
  }

  private end(reason: string, code: number): void {
    if (this.ended) return;
    const wasLive = this.facts.state === 'live';
    clearTimeout(this.startTimer);
    Object.assign(this.facts, { state: 'ended', endedAt: Date.now(), endReason: reason });
    this.pending = [];
    this.record('relay', JSON.stringify({ type: 'relay.call_ended', reason }));
    const closeReason = truncateReason(`relay: ${reason}`);
    for (const socket of [this.twilio, this.upstream]) {
      if (!socket) continue;
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else if (socket.readyState === WebSocket.OPEN) socket.close(isSendableCode(code) ? code : CLOSE_ERROR, closeReason);
    }
    this.cutTimer = setTimeout(() => {
      this.twilio.terminate();
      this.upstream?.terminate();
    }, this.options.relay.shutdownGraceMs);
    this.cutTimer.unref();
    this.events.clearListeners();
    if (wasLive) {
      const f = this.facts;
      const seconds = ((Date.now() - f.startedAt) / 1000).toFixed(1);
      this.options.log(`relay phone ${f.id} ended after ${seconds} s: ${reason}; media in ${f.mediaIn}, out ${f.mediaOut}, marks ${f.marksEchoed}/${f.marksSent}, clears ${f.clears}, tools ${f.toolRuns}`);
    }
    this.options.onEnd(this);
  }
}

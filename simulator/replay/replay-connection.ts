// One connection answered from a recording instead of the simulator's engine: each client event
// is matched against the recording's next turn, and the recorded server events are sent when
// their anchor is released (replay-plan.ts), at their recorded delay ÷ speed, in recorded order.
//
// On a divergence, `stop` mode (the default) sends an `error` event (`replay_diverged`, the
// message naming turn, field, expected and got) and closes with REPLAY_DIVERGED_CLOSE: a
// regression test should fail at the first difference, visibly in the app under test, instead
// of running on into replies that no longer fit. It does not hand over to the normal engine:
// that engine never saw the recorded conversation, so its replies would be neither the
// recording nor a coherent continuation. `continue` mode reports and goes on (for fidelity
// figures), without the `error` event, so the client runs as it would.
//
// The same connection answers a WebSocket or a WebRTC call (`media`): a call's microphone comes
// in through `appendAudio` instead of appends, and its track plays what media-output.ts decides.
import type WebSocket from 'ws';
import type { EventChannel } from '../event-channel';
import { Outbox, type ServerEventDraft } from '../outbox';
import type { FaultPlan } from '../faults';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { newSessionId } from '../ids';
import { jsonDepthExceeds } from '../request-safety';
import { isRecord } from '../../src/lib/shared/json';
import { eventFields } from '../../src/lib/inspector/records';
import { fillPlaceholder, mapStrings } from './audio-length';
import { compareClientEvent, IdMap, type FieldDifference } from './client-match';
import type { Fields, ReplayPlan, SpeechWindow } from './replay-plan';
import { SPEECH_LEVEL_TOLERANCE_DB } from './speech-level';
import { InputClock } from './input-clock';
import { SessionAudio } from './session-audio';
import { ReplayMediaOutput } from './media-output';
import type { FrameSource } from '../webrtc/media-sender';
import { describeDivergence, divergenceFrom, MAX_DIVERGENCES, type ConnectionReport, type DivergenceKind, type ModelAudio, type ReplayMode, type ReplayReportFile } from './replay-report';

/** Close code after a divergence in `stop` mode (4000–4999 is for applications, RFC 6455 §7.4.2). */
export const REPLAY_DIVERGED_CLOSE = 4001;
/** In `continue` mode, how many turns ahead an unexpected event type is looked for. */
const RESYNC_LOOKAHEAD = 3;
/** Largest audio a placeholder is filled with (a delta is far smaller). */
const MAX_FILLED_BYTES = 1 << 20;
/** How long the client's audio may stall short of a recorded VAD event (default of `audioTimeoutMs`). */
export const DEFAULT_AUDIO_TIMEOUT_MS = 3000;
/** Input audio within this of a recorded VAD event's place has reached it (chunks round differently). */
const AUDIO_REACHED_MS = 0.5;

export interface ReplayConnectionOptions {
  channel: EventChannel;
  plan: ReplayPlan;
  speed: number;
  mode: ReplayMode;
  faults: FaultPlan;
  reports: ReplayReportFile;
  log: (line: string) => void;
  onServerEvent?: (event: ServerEvent) => void;
  /** A WebRTC call: the microphone is a track (`appendAudio`), the model's audio goes out as media (`output`). */
  media?: boolean;
  /** See DEFAULT_AUDIO_TIMEOUT_MS. */
  audioTimeoutMs?: number;
}

export class ReplayConnection {
  private readonly outbox: Outbox;
  private readonly ids = new IdMap();
  /** When each anchor was released (ms, performance clock); undefined until then. */
  private readonly released: number[] = [];
  private nextTurn = 0;
  private nextServer = 0;
  private lastEmit = 0;
  private readonly input = new InputClock();
  private readonly audio = new SessionAudio();
  private readonly media: ReplayMediaOutput | null;
  /** When the client's input audio last grew (performance clock). */
  private lastAudioAt = performance.now();
  private audioWait: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly startedAt = performance.now();
  private readonly report: ConnectionReport;
  private readonly shift: { seconds: number; sessionId: string };

  constructor(private readonly options: ReplayConnectionOptions) {
    this.outbox = new Outbox(options.channel, options.faults, options.onServerEvent);
    const { plan } = options;
    this.media = options.media ? new ReplayMediaOutput(plan.output.deltas > 0 ? 'deltas' : 'transcripts', this.outbox, this.audio, plan.output.trimmedDeltas > 0) : null;
    this.report = options.reports.open({
      recording: plan.name,
      transport: options.media ? 'webrtc' : 'websocket',
      modelAudio: modelAudio(plan, options.media === true),
      speed: options.speed,
      mode: options.mode,
      startedAt: new Date().toISOString(),
      endedAt: null,
      turns: plan.turns.length,
      matched: 0,
      diverged: 0,
      serverEventsTotal: plan.serverEvents.length,
      serverEventsSent: 0,
      complete: false,
      waitingFor: null,
      stoppedAt: null,
      divergences: [],
    });
    const createdAt = plan.sessionCreatedAt ?? plan.anchors[0].time;
    // expires_at keeps its distance from session.created, on today's clock.
    this.shift = { seconds: Math.round((Date.now() - createdAt) / 1000), sessionId: newSessionId() };
  }

  start(): void {
    this.options.log(`simulator: replaying ${this.options.plan.name} (${this.options.plan.turns.length} turns, ${this.options.plan.serverEvents.length} server events, speed ${this.options.speed}x, ${this.options.mode} on divergence)`);
    for (const warning of this.options.plan.warnings) this.options.log(`simulator: replay warning: ${warning}`);
    this.release(0);
  }

  /** The model's audio for a call's outgoing track (null on a WebSocket). */
  get output(): FrameSource | null {
    return this.media;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.audioWait) clearTimeout(this.audioWait);
    this.timer = null;
    this.audioWait = null;
    this.outbox.stall();
    if (this.stopped) return;
    this.stopped = true;
    this.finishReport();
  }

  handleFrame(data: WebSocket.RawData | string, isBinary: boolean): void {
    if (this.stopped) return;
    const text = String(data);
    let parsed: unknown = null;
    if (!isBinary && !jsonDepthExceeds(text)) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    const event = eventFields(parsed);
    if (!event) {
      // Not an event at all: the recording cannot have expected it.
      this.diverge('type', { path: 'type', expected: this.expectedType(), got: isBinary ? '(binary frame)' : '(not a JSON event)' }, null);
      return;
    }
    if (event.type === 'input_audio_buffer.append') {
      this.input.append(event, this.audio.input);
      this.audioGrew();
      return;
    }
    // The server applies a session.update when it reads it: later appends are in its format.
    this.audio.observe(event);
    if (event.type === 'output_audio_buffer.clear') this.media?.clientClear();
    this.onTurnEvent(event, this.options.media ? null : this.input.bufferedBytes);
    if (event.type === 'input_audio_buffer.commit' || event.type === 'input_audio_buffer.clear') this.input.emptied();
  }

  /** A WebRTC call's microphone, decoded (24 kHz PCM16). */
  appendAudio(samples: Int16Array): void {
    if (this.stopped) return;
    this.input.appendSamples(samples);
    this.audioGrew();
  }

  private audioGrew(): void {
    this.lastAudioAt = performance.now();
    this.releaseAudioAnchors();
    this.armAudioWait();
  }

  private expectedType(): string | null {
    return this.options.plan.turns[this.nextTurn]?.event.type ?? null;
  }

  /** `buffered`: audio bytes appended since the buffer was last emptied, before this event (null over media). */
  private onTurnEvent(event: Fields, buffered: number | null): void {
    const { turns } = this.options.plan;
    const expected = turns[this.nextTurn];
    if (!expected) {
      this.diverge('extra', null, event, turns.length + 1);
      return;
    }
    const difference = compareClientEvent(expected, event, buffered, this.ids);
    if (!difference) {
      this.report.matched++;
      this.matchTurn();
      return;
    }
    if (this.options.mode === 'stop') {
      this.diverge(difference.path === 'type' ? 'type' : 'field', difference, event);
      return;
    }
    if (difference.path !== 'type') {
      // Same type, another field: counted, and taken as the turn so the replay goes on.
      this.diverge('field', difference, event);
      this.matchTurn();
      return;
    }
    const ahead = turns.slice(this.nextTurn + 1, this.nextTurn + 1 + RESYNC_LOOKAHEAD).findIndex((t) => t.event.type === event.type);
    if (ahead < 0) {
      this.diverge('type', difference, event);
      return;
    }
    for (let skipped = 0; skipped <= ahead; skipped++) {
      this.diverge('missing', null, null);
      this.matchTurn();
    }
    this.onTurnEvent(event, buffered);
  }

  private matchTurn(): void {
    const matched = this.options.plan.turns[this.nextTurn];
    this.nextTurn++;
    if (matched) this.releaseUpTo(matched.anchor);
  }

  /** Releases audio anchors the client's audio has now reached, in order. */
  private releaseAudioAnchors(): void {
    const { anchors } = this.options.plan;
    let index = this.released.length;
    while (index < anchors.length) {
      const anchor = anchors[index];
      if (anchor.kind !== 'audio' || anchor.audioMs > this.input.ms + AUDIO_REACHED_MS) break;
      this.release(index);
      index++;
    }
  }

  /** A matched turn releases its anchor and every one before it (audio the client did not send included). */
  private releaseUpTo(index: number): void {
    if (index < 0) return;
    while (this.released.length <= index) this.release(this.released.length);
    this.releaseAudioAnchors();
  }

  private release(index: number): void {
    if (this.released.length !== index) return;
    this.released.push(Math.max(performance.now(), this.released[index - 1] ?? 0));
    const anchor = this.options.plan.anchors[index];
    if (anchor.kind === 'audio' && anchor.speech) this.checkSpeech(anchor.speech);
    this.pump();
    this.armAudioWait();
  }

  /**
   * The next anchor is a recorded VAD event the client's audio has not reached: wait for the
   * audio, but not forever. A client that sent less than the recorded one (or stopped its track)
   * would leave the turn open for good; so once its audio has stalled for `audioTimeoutMs`, and
   * at least as long as the recording took to get there has passed (a client that holds its
   * microphone back while the answer plays is not stalled), it is a divergence (`timeout`). In
   * `continue` mode the event is then released as if the audio had come, so the turn ends as
   * recorded; in `stop` mode the replay ends there like any divergence.
   */
  private armAudioWait(): void {
    if (this.audioWait) clearTimeout(this.audioWait);
    this.audioWait = null;
    const index = this.released.length;
    const { anchors } = this.options.plan;
    const anchor = anchors[index];
    if (this.stopped || anchor?.kind !== 'audio') return;
    const timeoutMs = this.options.audioTimeoutMs ?? DEFAULT_AUDIO_TIMEOUT_MS;
    const recordedGap = anchor.time - anchors[index - 1].time;
    const due = Math.max(this.lastAudioAt, this.released[index - 1] + recordedGap) + timeoutMs;
    this.audioWait = setTimeout(() => this.guarded(() => this.audioTimedOut(index, due)), Math.max(0, due - performance.now()));
  }

  private audioTimedOut(index: number, due: number): void {
    this.audioWait = null;
    const anchor = this.options.plan.anchors[index];
    if (this.stopped || this.released.length !== index || anchor.kind !== 'audio') return;
    if (performance.now() + 1 < due) return this.armAudioWait();
    const waited = Math.round(performance.now() - this.lastAudioAt);
    this.diverge('timeout', { path: `(input audio, ms, for ${anchor.type})`, expected: Math.round(anchor.audioMs), got: Math.round(this.input.ms) }, null, this.nextTurn, { expectedType: anchor.type, waitedMs: waited });
    if (this.options.mode === 'continue') this.release(index);
  }

  /** Sends every server event that is due, then waits for the next one's time or anchor. */
  private pump(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const { serverEvents } = this.options.plan;
    while (this.nextServer < serverEvents.length) {
      const planned = serverEvents[this.nextServer];
      const releasedAt = this.released[planned.anchor];
      if (releasedAt === undefined) return;
      const due = Math.max(this.lastEmit, releasedAt + planned.offsetMs / this.options.speed);
      const now = performance.now();
      if (due > now + 1) {
        this.timer = setTimeout(() => this.guarded(() => this.pump()), due - now);
        return;
      }
      this.lastEmit = Math.max(due, this.lastEmit);
      this.nextServer++;
      this.send(planned.event);
    }
    // The recording is over; the socket stays open until the client closes it, as a session would.
    if (this.nextTurn >= this.options.plan.turns.length && !this.report.complete) this.finishReport();
  }

  /** A timer's work: whatever it throws is logged, never left to end the process. */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options.log(`simulator: replay failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private send(recorded: Fields): void {
    this.report.serverEventsSent++;
    this.audio.observe(recorded);
    if (recorded.type === 'input_audio_buffer.committed' || recorded.type === 'input_audio_buffer.cleared') this.input.emptied();
    // Over WebRTC the model's audio is media, not events.
    if (this.media?.carries(recorded)) return;
    this.outbox.send(this.rewrite(recorded) as unknown as ServerEventDraft);
    this.media?.sent(recorded);
  }

  /** Ids the client chose (event ids, item ids) and the session's id and expiry, on today's terms. */
  private rewrite(recorded: Fields): Fields {
    const session = recorded.session;
    const isSession = (recorded.type === 'session.created' || recorded.type === 'session.updated') && isRecord(session);
    if (isSession && typeof session.id === 'string') this.ids.learn(session.id, this.shift.sessionId);
    const copy = mapStrings(recorded, (s) => this.ids.forClient(fillPlaceholder(s, MAX_FILLED_BYTES)));
    if (isSession && isRecord(copy.session) && typeof copy.session.expires_at === 'number') copy.session.expires_at += this.shift.seconds;
    return copy;
  }

  /** The recorded VAD found speech here: the new client must have sent some too. */
  private checkSpeech(speech: SpeechWindow): void {
    const got = this.input.levels.peakDbfs(speech.fromMs, speech.toMs);
    if (got >= speech.levelDbfs - SPEECH_LEVEL_TOLERANCE_DB) return;
    const what = speech.basis === 'recorded' ? 'peak dBFS' : 'peak dBFS against the VAD threshold';
    this.diverge('audio', { path: `(input audio ${Math.round(speech.fromMs)}–${Math.round(speech.toMs)} ms, ${what})`, expected: speech.levelDbfs, got }, null, this.nextTurn);
  }

  private diverge(kind: DivergenceKind, difference: FieldDifference | null, got: Fields | null, turn = this.nextTurn + 1, wait?: { expectedType: string; waitedMs: number }): void {
    const expectedType = wait?.expectedType ?? this.options.plan.turns[turn - 1]?.event.type ?? null;
    const divergence = divergenceFrom(kind, turn, expectedType, got?.type ?? (kind === 'type' ? String(difference?.got) : null), difference, Math.round(performance.now() - this.startedAt));
    if (wait) divergence.waitedMs = wait.waitedMs;
    this.report.diverged++;
    if (this.report.divergences.length < MAX_DIVERGENCES) this.report.divergences.push(divergence);
    const message = describeDivergence(divergence, this.options.plan.name);
    this.options.log(`simulator: ${message}`);
    if (this.options.mode === 'stop') {
      this.report.stoppedAt = divergence;
      const eventId = typeof got?.event_id === 'string' ? got.event_id : null;
      this.outbox.send({ type: 'error', error: { type: 'invalid_request_error', code: 'replay_diverged', message, param: divergence.path, event_id: eventId } });
      this.outbox.close(REPLAY_DIVERGED_CLOSE, divergence.kind === 'audio' || divergence.kind === 'timeout' ? `replay diverged after turn ${divergence.turn}` : `replay diverged at turn ${divergence.turn}`);
      this.stop();
      return;
    }
    if (this.report.divergences.length <= MAX_DIVERGENCES) this.options.reports.write();
  }

  private finishReport(): void {
    const { plan } = this.options;
    const report = this.report;
    report.complete = report.stoppedAt === null && this.nextTurn >= plan.turns.length && report.serverEventsSent === plan.serverEvents.length;
    const waiting = plan.turns[this.nextTurn];
    report.waitingFor = waiting && report.stoppedAt === null ? { turn: waiting.turn, type: waiting.event.type } : null;
    if (this.stopped) {
      report.endedAt = new Date().toISOString();
      this.options.log(`simulator: replay of ${plan.name} ended: ${report.matched}/${report.turns} turns matched, ${report.diverged} diverged, ${report.serverEventsSent}/${report.serverEventsTotal} server events sent${report.waitingFor ? `, waiting for turn ${report.waitingFor.turn} (${report.waitingFor.type})` : ''}`);
    }
    this.options.reports.write();
  }
}

/** What the replayed client hears of the model (the connection report's `modelAudio`). */
function modelAudio(plan: ReplayPlan, media: boolean): ModelAudio {
  const { deltas, trimmedDeltas, bufferEvents } = plan.output;
  if (deltas === 0) return media && bufferEvents > 0 ? 'synthesised' : 'none';
  if (trimmedDeltas === 0) return 'recorded';
  return media ? 'synthesised' : 'silence';
}

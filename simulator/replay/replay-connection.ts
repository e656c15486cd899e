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
import type WebSocket from 'ws';
import type { EventChannel } from '../event-channel';
import { Outbox, type ServerEventDraft } from '../outbox';
import type { FaultPlan } from '../faults';
import type { ServerEvent } from '../../src/lib/protocol/protocol-types';
import { newSessionId } from '../ids';
import { jsonDepthExceeds } from '../request-safety';
import { isRecord } from '../../src/lib/shared/json';
import { eventFields } from '../../src/lib/inspector/records';
import { appendedBytes, fillPlaceholder, mapStrings } from './audio-length';
import { compareClientEvent, IdMap, type FieldDifference } from './client-match';
import type { Fields, ReplayPlan, SpeechWindow } from './replay-plan';
import { FrameLevels, SPEECH_LEVEL_TOLERANCE_DB } from './speech-level';
import { isAudioPlaceholder } from './audio-length';
import { describeDivergence, divergenceFrom, MAX_DIVERGENCES, type ConnectionReport, type DivergenceKind, type ReplayMode, type ReplayReportFile } from './replay-report';

/** Close code after a divergence in `stop` mode (4000–4999 is for applications, RFC 6455 §7.4.2). */
export const REPLAY_DIVERGED_CLOSE = 4001;
/** In `continue` mode, how many turns ahead an unexpected event type is looked for. */
const RESYNC_LOOKAHEAD = 3;
/** Largest audio a placeholder is filled with (a delta is far smaller). */
const MAX_FILLED_BYTES = 1 << 20;

export interface ReplayConnectionOptions {
  channel: EventChannel;
  plan: ReplayPlan;
  speed: number;
  mode: ReplayMode;
  faults: FaultPlan;
  reports: ReplayReportFile;
  log: (line: string) => void;
  onServerEvent?: (event: ServerEvent) => void;
}

export class ReplayConnection {
  private readonly outbox: Outbox;
  private readonly ids = new IdMap();
  /** When each anchor was released (ms, performance clock); undefined until then. */
  private readonly released: number[] = [];
  private nextTurn = 0;
  private nextServer = 0;
  private lastEmit = 0;
  private audioTotal = 0;
  private buffered = 0;
  private readonly levels = new FrameLevels();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly startedAt = performance.now();
  private readonly report: ConnectionReport;
  private readonly shift: { seconds: number; sessionId: string };

  constructor(private readonly options: ReplayConnectionOptions) {
    this.outbox = new Outbox(options.channel, options.faults, options.onServerEvent);
    const { plan } = options;
    this.report = options.reports.open({
      recording: plan.name,
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

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
      const bytes = appendedBytes(event);
      if (typeof event.audio === 'string' && !isAudioPlaceholder(event.audio)) this.levels.push(Buffer.from(event.audio, 'base64'));
      this.audioTotal += bytes;
      this.buffered += bytes;
      this.releaseAudioAnchors();
      return;
    }
    this.onTurnEvent(event, this.buffered);
    if (event.type === 'input_audio_buffer.commit' || event.type === 'input_audio_buffer.clear') this.buffered = 0;
  }

  private expectedType(): string | null {
    return this.options.plan.turns[this.nextTurn]?.event.type ?? null;
  }

  /** `buffered`: audio appended since the buffer was last emptied, before this event. */
  private onTurnEvent(event: Fields, buffered: number): void {
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
      if (anchor.kind !== 'audio' || anchor.audioBytes > this.audioTotal) break;
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
    const event = this.rewrite(recorded);
    if (event.type === 'input_audio_buffer.committed' || event.type === 'input_audio_buffer.cleared') this.buffered = 0;
    this.outbox.send(event as unknown as ServerEventDraft);
    this.report.serverEventsSent++;
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
    const got = this.levels.peakDbfs(speech.fromMs, speech.toMs);
    if (got >= speech.levelDbfs - SPEECH_LEVEL_TOLERANCE_DB) return;
    this.diverge('audio', { path: `(input audio ${speech.fromMs}–${speech.toMs} ms, peak dBFS)`, expected: speech.levelDbfs, got }, null, this.nextTurn);
  }

  private diverge(kind: DivergenceKind, difference: FieldDifference | null, got: Fields | null, turn = this.nextTurn + 1): void {
    const expectedType = this.options.plan.turns[turn - 1]?.event.type ?? null;
    const divergence = divergenceFrom(kind, turn, expectedType, got?.type ?? (kind === 'type' ? String(difference?.got) : null), difference, Math.round(performance.now() - this.startedAt));
    this.report.diverged++;
    if (this.report.divergences.length < MAX_DIVERGENCES) this.report.divergences.push(divergence);
    const message = describeDivergence(divergence, this.options.plan.name);
    this.options.log(`simulator: ${message}`);
    if (this.options.mode === 'stop') {
      this.report.stoppedAt = divergence;
      const eventId = typeof got?.event_id === 'string' ? got.event_id : null;
      this.outbox.send({ type: 'error', error: { type: 'invalid_request_error', code: 'replay_diverged', message, param: divergence.path, event_id: eventId } });
      this.outbox.close(REPLAY_DIVERGED_CLOSE, divergence.kind === 'audio' ? `replay diverged after turn ${divergence.turn}` : `replay diverged at turn ${divergence.turn}`);
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

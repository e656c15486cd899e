// One simulated GPT-Live session on a primary WebSocket: `session.start` first, then a session
// clock that only input audio advances. Each 100 ms of input is one tick: the user's lane (VAD,
// timed transcript), the actions due (replies, delegations, acknowledgements, backend steps),
// the appends placed on the timeline, and one 100 ms output delta (silence between speech).
// No socket here: the server hands frames in and sends what `send` gets.
import type { ServerEvent as LiveServerEvent, SessionClosedEvent, SessionResource } from 'openai/resources/live/live';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { AudioEncoder } from '../../src/lib/audio-codec/audio-codec';
import type { AudioFormat } from '../../src/lib/audio-codec/audio-format';
import { newEventId, newResponseId } from '../ids';
import { InputLane, TICK_MS, type InputLaneEvent } from './input-lane';
import { OutputLane } from './output-lane';
import { ResponsesBackend, type BackendTask } from './responses-backend';
import { LIVE_MODELS } from './live-config';
import { LiveCommands } from './live-commands';
import { detectIntent } from '../tools/intents';
import { SimulatedDecisions } from './decisions';
import { SaidLog } from './said-log';
import type { LiveStore, StoredLiveSession } from './live-store';

/** Cumulative usage is reported this often, in session time ("about every 15 s"). */
export const USAGE_INTERVAL_MS = 15_000;
/** From the end of the user's speech to the model's answer or delegation. */
export const REPLY_DELAY_MS = 200;
/** From a delegation to the backend's first events (Responses delegation). */
export const BACKEND_DELAY_MS = 300;
/** The automatic spoken acknowledgement of a delegation. */
export const ACKNOWLEDGEMENT_TEXT = 'One moment, let me check.';
/** Context tokens a second of conversation stands for in the simulator's usage_ratio estimate. */
const TOKENS_PER_SECOND = 25;
const CONTEXT_TOKENS = 128_000;

export interface LiveSessionOptions {
  send: (event: LiveServerEvent) => void;
  /** Ends the socket after `session.closed`. */
  close: (code: number, reason: string) => void;
  /** Texts successive speech turns stand for. */
  script?: readonly string[];
  models?: readonly string[];
  log?: (line: string) => void;
  /**
   * A media transport (WebRTC) takes each 100 ms output window here, for its outgoing track,
   * instead of `session.output_audio.delta` events (live.d.ts: deltas are primary WebSocket only).
   */
  onOutputAudio?: (samples: Int16Array, startMs: number) => void;
  /** Where the session is registered while active, and kept when it closes with `store: true`. */
  store?: LiveStore;
  /** A fork's session: `session.start` carries overrides of this stored session (fork-config.ts). */
  forkOf?: StoredLiveSession;
}

export interface Delegation {
  id: string;
  target: 'client' | 'responses' | 'decisions';
  offsetMs: number;
  userText: string;
  answered: boolean;
  task: BackendTask | null;
}

export interface Append {
  kind: 'instructions' | 'thinking' | 'commentary';
  content: string;
  delegationId: string | null;
  clientEventId?: string;
}

export class LiveSession {
  session: SessionResource | null = null;
  input: InputLane | null = null;
  output: OutputLane | null = null;
  backend: ResponsesBackend | null = null;
  readonly delegations = new Map<string, Delegation>();
  readonly pendingAppends: Append[] = [];
  closed = false;
  private encoder: AudioEncoder | null = null;
  private scheduled: { atMs: number; run: (atMs: number) => void; tag?: string }[] = [];
  private nextUsageMs = USAGE_INTERVAL_MS;
  private readonly commands: LiveCommands;
  readonly decisions = new SimulatedDecisions((event) => this.emit(event));
  /** What was said on both lanes, for Decisions' questions. */
  private heard = '';
  /** What was said, for a stored session's forks. */
  private readonly said = new SaidLog();

  constructor(readonly options: LiveSessionOptions) {
    this.commands = new LiveCommands(this);
  }

  get models(): readonly string[] {
    return this.options.models ?? LIVE_MODELS;
  }

  get nowMs(): number {
    return this.input?.nowMs ?? 0;
  }

  handleText(text: string): void {
    this.commands.handle(text);
  }

  emit(event: LiveServerEvent): void {
    if (!this.closed) this.options.send(event);
  }

  /** `session.start` accepted: the lanes exist from here on. */
  begin(session: SessionResource): void {
    this.session = session;
    this.options.store?.opened(session.id, this.options.onOutputAudio ? 'webrtc' : 'websocket');
    this.input = new InputLane(session.audio?.format, this.options.script ?? []);
    this.output = new OutputLane(session.audio?.output?.voice);
    this.encoder = new AudioEncoder((session.audio?.format ?? { type: 'audio/pcm', rate: 24000 }) as AudioFormat);
    if (session.delegation?.type === 'responses') this.backend = new ResponsesBackend(session.delegation.responses);
  }

  appendAudio(bytes: Uint8Array): void {
    this.input?.append(bytes, (startMs, events) => this.tick(startMs, events));
  }

  schedule(atMs: number, run: (atMs: number) => void, tag?: string): void {
    this.scheduled.push({ atMs, run, tag });
    this.scheduled.sort((a, b) => a.atMs - b.atMs);
  }

  /** Commentary or thinking cancels every pending acknowledgement (live.d.ts ClientDelegation). */
  cancelAcknowledgements(): void {
    this.scheduled = this.scheduled.filter((s) => s.tag !== 'acknowledgement');
    this.output?.cancelPending('acknowledgement');
  }

  usageSeconds(): number {
    return Math.round(this.nowMs / 100) / 10;
  }

  emitNested(delegationId: string | null, events: ResponseStreamEvent[]): void {
    for (const event of events) {
      this.emit({ type: 'response.event', event_id: newEventId(), delegation_id: delegationId, event: event as unknown as Record<string, unknown> });
    }
  }

  private tick(startMs: number, events: InputLaneEvent[]): void {
    const endMs = startMs + TICK_MS;
    for (const event of events) this.onInput(event);
    while (this.scheduled.length && this.scheduled[0].atMs < endMs) {
      const due = this.scheduled.shift()!;
      due.run(due.atMs);
    }
    for (const append of this.pendingAppends.splice(0)) this.place(append, startMs);
    const window = this.output!.next(startMs);
    if (this.options.onOutputAudio) this.options.onOutputAudio(window.samples, startMs);
    else this.emit({ type: 'session.output_audio.delta', delta: Buffer.from(this.encoder!.encode(window.samples)).toString('base64') });
    if (window.transcript) {
      const { text, startMs: from, endMs: to } = window.transcript;
      this.transcribed({ type: 'session.output_transcript.delta', event_id: newEventId(), delta: text, start_ms: from, end_ms: to });
    }
    if (endMs >= this.nextUsageMs) {
      this.nextUsageMs += USAGE_INTERVAL_MS;
      this.emitUsage();
    }
  }

  emitUsage(): void {
    const seconds = this.usageSeconds();
    this.emit({
      type: 'session.usage.updated',
      event_id: newEventId(),
      usage: { seconds },
      context_window: { usage_ratio: Math.min(1, Math.round(((seconds * TOKENS_PER_SECOND) / CONTEXT_TOKENS) * 1e4) / 1e4) },
    });
  }

  /** A transcript delta goes out; Decisions triggers on its type fire after it. */
  private transcribed(delta: { type: 'session.input_transcript.delta' | 'session.output_transcript.delta'; event_id: string; delta: string; start_ms: number; end_ms: number }): void {
    this.emit(delta);
    this.heard += delta.delta;
    this.said.add(delta.type === 'session.input_transcript.delta' ? 'user' : 'assistant', delta.delta);
    const triggers = this.session?.triggers ?? [];
    if (triggers.length) this.decisions.transcribed(triggers, this.decisionsModel(), { type: delta.type, eventId: delta.event_id, endMs: delta.end_ms }, this.heard);
  }

  /** The Decisions model: the delegation's when it delegates to Decisions (triggers name none). */
  decisionsModel(): string {
    return this.session?.delegation?.type === 'decisions' ? this.session.delegation.decisions.model : 'gpt-5.5-mini';
  }

  /** `decision.create` and a `decisions` delegation: the delegation's questions, on what was said. */
  decide(delegationId?: string): boolean {
    const delegation = this.session?.delegation;
    if (delegation?.type !== 'decisions') return false;
    this.decisions.evaluate(delegation.decisions.questions, delegation.decisions.model, this.heard, { delegationId });
    return true;
  }

  private onInput(event: InputLaneEvent): void {
    if (event.kind === 'transcript') {
      const { text, startMs, endMs } = event.bucket;
      this.transcribed({ type: 'session.input_transcript.delta', event_id: newEventId(), delta: text, start_ms: startMs, end_ms: endMs });
    } else if (event.kind === 'speech_started') {
      this.output!.bargeIn(event.atMs);
    } else {
      this.schedule(event.atMs + REPLY_DELAY_MS, (atMs) => this.reply(event.text, atMs));
    }
  }

  /** The model's turn after the user's: speak, or delegate a task it cannot do itself. */
  private reply(text: string, atMs: number): void {
    const intent = detectIntent(text);
    if (intent.kind === 'none' || intent.kind === 'arithmetic') {
      this.output!.say(`You said: ${text}. I am the local GPT-Live simulator; ask me about the weather in Paris.`, 'reply');
      return;
    }
    this.delegate(text, atMs);
  }

  /** A delegation at `atMs` on the timeline (inside the current tick). */
  private delegate(userText: string, atMs: number): void {
    const target = this.backend ? 'responses' : this.session!.delegation?.type === 'decisions' ? 'decisions' : 'client';
    const id = `dlg_${newEventId().slice('event_'.length)}`;
    const task: BackendTask | null = this.backend ? { responseId: newResponseId(), model: this.session!.delegation?.type === 'responses' ? this.session!.delegation.responses.model : '', pending: null, outputs: new Map() } : null;
    const delegation: Delegation = { id, target, offsetMs: atMs, userText, answered: false, task };
    this.delegations.set(id, delegation);
    this.emit({
      type: 'session.delegation.created',
      event_id: newEventId(),
      offset_ms: delegation.offsetMs,
      delegation: task ? { id, target, type: 'delegation', response_id: task.responseId } : { id, target, type: 'delegation' },
    });
    const delay = this.session!.delegation?.acknowledgement_delay_ms ?? 0;
    this.schedule(atMs + delay, () => this.output!.say(ACKNOWLEDGEMENT_TEXT, 'acknowledgement'), 'acknowledgement');
    if (task) this.schedule(atMs + BACKEND_DELAY_MS, () => this.backendStep(delegation, this.backend!.start(task, userText)));
    // Native Decisions delegation: Live asks Decisions itself; the app reads the answers and
    // tells Live what happened (commentary or thinking for this delegation).
    if (target === 'decisions') this.schedule(atMs + BACKEND_DELAY_MS, () => this.decide(id));
  }

  backendStep(delegation: Delegation | null, step: { events: ResponseStreamEvent[]; spoken: string | null }): void {
    this.emitNested(delegation?.id ?? null, step.events);
    if (step.spoken !== null) {
      if (delegation) delegation.answered = true;
      this.output!.say(step.spoken, 'reply');
    }
  }

  /** An append reaches the timeline at the next tick: `*.appended` at that position. */
  private place(append: Append, atMs: number): void {
    const base = { event_id: newEventId(), start_ms: atMs, end_ms: atMs, ...(append.clientEventId !== undefined ? { client_event_id: append.clientEventId } : {}) };
    if (append.kind === 'instructions') this.emit({ type: 'session.instructions.appended', ...base });
    else if (append.kind === 'thinking') this.emit({ type: 'session.thinking.appended', ...base });
    else this.emit({ type: 'session.commentary.appended', ...base });
    if (append.kind === 'instructions') return;
    this.cancelAcknowledgements();
    const delegation = append.delegationId ? this.delegations.get(append.delegationId) : undefined;
    if (delegation) delegation.answered = true;
    if (append.kind === 'commentary') this.output!.say(append.content, 'commentary');
  }

  close(reason: SessionClosedEvent['reason'], clientEventId?: string): void {
    if (this.closed || !this.session) return;
    this.emit({
      type: 'session.closed',
      event_id: newEventId(),
      reason,
      session: this.session,
      usage: { seconds: this.usageSeconds() },
      ...(clientEventId !== undefined ? { client_event_id: clientEventId } : {}),
    });
    this.closed = true;
    const session = this.session;
    this.options.store?.closed({ id: session.id, session, history: this.said.items(session.input ?? []), forkedFrom: this.options.forkOf?.id ?? null });
    this.options.close(1000, 'session closed');
  }
}

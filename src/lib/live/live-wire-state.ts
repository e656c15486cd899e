// What a Live session's wire events mean for the console, kept apart from the socket: the same
// bookkeeping runs in the LiveClient (live) and over an opened recording (offline), so both show
// the same transcript turns, delegation states, append ledger, usage and decisions. Pure: it is
// fed events and the wall time each was sent or received; it never sends.
import { AppendLedger, APPENDED_TYPES, type AppendChannel, type LedgerEntry } from './append-ledger';
import { DelegationTracker, type DelegationTrackerOptions, type TrackedDelegation } from './delegation-tracker';
import { LiveDecisions, type LiveDecisionRecord } from './live-decisions';
import { TranscriptGrouper, type TranscriptTurn } from './transcript-grouper';
import type { LiveSessionResource, LiveUsage } from './live-types';

export type LiveChange =
  | { kind: 'transcript'; turn: TranscriptTurn }
  | { kind: 'delegation'; delegation: TrackedDelegation }
  | { kind: 'append'; entry: LedgerEntry }
  | { kind: 'usage'; usage: LiveUsage }
  | { kind: 'decision'; decision: LiveDecisionRecord };

export interface LiveWireStateOptions {
  delegations?: DelegationTrackerOptions;
  turnGapMs?: number;
  /** Wall time for the ledger and delegation answer times (a recording passes each record's). */
  now?: () => number;
}

type Fields = Record<string, unknown>;

const APPEND_CHANNELS: Record<string, AppendChannel> = {
  'session.instructions.append': 'instructions',
  'session.thinking.append': 'thinking',
  'session.commentary.append': 'commentary',
};

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown): Fields | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined);

/** Bytes per millisecond of input audio for a session's format (PCM16 at its rate, G.711 at 8 kHz). */
function bytesPerMs(session: LiveSessionResource | null): number {
  const format = obj(obj(session?.audio)?.format);
  const type = str(format?.type) ?? 'audio/pcm';
  const rate = num(format?.rate) ?? (type === 'audio/pcm' ? 24000 : 8000);
  return ((type === 'audio/pcm' ? 2 : 1) * rate) / 1000;
}

/** Base64 length → bytes, without decoding. */
const base64Bytes = (text: string): number => Math.max(0, Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0));

export class LiveWireState {
  readonly delegations: DelegationTracker;
  readonly ledger: AppendLedger;
  readonly transcript: TranscriptGrouper;
  readonly decisions = new LiveDecisions();
  session: LiveSessionResource | null = null;
  usage: LiveUsage | null = null;
  /** `session.closed` arrived. */
  finalized = false;
  /** Latest session time the server reported (transcripts, appends, usage). */
  clockMs = 0;
  /** Session time of the input audio sent (what moves the server's clock). */
  sentAudioMs = 0;

  constructor(options: LiveWireStateOptions = {}) {
    const now = options.now ?? Date.now;
    this.delegations = new DelegationTracker({ now, ...options.delegations });
    this.ledger = new AppendLedger(now);
    this.transcript = new TranscriptGrouper(options.turnGapMs);
  }

  /** A command the client sent (`event_id` assigned). */
  sent(event: { type: string; event_id?: string | null; [field: string]: unknown }): LiveChange[] {
    if (event.type === 'session.input_audio.append') {
      this.sentAudioMs += base64Bytes(str(event.audio) ?? '') / bytesPerMs(this.session);
      return [];
    }
    const channel = APPEND_CHANNELS[event.type];
    if (channel && event.event_id) {
      return [{ kind: 'append', entry: this.ledger.sent(event.event_id, channel, str(event.content) ?? '', str(event.delegation_id) ?? null) }];
    }
    if (event.type === 'decision.create' && event.event_id) return [{ kind: 'decision', decision: this.decisions.requested(event.event_id) }];
    return [];
  }

  /** An event the server sent. */
  received(event: { type: string; [field: string]: unknown }): LiveChange[] {
    const changes: LiveChange[] = [];
    const delegation = (d: TrackedDelegation | undefined) => d && changes.push({ kind: 'delegation', delegation: d });
    switch (event.type) {
      case 'session.started':
      case 'session.updated':
        this.session = (obj(event.session) as LiveSessionResource | undefined) ?? this.session;
        break;
      case 'session.input_transcript.delta':
      case 'session.output_transcript.delta': {
        const start = num(event.start_ms);
        const end = num(event.end_ms);
        if (start === undefined || end === undefined) break;
        const lane = event.type === 'session.input_transcript.delta' ? 'user' : 'assistant';
        changes.push({ kind: 'transcript', turn: this.transcript.add(lane, { delta: str(event.delta) ?? '', start_ms: start, end_ms: end }) });
        if (lane === 'assistant') this.delegations.spoke(start).forEach(delegation);
        this.advance(end, changes);
        break;
      }
      case 'session.delegation.created': {
        const d = obj(event.delegation);
        if (d && typeof d.id === 'string' && num(event.offset_ms) !== undefined) delegation(this.delegations.created(event as never));
        break;
      }
      case 'session.instructions.appended':
      case 'session.thinking.appended':
      case 'session.commentary.appended': {
        const start = num(event.start_ms) ?? this.clockMs;
        const end = num(event.end_ms) ?? start;
        const entry = this.ledger.appended(str(event.client_event_id), start, end);
        this.advance(end, changes);
        if (!entry) break;
        changes.push({ kind: 'append', entry });
        if (entry.delegationId && APPENDED_TYPES[event.type] !== 'instructions') delegation(this.delegations.answered(entry.delegationId, start));
        break;
      }
      case 'response.event': {
        const nested = obj(event.event);
        const id = str(event.delegation_id);
        if (!nested || !id) break;
        const tracked = this.delegations.backend(id, { ...nested, type: String(nested.type) });
        if (tracked && nested.type === 'response.output_text.done') this.delegations.answered(id, Math.max(this.clockMs, this.sentAudioMs));
        delegation(tracked);
        break;
      }
      case 'decision.event':
      case 'decision.item.created':
      case 'decision.item.deleted': {
        const decision = this.decisions.received(event);
        if (decision) changes.push({ kind: 'decision', decision });
        break;
      }
      case 'session.usage.updated': {
        const seconds = num(obj(event.usage)?.seconds) ?? 0;
        this.usage = { seconds, usageRatio: num(obj(event.context_window)?.usage_ratio) };
        this.advance(seconds * 1000, changes);
        changes.push({ kind: 'usage', usage: this.usage });
        break;
      }
      case 'session.closed':
        this.finalized = true;
        this.usage = { ...this.usage, seconds: num(obj(event.usage)?.seconds) ?? this.usage?.seconds ?? 0 };
        this.delegations.tick(this.clockMs, true).forEach(delegation);
        changes.push({ kind: 'usage', usage: this.usage });
        break;
      case 'error': {
        const error = obj(event.error);
        const entry = this.ledger.refused(str(error?.client_event_id) ?? str(event.client_event_id), str(error?.message) ?? 'error');
        if (entry) changes.push({ kind: 'append', entry });
        break;
      }
      default:
    }
    return changes;
  }

  /** Latest session time known: the server's clock, or the input audio sent when ahead of it. */
  get nowMs(): number {
    return Math.max(this.clockMs, this.sentAudioMs);
  }

  private advance(ms: number, changes: LiveChange[]): void {
    if (ms <= this.clockMs) return;
    this.clockMs = ms;
    for (const d of this.delegations.tick(ms)) changes.push({ kind: 'delegation', delegation: d });
  }
}

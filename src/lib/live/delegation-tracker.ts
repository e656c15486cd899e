// Follows each delegation of a Live session from `session.delegation.created` to its answer.
// States: created → acknowledged (the model spoke after it: its automatic acknowledgement) →
// answered (client: a commentary or thinking append for it was placed on the timeline; Responses:
// the backend's response completed with text) or late (answered more than `lateAfterMs` of
// session time after the delegation) — or orphaned (the session ended, or `orphanAfterMs` of
// session time passed, with no answer). Pure: the client feeds it events and the session clock.
import type { DelegationCreatedEvent } from 'openai/resources/live/live';

export type DelegationState = 'created' | 'acknowledged' | 'answered' | 'late' | 'orphaned';

export interface NestedBackendEvent {
  type: string;
  [field: string]: unknown;
}

export interface TrackedDelegation {
  id: string;
  target: DelegationCreatedEvent.Delegation['target'];
  responseId?: string;
  /** Where it was created on the session timeline. */
  offsetMs: number;
  state: DelegationState;
  acknowledgedAtMs?: number;
  /** Where the answer landed on the timeline, and how long after the delegation. */
  answeredAtMs?: number;
  answerMs?: number;
  /** Wall-clock time from created to answered, as this client saw it. */
  answerWallMs?: number;
  createdWallMs: number;
  /** The nested Responses stream (Responses delegation). */
  backendEvents: NestedBackendEvent[];
  toolCalls: Array<{ callId: string; name: string; arguments: string; output?: string }>;
  tokens: { input: number; output: number };
}

export interface DelegationTrackerOptions {
  /** Answered later than this (session ms after the delegation) is `late`. Default 8000. */
  lateAfterMs?: number;
  /** No answer after this much session time: `orphaned`. Default 30000. */
  orphanAfterMs?: number;
  now?: () => number;
}

export const DEFAULT_LATE_AFTER_MS = 8000;
export const DEFAULT_ORPHAN_AFTER_MS = 30_000;

export class DelegationTracker {
  private readonly byId = new Map<string, TrackedDelegation>();
  private readonly lateAfterMs: number;
  private readonly orphanAfterMs: number;
  private readonly now: () => number;

  constructor(options: DelegationTrackerOptions = {}) {
    this.lateAfterMs = options.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
    this.orphanAfterMs = options.orphanAfterMs ?? DEFAULT_ORPHAN_AFTER_MS;
    this.now = options.now ?? Date.now;
  }

  get(id: string): TrackedDelegation | undefined {
    return this.byId.get(id);
  }

  list(): TrackedDelegation[] {
    return [...this.byId.values()];
  }

  created(event: DelegationCreatedEvent): TrackedDelegation {
    const tracked: TrackedDelegation = {
      id: event.delegation.id,
      target: event.delegation.target,
      responseId: event.delegation.response_id,
      offsetMs: event.offset_ms,
      state: 'created',
      createdWallMs: this.now(),
      backendEvents: [],
      toolCalls: [],
      tokens: { input: 0, output: 0 },
    };
    this.byId.set(tracked.id, tracked);
    return tracked;
  }

  /** Assistant speech at `startMs`: the first after a delegation acknowledges it. */
  spoke(startMs: number): TrackedDelegation[] {
    const changed: TrackedDelegation[] = [];
    for (const d of this.byId.values()) {
      if (d.state === 'created' && startMs >= d.offsetMs) {
        d.state = 'acknowledged';
        d.acknowledgedAtMs = startMs;
        changed.push(d);
      }
    }
    return changed;
  }

  /** An answer for `id` placed on the timeline at `atMs`. */
  answered(id: string, atMs: number): TrackedDelegation | undefined {
    const d = this.byId.get(id);
    if (!d || d.state === 'answered' || d.state === 'late') return undefined;
    d.answeredAtMs = atMs;
    d.answerMs = Math.max(0, atMs - d.offsetMs);
    d.answerWallMs = this.now() - d.createdWallMs;
    d.state = d.answerMs > this.lateAfterMs ? 'late' : 'answered';
    return d;
  }

  /** A nested Responses event for `id` (tool calls and token usage are read from it). */
  backend(id: string, event: NestedBackendEvent): TrackedDelegation | undefined {
    const d = this.byId.get(id);
    if (!d) return undefined;
    d.backendEvents.push(event);
    const item = event.item as { type?: string; call_id?: string; name?: string; arguments?: string } | undefined;
    if (event.type === 'response.output_item.done' && item?.type === 'function_call' && item.call_id) {
      d.toolCalls.push({ callId: item.call_id, name: item.name ?? '', arguments: item.arguments ?? '' });
    }
    const usage = (event.response as { usage?: { input_tokens?: number; output_tokens?: number } } | undefined)?.usage;
    if (event.type === 'response.completed' && usage) {
      d.tokens.input += usage.input_tokens ?? 0;
      d.tokens.output += usage.output_tokens ?? 0;
    }
    return d;
  }

  toolOutput(callId: string, output: string): void {
    for (const d of this.byId.values()) for (const call of d.toolCalls) if (call.callId === callId) call.output = output;
  }

  /** The session clock moved to `nowMs` (or the session ended: `ended`): unanswered ones age out. */
  tick(nowMs: number, ended = false): TrackedDelegation[] {
    const changed: TrackedDelegation[] = [];
    for (const d of this.byId.values()) {
      if ((d.state === 'created' || d.state === 'acknowledged') && (ended || nowMs - d.offsetMs > this.orphanAfterMs)) {
        d.state = 'orphaned';
        changed.push(d);
      }
    }
    return changed;
  }
}

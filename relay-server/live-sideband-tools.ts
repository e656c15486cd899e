// The relay's tools on a Live session's sideband (Responses delegation). The backend's function
// calls arrive nested in `response.event` (live.d.ts ResponseEvent): each call is a nested
// `response.output_item.done` with a `function_call` item, and the response's end is a nested
// `response.completed` (whose snapshot carries no output: "lifecycle snapshots … clear … output").
// So the calls are gathered per delegation and, once its response completed, the relay runs the
// ones it answers (RELAY_SIDEBAND_TOOLS) and sends one `response.item.create` per call
// (`function_call_output`) and one `response.create` (live.d.ts ResponseCreateEvent: continue a
// delegated response waiting for tool results). Over WebRTC the browser may not send either
// while the relay holds the delegation (live-data-channel.ts), so these are the only answers.
import type { FunctionCallItem, ToolRun } from './relay-tools';
import { isRecord } from '../src/lib/shared/json';

/** Delegations one session may have waiting at once (a hostile upstream cannot grow the map). */
const MAX_OPEN_ROUNDS = 64;
/** Calls one round may gather. */
const MAX_CALLS_PER_ROUND = 32;

export class LiveToolRounds {
  private readonly rounds = new Map<string, FunctionCallItem[]>();

  constructor(private readonly answers: (name: string) => boolean) {}

  /**
   * One parsed `response.event`: the calls to run now (its response completed with calls the
   * relay answers), or an empty list.
   */
  take(event: unknown): FunctionCallItem[] {
    if (!isRecord(event) || !isRecord(event.event)) return [];
    const key = typeof event.delegation_id === 'string' ? event.delegation_id : '';
    const nested = event.event;
    if (nested.type === 'response.output_item.done') {
      const item = nested.item;
      if (!isRecord(item) || item.type !== 'function_call' || typeof item.call_id !== 'string' || typeof item.name !== 'string') return [];
      if (!this.answers(item.name)) return [];
      const round = this.rounds.get(key) ?? [];
      if (!this.rounds.has(key)) {
        if (this.rounds.size >= MAX_OPEN_ROUNDS) return [];
        this.rounds.set(key, round);
      }
      if (round.length < MAX_CALLS_PER_ROUND && !round.some((call) => call.callId === item.call_id)) {
        round.push({ name: item.name, callId: item.call_id, arguments: typeof item.arguments === 'string' ? item.arguments : '' });
      }
      return [];
    }
    if (nested.type === 'response.completed' || nested.type === 'response.failed' || nested.type === 'response.incomplete') {
      const round = this.rounds.get(key) ?? [];
      this.rounds.delete(key);
      // A failed or cut-off response's calls are not answered (nothing waits on them).
      return nested.type === 'response.completed' ? round : [];
    }
    return [];
  }

  get open(): number {
    return this.rounds.size;
  }
}

/** The Live client events that answer runs: one `response.item.create` each, then one `response.create`. */
export function liveAnswerEvents(runs: readonly ToolRun[]): Array<Record<string, unknown>> {
  if (runs.length === 0) return [];
  return [
    ...runs.map((run) => ({ type: 'response.item.create', item: { type: 'function_call_output', call_id: run.callId, output: run.output } })),
    { type: 'response.create' },
  ];
}

// Decisions in a Live session: evaluations of Decision API questions, made for a `decisions`
// delegation, a transcript trigger, or the client's `decision.create`; and the input items the
// client added for future decisions. `decision.event` carries no client_event_id (live.d.ts
// DecisionEvent has delegation_id, trigger_id and source_event_id only), so an evaluation with
// neither is matched to the oldest unanswered `decision.create`.

type Fields = Record<string, unknown>;
const obj = (value: unknown): Fields | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export type DecisionSource = 'request' | 'delegation' | 'trigger';

export interface LiveDecisionRecord {
  /** The `decision.create` event_id, or the `decision.event` event_id. */
  id: string;
  source: DecisionSource;
  state: 'requested' | 'completed';
  delegationId?: string;
  triggerId?: string;
  model?: string;
  /** One line per answer: `name: choice (confidence)`, `name: p=0.91`, `name: score 3`, `name: refused`. */
  answers: string[];
  tokens: { input: number; output: number };
}

/** An answer of the Decision API, in one line. */
export function describeDecisionAnswer(answer: unknown): string {
  const a = obj(answer) ?? {};
  const name = str(a.name) ?? 'answer';
  switch (a.type) {
    case 'predicate':
      return `${name}: p=${num(a.probability).toFixed(2)}`;
    case 'choice':
      return `${name}: ${String(a.choice)} (${num(a.confidence).toFixed(2)})`;
    case 'score':
      return `${name}: score ${num(a.score)} (${num(a.confidence).toFixed(2)})`;
    case 'refusal':
      return `${name}: refused`;
    default:
      return `${name}: ?`;
  }
}

export class LiveDecisions {
  private readonly records: LiveDecisionRecord[] = [];
  private readonly waiting: LiveDecisionRecord[] = [];
  /** Decision input items the server holds for future decisions. */
  readonly items = new Map<string, string>();

  requested(eventId: string): LiveDecisionRecord {
    const record: LiveDecisionRecord = { id: eventId, source: 'request', state: 'requested', answers: [], tokens: { input: 0, output: 0 } };
    this.records.push(record);
    this.waiting.push(record);
    return record;
  }

  /** `decision.event`, `decision.item.created` or `decision.item.deleted`; returns the evaluation it completed. */
  received(event: Fields & { type: string }): LiveDecisionRecord | undefined {
    if (event.type === 'decision.item.created') {
      const item = obj(event.item);
      const id = str(item?.id);
      if (id) this.items.set(id, [str(item?.type), str(item?.role)].filter(Boolean).join(' '));
      return undefined;
    }
    if (event.type === 'decision.item.deleted') {
      const id = str(event.item_id);
      if (id) this.items.delete(id);
      return undefined;
    }
    const decision = obj(obj(event.event)?.decision);
    if (!decision) return undefined;
    const delegationId = str(event.delegation_id);
    const triggerId = str(event.trigger_id);
    const record =
      !delegationId && !triggerId && this.waiting.length
        ? this.waiting.shift()!
        : { id: str(event.event_id) ?? `decision_${this.records.length}`, source: (delegationId ? 'delegation' : 'trigger') as DecisionSource, state: 'requested' as const, answers: [], tokens: { input: 0, output: 0 } };
    if (!this.records.includes(record)) this.records.push(record);
    const usage = obj(decision.usage);
    Object.assign(record, {
      state: 'completed',
      delegationId,
      triggerId,
      model: str(decision.model),
      answers: Array.isArray(decision.answers) ? decision.answers.map(describeDecisionAnswer) : [],
      tokens: { input: num(usage?.input_tokens), output: num(usage?.output_tokens) },
    });
    return record;
  }

  list(): readonly LiveDecisionRecord[] {
    return this.records;
  }
}

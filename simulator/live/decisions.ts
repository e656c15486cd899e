// The simulator's Decisions: the questions of a `decisions` delegation or a transcript trigger
// (live.d.ts DecisionQuestion: predicate, choice, score) answered from the conversation's text
// and the session's decision items, deterministically, so tests can say what comes back:
// - predicate: likely (0.9) when a word of four letters or more of its instructions is in the
//   text, else 0.1;
// - choice: the first option whose value (or description) is named in the text, else the first;
// - score: the first level whose label is named in the text, else the middle one.
// Live's shapes come from live.d.ts (DecisionEvent, DecisionItemCreatedEvent); the Decision
// object from decisions.d.ts. A trigger (at most one per transcript type) fires at most once per
// DECISION_TRIGGER_GAP_MS of session time (the docs do not say how often a real one fires; once per delta would be 5/s).
import type { Decision } from 'openai/resources/decisions';
import type { DecisionItemCreateEvent, DecisionItemCreatedEvent, DecisionQuestion, DecisionTrigger, ServerEvent as LiveServerEvent } from 'openai/resources/live/live';
import { makeId, newEventId } from '../ids';

export const DECISION_TRIGGER_GAP_MS = 1000;

type Answer = Decision['answers'][number];
type StoredItem = DecisionItemCreatedEvent['item'];

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[a-z0-9]{4,}/g) ?? []);
const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => String((p as { text?: unknown }).text ?? '')).join(' ') : '';
const round = (n: number): number => Math.round(n * 100) / 100;

/** One question answered against `text`. */
export function answerQuestion(question: DecisionQuestion, text: string): Answer {
  const said = words(text);
  const name = question.name ?? null;
  const named = (value: string): boolean => [...words(value)].some((w) => said.has(w));
  if (question.type === 'predicate') {
    return { type: 'predicate', name, probability: named(textOf(question.instructions)) ? 0.9 : 0.1 };
  }
  if (question.type === 'choice') {
    const index = Math.max(0, question.choices.findIndex((c) => named(`${String(c.value)} ${c.description ?? ''}`)));
    const confidence = question.choices.length === 1 ? 1 : 0.8;
    const rest = question.choices.length > 1 ? round((1 - confidence) / (question.choices.length - 1)) : 0;
    return {
      type: 'choice',
      name,
      choice: question.choices[index]?.value ?? '',
      confidence,
      probabilities: question.choices.map((c, i) => ({ value: c.value, probability: i === index ? confidence : rest })),
    };
  }
  const found = question.levels.findIndex((l) => named(l.label));
  const index = found >= 0 ? found : Math.floor((question.levels.length - 1) / 2);
  return {
    type: 'score',
    name,
    score: index + 1,
    confidence: found >= 0 ? 0.8 : 0.5,
    probabilities: question.levels.map((l, i) => ({ label: l.label, value: i + 1, probability: i === index ? 1 : 0 })),
  };
}

export interface DecisionSource {
  delegationId?: string;
  trigger?: { id: string; sourceEventId: string; sourceType: DecisionTrigger['event_type'] };
}

export class SimulatedDecisions {
  readonly items = new Map<string, StoredItem>();
  private readonly usedEventIds = new Set<string>();
  private readonly lastFired = new Map<string, number>();

  constructor(private readonly emit: (event: LiveServerEvent) => void) {}

  /** Text the questions are answered from: the conversation so far and the decision items. */
  private context(transcript: string): string {
    return [transcript, ...[...this.items.values()].map((item) => ('content' in item ? textOf(item.content) : 'output' in item ? textOf(item.output) : ''))].join(' ');
  }

  evaluate(questions: readonly DecisionQuestion[], model: string, transcript: string, source: DecisionSource): void {
    const text = this.context(transcript);
    const inputTokens = Math.ceil(text.length / 4) + 20 * questions.length;
    const decision: Decision = {
      model,
      answers: questions.map((q) => answerQuestion(q, text)),
      usage: { input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: questions.length * 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: inputTokens + questions.length * 4 },
    };
    this.emit({
      type: 'decision.event',
      event_id: newEventId(),
      delegation_id: source.delegationId ?? null,
      trigger_id: source.trigger?.id ?? null,
      source_event_id: source.trigger?.sourceEventId ?? null,
      source_event_type: source.trigger?.sourceType ?? null,
      event: { type: 'decision.completed', decision },
    });
  }

  /** `decision.create`: reusing an event_id is refused for the session's lifetime (live.d.ts). Returns false then. */
  claim(eventId: string): boolean {
    if (this.usedEventIds.has(eventId)) return false;
    this.usedEventIds.add(eventId);
    return true;
  }

  /** `decision.item.create`: stored with an id (the client's, or one made here). */
  add(item: DecisionItemCreateEvent['item'], clientEventId: string | undefined): StoredItem {
    const stored = { ...item, id: item.id ?? makeId('ditem_') } as StoredItem;
    this.items.set(stored.id, stored);
    this.emit({ type: 'decision.item.created', event_id: newEventId(), item: stored, ...(clientEventId !== undefined ? { client_event_id: clientEventId } : {}) });
    return stored;
  }

  /** `decision.item.delete`: false when no such item. */
  remove(itemId: string, clientEventId: string | undefined): boolean {
    if (!this.items.delete(itemId)) return false;
    this.emit({ type: 'decision.item.deleted', event_id: newEventId(), item_id: itemId, ...(clientEventId !== undefined ? { client_event_id: clientEventId } : {}) });
    return true;
  }

  /** A transcript delta went out: the triggers on its type fire (at most once per gap each). */
  transcribed(triggers: readonly DecisionTrigger[], model: string, delta: { type: DecisionTrigger['event_type']; eventId: string; endMs: number }, transcript: string): void {
    for (const trigger of triggers) {
      if (trigger.event_type !== delta.type) continue;
      const last = this.lastFired.get(trigger.event_type);
      if (last !== undefined && delta.endMs - last < DECISION_TRIGGER_GAP_MS) continue;
      this.lastFired.set(trigger.event_type, delta.endMs);
      // trigger_id names this firing (live.d.ts: "the Live-assigned ID of this trigger firing").
      this.evaluate(trigger.decisions.questions, model, transcript, { trigger: { id: makeId('trg_'), sourceEventId: delta.eventId, sourceType: delta.type } });
    }
  }
}

// Decisions in the simulator's Live mode: a `decisions` delegation, a transcript trigger, the
// client's decision.create and decision items. Every event strictly valid against the Live schema.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DecisionQuestion } from 'openai/resources/live/live';
import { answerQuestion } from './decisions';
import { invalidLiveEvents, sendAudio, silence, speech, startLiveSession, startLiveSimulator, type LiveSimulator } from './test-support';

const WEATHER = "What's the weather in Paris";
const QUESTIONS: DecisionQuestion[] = [
  { type: 'choice', name: 'topic', instructions: 'What does the user want?', choices: [{ value: 'directions' }, { value: 'weather' }, { value: 'none' }] },
  { type: 'predicate', name: 'call_responses', instructions: 'Does the user ask about the weather?' },
  { type: 'score', name: 'urgency', instructions: 'How urgent is it?', levels: [{ label: 'low' }, { label: 'medium' }, { label: 'high' }] },
];
const simulators: LiveSimulator[] = [];
after(async () => {
  for (const live of simulators) await live.simulator.close();
  const sent = simulators.flatMap((live) => live.sent);
  assert.ok(sent.some((e) => e.type === 'decision.event'));
  assert.deepEqual(invalidLiveEvents(sent), [], 'every event the simulator sent is valid against the Live schema (strict)');
});

type Answers = Array<{ name: string; type: string; choice?: string; probability?: number; score?: number }>;
const answersOf = (event: Record<string, unknown>): Answers => ((event.event as { decision: { answers: Answers } }).decision.answers);

test('questions are answered from the text: named choice, predicate by its words, score by a named level', () => {
  const text = 'what is the weather in paris, it is urgent: high priority';
  assert.equal((answerQuestion(QUESTIONS[0], text) as { choice: string }).choice, 'weather');
  assert.equal((answerQuestion(QUESTIONS[1], text) as { probability: number }).probability, 0.9);
  assert.equal((answerQuestion(QUESTIONS[1], 'hello there') as { probability: number }).probability, 0.1);
  assert.equal((answerQuestion(QUESTIONS[2], text) as { score: number }).score, 3);
  assert.equal((answerQuestion(QUESTIONS[2], 'nothing') as { score: number }).score, 2, 'the middle level when none is named');
});

test('Decisions delegation and a transcript trigger: decision.event for each, the delegation answered by the app', async () => {
  const live = await startLiveSimulator({ script: [WEATHER] });
  simulators.push(live);
  const client = await startLiveSession(live.url, {
    delegation: { type: 'decisions', decisions: { model: 'gpt-5.5-mini', questions: QUESTIONS } },
    triggers: [{ type: 'decisions', event_type: 'session.input_transcript.delta', decisions: { questions: [QUESTIONS[1]] } }],
  });
  const started = client.all('session.started')[0].session as { delegation: { acknowledgement_delay_ms: number }; triggers: unknown[] };
  assert.equal(started.delegation.acknowledgement_delay_ms, 400, 'live.d.ts: 400 by default for Decisions sessions');
  assert.equal(started.triggers.length, 1);
  sendAudio(client, speech(WEATHER));
  sendAudio(client, silence(2000));
  const triggered = await client.next('decision.event', (e) => e.trigger_id !== null);
  assert.equal(triggered.delegation_id, null);
  assert.equal(triggered.source_event_type, 'session.input_transcript.delta');
  const source = client.all('session.input_transcript.delta').find((e) => e.event_id === triggered.source_event_id);
  assert.ok(source, 'source_event_id names the transcript delta that fired it');
  const created = await client.next('session.delegation.created');
  const delegation = created.delegation as { id: string; target: string };
  assert.equal(delegation.target, 'decisions');
  const decided = await client.next('decision.event', (e) => e.delegation_id === delegation.id);
  assert.deepEqual(answersOf(decided).map((a) => [a.name, a.choice ?? a.probability ?? a.score]), [['topic', 'weather'], ['call_responses', 0.9], ['urgency', 2]]);
  assert.equal((decided.event as { decision: { model: string } }).decision.model, 'gpt-5.5-mini');
  // The app acts on the answers and tells Live: commentary for the delegation.
  client.send({ type: 'session.commentary.append', event_id: 'c1', delegation_id: delegation.id, content: 'It is sunny in Paris.' });
  sendAudio(client, silence(500));
  assert.equal((await client.next('session.commentary.appended')).client_event_id, 'c1');
  client.close();
});

test('decision items and decision.create: items join the text, event_ids are single-use, unknown items are refused', async () => {
  const live = await startLiveSimulator({ script: [] });
  simulators.push(live);
  const client = await startLiveSession(live.url, { delegation: { type: 'decisions', decisions: { model: 'gpt-5.5-mini', questions: QUESTIONS } } });
  client.send({ type: 'decision.item.create', event_id: 'i1', item: { type: 'message', role: 'user', content: 'I need directions, urgent: high' } });
  const item = await client.next('decision.item.created');
  const itemId = (item.item as { id: string }).id;
  assert.match(itemId, /\S/);
  assert.equal(item.client_event_id, 'i1');
  client.send({ type: 'decision.create', event_id: 'd1' });
  const decided = await client.next('decision.event');
  assert.deepEqual([decided.delegation_id, decided.trigger_id, decided.source_event_id], [null, null, null]);
  assert.deepEqual(answersOf(decided).map((a) => a.choice ?? a.score).filter((v) => v !== undefined), ['directions', 3]);
  client.send({ type: 'decision.create', event_id: 'd1' });
  assert.equal(((await client.next('error')).error as { param: string }).param, 'event_id', 'an event_id is single-use');
  client.send({ type: 'decision.item.delete', event_id: 'x1', item_id: 'ditem_nope' });
  assert.equal(((await client.next('error')).error as { param: string }).param, 'item_id');
  client.send({ type: 'decision.item.delete', event_id: 'x2', item_id: itemId });
  assert.equal((await client.next('decision.item.deleted')).item_id, itemId);
  client.close();
});

test('decision.create without Decisions delegation is refused', async () => {
  const live = await startLiveSimulator({ script: [] });
  simulators.push(live);
  const client = await startLiveSession(live.url);
  client.send({ type: 'decision.create', event_id: 'd1' });
  const error = (await client.next('error')).error as { code: string; client_event_id: string };
  assert.equal(error.client_event_id, 'd1');
  client.close();
});

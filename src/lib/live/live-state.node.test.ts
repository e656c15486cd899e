// The LiveClient's pure parts: transcript turns, delegation states, the append ledger, the pacer
// and the Responses tool runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TranscriptGrouper } from './transcript-grouper';
import { DelegationTracker } from './delegation-tracker';
import { AppendLedger } from './append-ledger';
import { AudioPacer } from './audio-pacer';
import { ResponsesToolRunner } from './responses-tools';

const created = (id: string, offset_ms: number, target: 'client' | 'responses' = 'client') =>
  ({ type: 'session.delegation.created', event_id: 'e', offset_ms, delegation: { id, target, type: 'delegation' } }) as const;

test('transcript: fragments join a turn until a gap, per lane; overlapping lanes are reported', () => {
  const g = new TranscriptGrouper(500);
  g.add('user', { delta: 'Hello', start_ms: 0, end_ms: 200 });
  g.add('user', { delta: ' there', start_ms: 200, end_ms: 400 });
  g.add('assistant', { delta: 'Hi', start_ms: 600, end_ms: 800 });
  g.add('assistant', { delta: ' how', start_ms: 800, end_ms: 1000 });
  g.add('user', { delta: 'Stop', start_ms: 1000, end_ms: 1200 });
  g.add('user', { delta: 'Later', start_ms: 3000, end_ms: 3200 });
  assert.deepEqual(g.list().map((t) => [t.lane, t.text, t.startMs, t.endMs]), [
    ['user', 'Hello there', 0, 400],
    ['assistant', 'Hi how', 600, 1000],
    ['user', 'Stop', 1000, 1200],
    ['user', 'Later', 3000, 3200],
  ]);
  assert.equal(g.overlaps().length, 0, 'touching is not overlapping');
  g.add('assistant', { delta: ' are you', start_ms: 1000, end_ms: 1400 });
  assert.deepEqual(g.overlaps().map((o) => [o.user.text, o.assistant.text, o.overlapMs]), [['Stop', 'Hi how are you', 200]]);
});

test('delegations: acknowledged by speech after them, answered or late by timeline distance, orphaned by age or close', () => {
  let wall = 1000;
  const t = new DelegationTracker({ lateAfterMs: 5000, orphanAfterMs: 20_000, now: () => wall });
  t.created(created('a', 1000));
  t.created(created('b', 2000));
  t.created(created('c', 3000));
  t.created(created('d', 4000));
  assert.deepEqual(t.spoke(1500).map((d) => d.id), ['a']);
  wall = 1900;
  assert.equal(t.answered('a', 2500)?.state, 'answered');
  assert.equal(t.get('a')?.answerMs, 1500);
  assert.equal(t.get('a')?.answerWallMs, 900);
  assert.equal(t.answered('a', 9000), undefined, 'answered once');
  assert.equal(t.answered('b', 9000)?.state, 'late');
  assert.deepEqual(t.tick(23_500).map((d) => d.id), ['c']);
  assert.deepEqual(t.tick(23_600, true).map((d) => d.id), ['d']);
  t.backend('b', { type: 'response.output_item.done', item: { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}' } });
  t.backend('b', { type: 'response.completed', response: { usage: { input_tokens: 10, output_tokens: 3 } } });
  t.toolOutput('call_1', '{"ok":true}');
  assert.deepEqual(t.get('b')?.toolCalls, [{ callId: 'call_1', name: 'get_weather', arguments: '{}', output: '{"ok":true}' }]);
  assert.deepEqual(t.get('b')?.tokens, { input: 10, output: 3 });
});

test('append ledger: pending until appended, refused on an error naming it', () => {
  const ledger = new AppendLedger(() => 5);
  ledger.sent('e1', 'commentary', 'x', 'dlg_1');
  ledger.sent('e2', 'thinking', 'y', null);
  assert.equal(ledger.pending().length, 2);
  assert.equal(ledger.appended('e1', 700, 700)?.startMs, 700);
  assert.equal(ledger.appended('nope', 1, 1), undefined);
  ledger.refused('e2', 'bad delegation');
  assert.deepEqual(ledger.pending(), []);
});

test('pacer: one chunk per chunk of time, queued audio first, silence after, catch-up bounded', () => {
  let now = 0;
  const sent: Int16Array[] = [];
  const pacer = new AudioPacer((s) => sent.push(s), { chunkMs: 100, now: () => now, maxBurst: 5 });
  pacer.push(new Int16Array(3600).fill(7));
  pacer.start();
  pacer.stop();
  now = 300;
  pacer.pump();
  assert.equal(sent.length, 3);
  assert.ok(sent[0].every((v) => v === 7));
  assert.deepEqual([sent[1][1199], sent[1][1200]], [7, 0], 'the queue ends mid-chunk; silence follows');
  assert.ok(sent[2].every((v) => v === 0));
  now = 5000;
  pacer.pump();
  assert.equal(sent.length, 8, 'a stall is not answered by a flood');
  assert.equal(pacer.sentMs, 800);
});

test('tool runner: outputs each call, one response.create after the response completed; a throw is {error} output', async () => {
  const sent: Array<{ type: string; item?: { call_id: string; output: string } }> = [];
  const runner = new ResponsesToolRunner((e) => sent.push(e as (typeof sent)[number]));
  runner.add('ok', async (args) => ({ echoed: args.v }));
  runner.add('boom', () => {
    throw new Error('no service');
  });
  const call = (call_id: string, name: string) => ({ type: 'response.output_item.done', item: { type: 'function_call', call_id, name, arguments: '{"v":1}' } });
  runner.handle('d1', call('c1', 'ok'));
  runner.handle('d1', call('c2', 'boom'));
  runner.handle('d1', call('c3', 'missing'));
  runner.handle('d1', { type: 'response.completed' });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(sent.map((e) => e.type), ['response.item.create', 'response.item.create', 'response.item.create', 'response.create']);
  const byCall = sent.slice(0, 3).sort((a, b) => a.item!.call_id.localeCompare(b.item!.call_id));
  assert.deepEqual(byCall.map((e) => JSON.parse(e.item!.output)), [{ echoed: 1 }, { error: 'no service' }, { error: 'no handler for tool "missing"' }]);
});

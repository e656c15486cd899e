// A Live `session.updated` row says what an update can change (the delegation's backend, tools,
// acknowledgement delay, triggers); a Realtime one keeps Realtime's summary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLiveEventLog } from './liveEventLog';
import { summarizeRow } from './eventSummary';
import type { EventLogStore } from './eventLogStore';

function summary(log: EventLogStore, event: Record<string, unknown>): string {
  log.append({ time: 1, source: 'server', event });
  return summarizeRow(log, log.row(log.visibleRow(log.rowCount - 1)!.id)!);
}

test('a Live session.updated shows its delegation settings; a Realtime one keeps the Realtime summary', () => {
  const log = createLiveEventLog();
  const live = {
    type: 'session.updated',
    event_id: 'e1',
    session: {
      id: 'sess_1',
      model: 'gpt-live-1',
      status: 'active',
      expires_at: 1,
      delegation: { type: 'responses', acknowledgement_delay_ms: 250, responses: { model: 'gpt-5.5', tools: [{ type: 'function', name: 'get_weather' }, { type: 'web_search' }] } },
      triggers: [{ type: 'x' }],
    },
  };
  assert.equal(summary(log, live), 'sess_1 · gpt-live-1 · delegation responses → gpt-5.5 · tools get_weather, web_search · ack after 250 ms · 1 trigger');
  assert.equal(summary(log, { type: 'session.update', session: { delegation: { type: 'client', acknowledgement_delay_ms: 0 } } }), 'delegation client · ack after 0 ms');
  assert.equal(summary(log, { type: 'session.updated', session: { type: 'realtime', model: 'gpt-realtime', instructions: 'hi' } }), 'gpt-realtime · “hi”');
});

test('a fork: its session.start says what it overrides (or that it inherits all); the started session counts the history it carries', () => {
  const log = createLiveEventLog();
  assert.equal(summary(log, { type: 'session.start', session: {} }), 'the stored session as it was (fork)');
  assert.equal(summary(log, { type: 'session.start', session: { store: false } }), 'not stored');
  const input = [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi' }] },
  ];
  assert.equal(summary(log, { type: 'session.started', session: { id: 'sess_2', model: 'gpt-live-1', status: 'active', expires_at: 1, store: true, input } }), 'sess_2 · gpt-live-1 · stored · 2 history messages');
});

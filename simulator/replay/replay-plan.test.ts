// What a replay plan takes from a recording: the wire's events, not the console's own records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFromBytes } from './replay-plan';

const line = (time: number, source: string, event: Record<string, unknown>) => `${JSON.stringify({ time: new Date(time).toISOString(), source, event })}\n`;

test("the console's own records (the audible mark, the disconnect row) are neither turns nor server events", () => {
  const t = Date.UTC(2026, 11, 1);
  const jsonl = [
    line(t, 'client', { type: 'session.update', session: { type: 'realtime' } }),
    line(t + 10, 'server', { type: 'session.created', session: { type: 'realtime', id: 'sess_1', model: 'gpt-realtime', expires_at: 1_900_000_000 } }),
    line(t + 20, 'client', { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] } }),
    line(t + 21, 'client', { type: 'response.create' }),
    line(t + 60, 'server', { type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } }),
    line(t + 90, 'server', { type: 'response.output_audio.delta', response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0, delta: 'AAAA' }),
    line(t + 140, 'console', { type: '(audible)', item_id: 'item_1', rendered_at: t + 100, base_latency_ms: 10, output_latency_ms: 30 }),
    line(t + 300, 'server', { type: 'response.done', response: { id: 'resp_1', status: 'completed' } }),
    line(t + 400, 'console', { type: '(disconnected)', code: 1000 }),
  ].join('');
  const plan = planFromBytes('typed.jsonl', new TextEncoder().encode(jsonl));
  assert.deepEqual(plan.turns.map((turn) => turn.event.type), ['session.update', 'conversation.item.create', 'response.create']);
  assert.deepEqual(plan.serverEvents.map((planned) => planned.event.type), ['session.created', 'response.created', 'response.output_audio.delta', 'response.done']);
});

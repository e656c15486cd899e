import assert from 'node:assert/strict';
import { it } from 'node:test';
import { computeLatency } from '../../lib/inspector/latency';
import { client, server, spokenAnswer } from '../../lib/inspector/test-support/sequences';
import { waterfall } from './waterfall';

it('draws commit, wait, each response and the tool round trip, with first text and audio marks', () => {
  const [turn] = computeLatency([
    client(1000, { type: 'input_audio_buffer.commit' }),
    server(1030, { type: 'input_audio_buffer.committed', item_id: 'u' }),
    server(1100, { type: 'response.created', response: { id: 'r1' } }),
    server(1300, { type: 'response.function_call_arguments.done', response_id: 'r1', call_id: 'c1', name: 'get_weather' }),
    server(1310, { type: 'response.done', response: { id: 'r1', status: 'completed' } }),
    client(1500, { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'c1', output: '{}' } }),
    ...spokenAnswer('r2', { created: 1560, text: 1700, audio: 1800, done: 2500 }),
  ]);
  const drawn = waterfall(turn);
  assert.deepEqual(drawn.segments.map((s) => [s.kind, s.from, s.to]), [
    ['commit', 0, 30],
    ['wait', 30, 100],
    ['response', 100, 310],
    ['response', 560, 1500],
    ['tool-run', 300, 500],
    ['tool-return', 500, 560],
  ]);
  assert.deepEqual(drawn.marks.map((m) => [m.kind, m.at]), [['text', 700], ['audio', 800]]);
  assert.equal(drawn.end, 1500);
  assert.equal(drawn.segments[0].label, 'end of input → committed: 30 ms');
});

it('an open response is drawn up to its latest event', () => {
  const [turn] = computeLatency([
    server(0, { type: 'input_audio_buffer.speech_stopped' }),
    server(50, { type: 'response.created', response: { id: 'r1' } }),
    server(400, { type: 'response.output_audio.delta', response_id: 'r1', delta: 'AA' }),
  ]);
  assert.deepEqual(waterfall(turn).segments.map((s) => [s.kind, s.from, s.to]), [['wait', 0, 50], ['response', 50, 400]]);
});

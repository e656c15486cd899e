import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeLatency, LatencyTracker, percentile, summarizeLatency } from './latency';
import { client, server, spokenAnswer } from './test-support/sequences';

describe('latency per turn', () => {
  it('a VAD turn starts at speech_stopped and measures first text and first audio from there', () => {
    const turns = computeLatency([
      server(1000, { type: 'input_audio_buffer.speech_started', audio_start_ms: 0, item_id: 'u1' }),
      server(2000, { type: 'input_audio_buffer.speech_stopped', audio_end_ms: 900, item_id: 'u1' }),
      server(2010, { type: 'input_audio_buffer.committed', item_id: 'u1', previous_item_id: null }),
      ...spokenAnswer('r1', { created: 2050, text: 2300, audio: 2412, done: 3000 }),
    ]);
    assert.equal(turns.length, 1);
    const [turn] = turns;
    assert.equal(turn.kind, 'vad');
    assert.equal(turn.committed, 2010);
    assert.equal(turn.responseCreated, 2050);
    assert.equal(turn.firstTextMs, 300);
    assert.equal(turn.firstAudioMs, 412);
    assert.equal(turn.done, 3000);
    assert.equal(turn.status, 'completed');
  });

  it('a push-to-talk turn starts at the client commit; the response.create after it is no new turn', () => {
    const turns = computeLatency([
      client(500, { type: 'input_audio_buffer.append', audio: 'AAAA' }),
      client(1000, { type: 'input_audio_buffer.commit' }),
      client(1001, { type: 'response.create' }),
      server(1040, { type: 'input_audio_buffer.committed', item_id: 'u1' }),
      ...spokenAnswer('r1', { created: 1100, text: 1250, audio: 1333.4, done: 2000 }),
    ]);
    assert.equal(turns.length, 1);
    assert.equal(turns[0].kind, 'push-to-talk');
    assert.equal(turns[0].committed, 1040);
    assert.equal(turns[0].firstAudioMs, 333, 'whole milliseconds');
    assert.equal(turns[0].firstTextMs, 250);
  });

  it('a typed turn starts at the response.create after the user message', () => {
    const turns = computeLatency([
      client(100, { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] } }),
      client(105, { type: 'response.create' }),
      ...spokenAnswer('r1', { created: 150, text: 400, audio: 520, done: 900 }),
    ]);
    assert.equal(turns.length, 1);
    assert.equal(turns[0].kind, 'typed');
    assert.equal(turns[0].start, 105);
    assert.equal(turns[0].firstAudioMs, 415);
    assert.equal(turns[0].committed, undefined);
  });

  it('a turn with a tool call keeps the round trip as its own segment and the answer in the same turn', () => {
    const turns = computeLatency([
      client(0, { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] } }),
      client(10, { type: 'response.create' }),
      server(60, { type: 'response.created', response: { id: 'r1', status: 'in_progress' } }),
      server(300, { type: 'response.function_call_arguments.done', response_id: 'r1', item_id: 'fc', output_index: 0, call_id: 'call_1', name: 'get_weather', arguments: '{}' }),
      server(310, { type: 'response.done', response: { id: 'r1', status: 'completed' } }),
      client(700, { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_1', output: '{"t":20}' } }),
      client(701, { type: 'response.create' }),
      ...spokenAnswer('r2', { created: 760, text: 900, audio: 1010, done: 1500 }),
    ]);
    assert.equal(turns.length, 1, 'the tool return is not a new turn');
    const [turn] = turns;
    assert.deepEqual(turn.tools, [{ callId: 'call_1', name: 'get_weather', argumentsDone: 300, outputSent: 700, nextResponse: 760 }]);
    assert.equal(turn.responses.length, 2);
    assert.equal(turn.firstAudioMs, 1000);
    assert.equal(turn.done, 1500);
    assert.equal(turn.status, 'completed');
  });

  it('a cancelled response (barge-in) ends its turn cancelled; the next speech starts the next turn', () => {
    const turns = computeLatency([
      server(0, { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 1 }),
      server(50, { type: 'response.created', response: { id: 'r1', status: 'in_progress' } }),
      server(200, { type: 'response.output_audio.delta', response_id: 'r1', item_id: 'a1', delta: 'AA' }),
      server(900, { type: 'input_audio_buffer.speech_started', item_id: 'u2', audio_start_ms: 2 }),
      client(905, { type: 'response.cancel' }),
      server(930, { type: 'response.done', response: { id: 'r1', status: 'cancelled' } }),
      server(1500, { type: 'input_audio_buffer.speech_stopped', item_id: 'u2', audio_end_ms: 3 }),
      ...spokenAnswer('r2', { created: 1540, text: 1700, audio: 1800, done: 2400 }),
    ]);
    assert.equal(turns.length, 2);
    assert.equal(turns[0].status, 'cancelled');
    assert.equal(turns[0].firstAudioMs, 200);
    assert.equal(turns[0].firstTextMs, undefined, 'no text arrived before the cancel');
    assert.equal(turns[0].done, 930, 'the late response.done lands in its own turn, by response id');
    assert.equal(turns[1].firstAudioMs, 300);
  });

  it('WebRTC: output_audio_buffer.started is first audio and audible when no audio bytes arrive', () => {
    const turns = computeLatency([
      server(0, { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 1 }),
      server(40, { type: 'response.created', response: { id: 'r1' } }),
      server(180, { type: 'response.output_audio_transcript.delta', response_id: 'r1', delta: 'Hi' }),
      server(260, { type: 'output_audio_buffer.started', response_id: 'r1' }),
      server(900, { type: 'response.done', response: { id: 'r1', status: 'completed' } }),
    ]);
    assert.equal(turns[0].firstAudioMs, 260);
    assert.equal(turns[0].audible, 260);
  });

  it('a VAD turn with no response says so once the next turn began; an open one is waiting', () => {
    const tracker = new LatencyTracker();
    tracker.push(server(0, { type: 'input_audio_buffer.speech_stopped', item_id: 'u1' }));
    assert.equal(tracker.turns()[0].status, 'waiting');
    tracker.push(server(900, { type: 'input_audio_buffer.speech_stopped', item_id: 'u2' }));
    assert.deepEqual(tracker.turns().map((turn) => turn.status), ['no response', 'waiting']);
  });

  it('ignores responses before any turn, out-of-band responses, and garbage records', () => {
    const turns = computeLatency([
      ...spokenAnswer('greet', { created: 0, text: 10, audio: 20, done: 30 }),
      { time: 40, source: 'server', event: null },
      { time: 41, source: 'server', event: 'text' },
      { time: 42, source: 'server', event: { type: 7 } },
      client(100, { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [] } }),
      client(101, { type: 'response.create', response: { conversation: 'none' } }),
      server(120, { type: 'response.created', response: { id: 'oob', conversation_id: null } }),
      client(200, { type: 'response.create' }),
      server(260, { type: 'response.created', response: { id: 'r1' } }),
      server(300, { type: 'response.output_audio.delta', response_id: 'oob', delta: 'AA' }),
      server(400, { type: 'response.output_audio.delta', response_id: 'r1', delta: 'AA' }),
    ]);
    assert.equal(turns.length, 1);
    assert.equal(turns[0].start, 200);
    assert.deepEqual(turns[0].responses.map((response) => response.id), ['r1']);
    assert.equal(turns[0].firstAudioMs, 200);
  });

  it('session p50 and p95 are nearest-rank over the turns that have the figure', () => {
    assert.equal(percentile([], 50), undefined);
    assert.equal(percentile([5], 95), 5);
    const values = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    assert.equal(percentile(values, 50), 100);
    assert.equal(percentile(values, 95), 190);
    const records = [
      ...[0, 1, 2].flatMap((n) => [
        server(n * 10_000, { type: 'input_audio_buffer.speech_stopped' }),
        ...spokenAnswer(`r${n}`, { created: n * 10_000 + 10, text: n * 10_000 + 100 * (n + 1), audio: n * 10_000 + 200 * (n + 1), done: n * 10_000 + 5000 }),
      ]),
      server(40_000, { type: 'input_audio_buffer.speech_stopped' }),
    ];
    const summary = summarizeLatency(computeLatency(records));
    assert.equal(summary.turns, 4);
    assert.deepEqual(summary.firstAudio, { count: 3, p50: 400, p95: 600 });
    assert.deepEqual(summary.firstText, { count: 3, p50: 200, p95: 300 });
  });
});

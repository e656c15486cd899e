// The "audible" step of the latency rows: the console's own '(audible)' record on WebSocket (the
// player's first played sample of an item), output_audio_buffer.started on WebRTC.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIBLE_TYPE, audibleRecord } from './console-records';
import { computeLatency, summarizeLatency } from './latency';
import { parseEventsJsonl } from './session-file';
import { client, server, spokenAnswer } from './test-support/sequences';

const heard = (itemId: string, time: number, outputLatencyMs = 0) =>
  audibleRecord({ trackId: itemId, renderedAt: time - outputLatencyMs, time, baseLatencyMs: 0, outputLatencyMs });

describe('audible', () => {
  it('a WebSocket VAD turn: audible is the first played sample of the answer item, after first audio', () => {
    const turns = computeLatency([
      server(2000, { type: 'input_audio_buffer.speech_stopped', audio_end_ms: 900, item_id: 'u1' }),
      ...spokenAnswer('r1', { created: 2050, text: 2300, audio: 2412, done: 3000 }),
      heard('item_r1', 2471.6, 12),
      heard('item_r1', 2600), // a second mark of the same item (e.g. replayed): the first one counts
    ]);
    const [turn] = turns;
    assert.equal(turn.firstAudioMs, 412);
    assert.equal(turn.audibleMs, 472, 'whole ms: the record is stored at whole ms');
    assert.equal(turn.responses[0].audible, 2472);
    assert.ok(turn.audibleMs >= turn.firstAudioMs);
  });

  it('a tool turn is audible when its second response plays; a mark of an unknown item or before any turn counts for nothing', () => {
    const turns = computeLatency([
      heard('item_nothing', 5),
      client(0, { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] } }),
      client(10, { type: 'response.create' }),
      server(60, { type: 'response.created', response: { id: 'r1', status: 'in_progress' } }),
      server(300, { type: 'response.function_call_arguments.done', response_id: 'r1', item_id: 'fc', call_id: 'call_1', name: 'get_weather', arguments: '{}' }),
      server(310, { type: 'response.done', response: { id: 'r1', status: 'completed' } }),
      client(700, { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_1', output: '{}' } }),
      client(701, { type: 'response.create' }),
      ...spokenAnswer('r2', { created: 760, text: 900, audio: 1010, done: 1500 }),
      heard('item_other', 1020),
      heard('item_r2', 1090),
    ]);
    assert.equal(turns.length, 1);
    assert.equal(turns[0].audibleMs, 1080);
    assert.equal(turns[0].responses[0].audible, undefined);
  });

  it('a cancelled answer never played has no audible figure; the summary counts only turns that were heard', () => {
    const turns = computeLatency([
      server(0, { type: 'input_audio_buffer.speech_stopped', item_id: 'u1' }),
      server(50, { type: 'response.created', response: { id: 'r1' } }),
      server(200, { type: 'response.output_audio.delta', response_id: 'r1', item_id: 'a1', delta: 'AA' }),
      server(210, { type: 'input_audio_buffer.speech_started', item_id: 'u2' }),
      server(230, { type: 'response.done', response: { id: 'r1', status: 'cancelled' } }),
      server(1000, { type: 'input_audio_buffer.speech_stopped', item_id: 'u2' }),
      ...spokenAnswer('r2', { created: 1040, text: 1100, audio: 1200, done: 1900 }),
      heard('item_r2', 1250),
    ]);
    assert.deepEqual(turns.map((turn) => turn.audibleMs), [undefined, 250]);
    assert.deepEqual(summarizeLatency(turns).audible, { count: 1, p50: 250, p95: 250 });
  });

  it('WebRTC: output_audio_buffer.started is audible, for the turn and its response', () => {
    const turns = computeLatency([
      server(0, { type: 'input_audio_buffer.speech_stopped', item_id: 'u1' }),
      server(40, { type: 'response.created', response: { id: 'r1' } }),
      server(260, { type: 'output_audio_buffer.started', response_id: 'r1' }),
      server(900, { type: 'response.done', response: { id: 'r1', status: 'completed' } }),
    ]);
    assert.equal(turns[0].audibleMs, 260);
    assert.equal(turns[0].responses[0].audible, 260);
  });

  it('the record survives the JSONL export format: source console, whole ms, same figure', () => {
    const records = [
      server(Date.UTC(2026, 11, 1), { type: 'input_audio_buffer.speech_stopped', item_id: 'u1' }),
      ...spokenAnswer('r1', { created: Date.UTC(2026, 11, 1) + 40, text: Date.UTC(2026, 11, 1) + 90, audio: Date.UTC(2026, 11, 1) + 120, done: Date.UTC(2026, 11, 1) + 900 }),
      heard('item_r1', Date.UTC(2026, 11, 1) + 187.4, 40),
    ];
    // The event log's export line: ISO time (ms), source, event.
    const jsonl = records.map((record) => `${JSON.stringify({ time: new Date(record.time).toISOString(), source: record.source, event: record.event })}\n`).join('');
    const opened = parseEventsJsonl(jsonl);
    assert.equal(opened.problemCount, 0);
    const mark = opened.records[opened.records.length - 1];
    assert.equal(mark.source, 'console');
    assert.deepEqual(mark.event, { type: AUDIBLE_TYPE, item_id: 'item_r1', rendered_at: Date.UTC(2026, 11, 1) + 147, base_latency_ms: 0, output_latency_ms: 40 });
    assert.equal(computeLatency(opened.records)[0].audibleMs, computeLatency(records)[0].audibleMs);
    assert.equal(computeLatency(opened.records)[0].audibleMs, 187);
  });
});

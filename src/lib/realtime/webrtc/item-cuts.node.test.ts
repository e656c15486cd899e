// The per-item windows of a media wire's recording, from hand-built event timelines (page ms).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ItemCuts, type CutWindow } from './item-cuts';

type Step = [at: number, source: 'client' | 'server', event: Record<string, unknown> & { type: string }];

function run(cuts: ItemCuts, steps: Step[]): CutWindow[] {
  const out: CutWindow[] = [];
  for (const [at, source, event] of steps) out.push(...(source === 'client' ? cuts.sent(event, at) : cuts.received(event as never, at)));
  return out;
}

test('a server VAD turn: the window is audio_start_ms..audio_end_ms from the call\'s opening', () => {
  const cuts = new ItemCuts();
  cuts.opened(10_000);
  const windows = run(cuts, [
    [11_900, 'server', { type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 1_500 }],
    [14_100, 'server', { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 3_500 }],
    [14_120, 'server', { type: 'input_audio_buffer.committed', item_id: 'u1', previous_item_id: null }],
  ]);
  assert.deepEqual(windows, [{ track: 'user', itemId: 'u1', from: 11_500, to: 13_500 }]);
});

test('the anchor moves earlier when an event proves ms 0 was before the opening', () => {
  const cuts = new ItemCuts();
  cuts.opened(10_000);
  // speech_stopped says 3 800 ms had been heard by 13 600: ms 0 was at 9 800 at the latest.
  const windows = run(cuts, [
    [11_700, 'server', { type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 1_500 }],
    [13_600, 'server', { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 3_800 }],
    [13_610, 'server', { type: 'input_audio_buffer.committed', item_id: 'u1' }],
  ]);
  assert.deepEqual(windows, [{ track: 'user', itemId: 'u1', from: 11_300, to: 13_600 }]);
});

test('without audio_*_ms, the VAD events\' arrival times are the window; a missing stop ends at the commit', () => {
  const cuts = new ItemCuts();
  cuts.opened(0);
  const windows = run(cuts, [
    [1_000, 'server', { type: 'input_audio_buffer.speech_started', item_id: 'u1' }],
    [2_500, 'server', { type: 'input_audio_buffer.speech_stopped', item_id: 'u1' }],
    [2_510, 'server', { type: 'input_audio_buffer.committed', item_id: 'u1' }],
    [4_000, 'server', { type: 'input_audio_buffer.speech_started', item_id: 'u2', audio_start_ms: 3_900 }],
    [6_000, 'server', { type: 'input_audio_buffer.committed', item_id: 'u2' }],
  ]);
  assert.deepEqual(windows, [
    { track: 'user', itemId: 'u1', from: 1_000, to: 2_500 },
    { track: 'user', itemId: 'u2', from: 3_900, to: 6_000 },
  ]);
});

test('push-to-talk: from the press (or the last commit) to the commit sent, named by committed', () => {
  const cuts = new ItemCuts();
  cuts.opened(0);
  cuts.unmuted(5_000);
  const first = run(cuts, [
    [7_200, 'client', { type: 'input_audio_buffer.commit' }],
    [7_230, 'server', { type: 'input_audio_buffer.committed', item_id: 'u1' }],
  ]);
  // Second turn: no press reported (another page part unmuted): from the previous commit.
  const second = run(cuts, [
    [9_000, 'client', { type: 'input_audio_buffer.commit' }],
    [9_020, 'server', { type: 'input_audio_buffer.committed', item_id: 'u2' }],
  ]);
  assert.deepEqual([...first, ...second], [
    { track: 'user', itemId: 'u1', from: 5_000, to: 7_200 },
    { track: 'user', itemId: 'u2', from: 7_200, to: 9_000 },
  ]);
});

test('a cleared input buffer drops the turn in progress; a committed with no commit or speech cuts nothing', () => {
  const cuts = new ItemCuts();
  cuts.opened(0);
  const windows = run(cuts, [
    [1_000, 'server', { type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 900 }],
    [1_500, 'server', { type: 'input_audio_buffer.cleared' }],
    [1_600, 'server', { type: 'input_audio_buffer.committed', item_id: 'u1' }],
  ]);
  assert.deepEqual(windows, []);
});

test('the model: started..stopped plus the tail; cleared the same; another response\'s stop is ignored', () => {
  const cuts = new ItemCuts({ outputTailMs: 200 });
  cuts.opened(0);
  const windows = run(cuts, [
    [1_000, 'server', { type: 'output_audio_buffer.started', response_id: 'r1' }],
    [2_000, 'server', { type: 'output_audio_buffer.stopped', response_id: 'r0' }],
    [3_000, 'server', { type: 'output_audio_buffer.stopped', response_id: 'r1' }],
    [5_000, 'server', { type: 'output_audio_buffer.started', response_id: 'r2' }],
    [5_800, 'server', { type: 'output_audio_buffer.cleared', response_id: 'r2' }],
  ]);
  assert.deepEqual(windows, [
    { track: 'model', responseId: 'r1', from: 1_000, to: 3_200 },
    { track: 'model', responseId: 'r2', from: 5_000, to: 6_000 },
  ]);
});

test('overlapping responses: a start before the last one stopped ends it; a tail never reaches into the next', () => {
  const cuts = new ItemCuts({ outputTailMs: 300 });
  cuts.opened(0);
  const windows = run(cuts, [
    [1_000, 'server', { type: 'output_audio_buffer.started', response_id: 'r1' }],
    [2_000, 'server', { type: 'output_audio_buffer.started', response_id: 'r2' }],
    [3_000, 'server', { type: 'output_audio_buffer.stopped', response_id: 'r2' }],
    [3_100, 'server', { type: 'output_audio_buffer.started', response_id: 'r3' }],
  ]);
  // r2's window was returned at 3 000 with its tail, then shortened when r3 started at 3 100.
  assert.deepEqual(windows, [
    { track: 'model', responseId: 'r1', from: 1_000, to: 2_000 },
    { track: 'model', responseId: 'r2', from: 2_000, to: 3_100 },
  ]);
  // A stop that never comes: the call's end closes r3 (no tail, nothing follows).
  assert.deepEqual(cuts.close(4_000), [{ track: 'model', responseId: 'r3', from: 3_100, to: 4_000 }]);
  assert.deepEqual(cuts.close(5_000), []);
});

test('garbled fields cut nothing and throw nothing', () => {
  const cuts = new ItemCuts();
  cuts.opened(0);
  const windows = run(cuts, [
    [1_000, 'server', { type: 'input_audio_buffer.speech_started', item_id: 7, audio_start_ms: 'x' }],
    [1_100, 'server', { type: 'input_audio_buffer.speech_stopped', audio_end_ms: -4 }],
    [1_200, 'server', { type: 'input_audio_buffer.committed' }],
    [1_300, 'server', { type: 'output_audio_buffer.stopped' }],
    [1_400, 'server', { type: 'output_audio_buffer.started' }],
  ]);
  assert.deepEqual(windows, []);
  assert.deepEqual(cuts.close(1_500), [{ track: 'model', responseId: '', from: 1_400, to: 1_500 }]);
});

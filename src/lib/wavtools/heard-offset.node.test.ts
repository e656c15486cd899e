import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audibleNotice, heardOffset, outputLatencySeconds, type PlaybackMarks } from './heard-offset';

/** Marks of a worklet at 48 kHz playing 24 kHz audio: 64 samples per 128-frame quantum while playing. */
function marks(plan: Array<[track: string | null, quanta: number, playing: boolean]>): PlaybackMarks {
  const out: PlaybackMarks = { frames: [], tracks: [], played: [] };
  let frame = 0;
  let track: string | null = null;
  let played = 0;
  for (const [id, quanta, playing] of plan) {
    for (let q = 0; q < quanta; q++) {
      out.frames.push(frame);
      out.tracks.push(track);
      out.played.push(played);
      if (playing) {
        if (id !== track) played = 0;
        track = id;
        played += 64;
      }
      frame += 128;
    }
  }
  out.frames.push(frame);
  out.tracks.push(track);
  out.played.push(played);
  return out;
}

test('latency is baseLatency + outputLatency, each 0 where the browser lacks it', () => {
  assert.equal(outputLatencySeconds({ baseLatency: 0.01, outputLatency: 0.04 }), 0.05);
  assert.equal(outputLatencySeconds({ baseLatency: 0.01 }), 0.01); // Safari before 2025: no outputLatency
  assert.equal(outputLatencySeconds({ baseLatency: Number.NaN, outputLatency: undefined }), 0);
});

test('continuous playback: the heard offset is the output count less the latency in samples', () => {
  const m = marks([['a', 100, true]]); // 6,400 samples over 12,800 frames
  const now = 12800;
  assert.equal(heardOffset(m, 'a', 6400, now, 0), 6400, 'no latency: everything output was heard');
  assert.equal(heardOffset(m, 'a', 6400, now, 2400), 6400 - 1200, '50 ms at 48 kHz = 1,200 samples at 24 kHz');
  assert.equal(heardOffset(m, 'a', 6400, now, 100), 6400 - 50, 'inside a quantum: interpolated');
});

test('a gap inside the latency window: what played before it was heard, not the gap', () => {
  // 20 quanta of `a` (1,280 samples), 30 quanta of underrun, 5 quanta of `a` again (320 samples).
  const m = marks([['a', 20, true], ['a', 30, false], ['a', 5, true]]);
  const now = 55 * 128;
  assert.equal(heardOffset(m, 'a', 1600, now, 1280), 1280, 'the listener is in the gap: the first 1,280 samples');
  assert.equal(heardOffset(m, 'a', 1600, now, 320), 1280 + 160);
});

test('a track that began within the latency window, or a null track, was not heard', () => {
  const m = marks([['a', 20, true], ['b', 10, true]]);
  const now = 30 * 128;
  assert.equal(heardOffset(m, 'b', 640, now, 1920), 0, '15 quanta back, `a` was still playing');
  assert.equal(heardOffset(m, 'b', 640, now, 640), 320);
  assert.equal(heardOffset(m, null, 0, now, 640), 0);
  assert.equal(heardOffset(m, 'b', 640, now, 1e9), 0, 'before the first mark nothing was playing');
});

test('never more than was output', () => {
  const m = marks([['a', 10, true]]);
  assert.equal(heardOffset(m, 'a', 600, 1280, 1), 600);
});

test('a first sample is audible after the context base and output latency, each 0 where the browser lacks it', () => {
  assert.deepEqual(audibleNotice('item_1', 1_000_000, { baseLatency: 0.01, outputLatency: 0.032 }), {
    trackId: 'item_1', renderedAt: 1_000_000, time: 1_000_042, baseLatencyMs: 10, outputLatencyMs: 32,
  });
  assert.equal(audibleNotice('a', 500, { baseLatency: 0.005 }).time, 505, 'no outputLatency (older Safari)');
  assert.equal(audibleNotice('a', 500, { baseLatency: Number.NaN, outputLatency: -1 }).time, 500, 'garbage is no latency');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputAudioTrack } from './input-audio';

const ramp = (from: number, length: number): Int16Array => Int16Array.from({ length }, (_, i) => from + i);

test('manual commits: each item gets what was appended since the previous commit', () => {
  const track = new InputAudioTrack({ sampleRate: 1000, maxSeconds: 10 });
  const reused = ramp(0, 3);
  track.append(reused);
  reused.fill(99); // the caller reuses its buffer: the track kept a copy
  track.append(ramp(3, 2));
  assert.deepEqual(Array.from(track.committed('item_1') ?? []), [0, 1, 2, 3, 4]);
  track.append(ramp(5, 2));
  assert.deepEqual(Array.from(track.committed('item_2') ?? []), [5, 6]);
  assert.equal(track.committed('item_3'), null, 'nothing appended');
});

test('VAD: the item gets the samples between speech start and end (ms on the input timeline)', () => {
  const track = new InputAudioTrack({ sampleRate: 1000, maxSeconds: 10 });
  for (let i = 0; i < 10; i++) track.append(ramp(i * 100, 100)); // 1 s at 1 kHz
  track.speechStarted('item_v', 250);
  track.speechStopped('item_v', 730);
  const audio = track.committed('item_v');
  assert.equal(audio?.length, 480);
  assert.equal(audio?.[0], 250);
  assert.equal(audio?.[479], 729);
});

test('bounded: audio older than maxSeconds is dropped; clear forgets the buffer', () => {
  const track = new InputAudioTrack({ sampleRate: 100, maxSeconds: 1 });
  for (let i = 0; i < 5; i++) track.append(ramp(i * 100, 100)); // 5 s, only the last 1 s kept
  track.speechStarted('item_x', 0);
  track.speechStopped('item_x', 5000);
  const audio = track.committed('item_x');
  assert.equal(audio?.length, 500, 'the range is kept, missing audio is silence');
  assert.deepEqual(Array.from(audio?.subarray(0, 400) ?? []).filter((s) => s !== 0), []);
  assert.equal(audio?.[400], 400);
  track.append(ramp(0, 50));
  track.cleared();
  track.append(ramp(7, 3));
  assert.deepEqual(Array.from(track.committed('item_y') ?? []), [7, 8, 9]);
});

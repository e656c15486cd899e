// The worklet processors' source strings, run in Node through a fake worklet scope: the same
// text the browser loads, driven one 128-frame quantum at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { designKernel } from '../audio-codec/resampler';
import { fitTone, tone } from '../audio-codec/test-signals';
import { loadProcessor, QUANTUM, type LoadedProcessor } from './worklet-scope';
import { heardOffset } from './heard-offset';
import { CAPTURE_PROCESSOR_NAME, CAPTURE_PROCESSOR_SOURCE, type CaptureEvent } from './worklets/capture-processor';
import { PLAYBACK_PROCESSOR_NAME, PLAYBACK_PROCESSOR_SOURCE, type InterruptReply, type PlaybackEvent, type PlaybackProcessorOptions } from './worklets/playback-processor';

const JITTER_MS = 40;

function player(outRate: number, jitterMs = JITTER_MS): LoadedProcessor {
  const kernel = designKernel(24000, outRate);
  const options: PlaybackProcessorOptions = {
    inRate: 24000, outRate, table: kernel.table, phasesPerSample: kernel.phasesPerSample, width: kernel.width,
    jitterSamples: (jitterMs * 24000) / 1000, maxWaitFrames: (jitterMs * outRate) / 1000, historyFrames: 2 * outRate,
  };
  return loadProcessor(PLAYBACK_PROCESSOR_SOURCE, PLAYBACK_PROCESSOR_NAME, options, outRate);
}

/** PCM whose every sample is non-zero and tells its own index: 1..1000 repeating. */
const counting = (length: number, start = 0) => Int16Array.from({ length }, (_, i) => ((start + i) % 1000) + 1);

/** Renders whole quanta: `frames` must be a multiple of 128. */
function playFrames(processor: LoadedProcessor, frames: number): Float32Array {
  assert.equal(frames % QUANTUM, 0);
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i += QUANTUM) out.set(processor.runQuantum().subarray(0, Math.min(QUANTUM, frames - i)), i);
  return out;
}

const events = (processor: LoadedProcessor) => processor.port.posted as PlaybackEvent[];

function interrupt(processor: LoadedProcessor): InterruptReply {
  processor.send({ type: 'interrupt', id: 1 });
  const reply = events(processor).filter((e): e is InterruptReply => e.type === 'interrupted').pop();
  assert.ok(reply);
  return reply;
}

test('at 24 kHz the player outputs the queued samples exactly and reports when it starts and drains', () => {
  const p = player(24000);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(1000) });
  const out = playFrames(p, 1280);
  assert.deepEqual(Array.from(out.subarray(0, 1000), (x) => Math.round(x * 32768)), Array.from(counting(1000)));
  assert.ok(out.subarray(1000).every((x) => x === 0));
  assert.deepEqual(events(p).map((e) => e.type), ['started', 'first', 'idle']);
  assert.deepEqual(events(p)[0], { type: 'started', trackId: 'a', frame: 0 });
  assert.deepEqual(events(p)[2], { type: 'idle', trackId: 'a', offset: 1000, frame: 1000, drains: 1 });
});

test('each track says once when its first sample is rendered, back to back too, with the page clock', () => {
  const p = player(24000);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(1000) });
  p.send({ type: 'pcm', trackId: 'b', samples: counting(2000) });
  const before = Date.now();
  playFrames(p, 1280);
  const after = Date.now();
  const firsts = events(p).filter((e): e is Extract<PlaybackEvent, { type: 'first' }> => e.type === 'first');
  assert.deepEqual(firsts.map((e) => [e.trackId, e.frame]), [['a', 0], ['b', 1000]]);
  assert.equal(events(p).filter((e) => e.type === 'started').length, 1, 'b followed a without a gap: no new start');
  // b's first sample is frame 104 of the quantum at 896: 104 frames (4.33 ms) after that quantum's clock read.
  const offsetMs = (104 * 1000) / 24000;
  assert.ok(firsts[1].time >= before + offsetMs && firsts[1].time <= after + offsetMs, `${firsts[1].time} in [${before}, ${after}] + ${offsetMs}`);
  // More of b after a gap, and a resampled track in the jitter wait: b is not first again; c is, after its wait.
  playFrames(p, 1280);
  p.send({ type: 'pcm', trackId: 'b', samples: counting(2000, 2000) });
  playFrames(p, 1280);
  assert.equal(events(p).filter((e) => e.type === 'first').length, 2);
  const q = player(48000);
  q.send({ type: 'pcm', trackId: 'c', samples: counting(100) });
  playFrames(q, 30 * QUANTUM);
  const first = events(q).find((e) => e.type === 'first');
  assert.ok(first && first.type === 'first');
  assert.equal(first.frame, 1920, '40 ms of jitter wait at 48 kHz');
});

test('the jitter buffer holds a small first chunk back for at most jitterMs', () => {
  const p = player(24000);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(300) });
  const out = playFrames(p, 2048);
  const first = out.findIndex((x) => x !== 0);
  assert.equal(first, 960); // 40 ms at 24 kHz
  assert.equal(out.filter((x) => x !== 0).length, 300);
});

test('interrupt after an underrun counts only what was really output', () => {
  const p = player(24000);
  const heard: number[] = [];
  const listen = (frames: number) => heard.push(...Array.from(playFrames(p, frames), (x) => Math.round(x * 32768)));
  p.send({ type: 'pcm', trackId: 'a', samples: counting(1200) });
  listen(2560); // plays 1200, then a gap of 1360 silent frames (the network stalled)
  p.send({ type: 'pcm', trackId: 'a', samples: counting(2400, 1200) });
  listen(1920); // 2400 queued >= the 960-sample jitter target, so it plays at once
  const reply = interrupt(p);
  const played = heard.filter((x) => x !== 0);
  assert.equal(reply.trackId, 'a');
  assert.equal(reply.offset, played.length);
  assert.equal(reply.offset, 1200 + 1920);
  // The last sample heard is the one the offset points to (the PCM encodes its index).
  assert.equal(played[played.length - 1], ((reply.offset - 1) % 1000) + 1);
  assert.deepEqual(reply.tracks, ['a']);
  assert.ok(playFrames(p, 512).every((x) => x === 0), 'silent after the interrupt');
});

test('interrupt reports the track playing now, not one queued behind it, and null when idle', () => {
  const p = player(24000);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(1000) });
  p.send({ type: 'pcm', trackId: 'b', samples: counting(2000) });
  playFrames(p, 1280);
  const reply = interrupt(p);
  assert.equal(reply.trackId, 'b');
  assert.equal(reply.offset, 280);
  assert.deepEqual(reply.tracks.sort(), ['b']);
  const idle = interrupt(p);
  assert.equal(idle.trackId, null);
  assert.equal(idle.offset, 0);
  // Queued but still in the jitter wait: the track is reported with offset 0.
  p.send({ type: 'pcm', trackId: 'c', samples: counting(100) });
  playFrames(p, 128);
  const waiting = interrupt(p);
  assert.equal(waiting.trackId, 'c');
  assert.equal(waiting.offset, 0);
});

test('at 48 kHz the player upsamples cleanly and counts 24 kHz samples', () => {
  const p = player(48000);
  const input = tone(1000, 24000, 0.5, 0.5);
  const pcm = Int16Array.from(input, (x) => Math.round(x * 32767));
  p.send({ type: 'pcm', trackId: 'tone', samples: pcm });
  const out = playFrames(p, 94 * QUANTUM); // 12032 frames
  const fit = fitTone(out.subarray(1000, out.length - 1000), 1000, 48000);
  assert.ok(Math.abs(20 * Math.log10(fit.amplitude / 0.5)) < 0.1, `level ${fit.amplitude}`);
  assert.ok(fit.residualDb < -60, `residual ${fit.residualDb.toFixed(1)} dB`);
  const reply = interrupt(p);
  assert.equal(reply.trackId, 'tone');
  // 12032 output frames at 48 kHz cover input times 0 .. 6015.5: samples 0..6015 are heard.
  assert.equal(reply.offset, 6016);
});

test('at 44.1 kHz a gap does not shift the count: offsets add up to the samples played', () => {
  const p = player(44100);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(2400) });
  playFrames(p, 69 * QUANTUM); // 100 ms of audio (4410 frames), then a 4422-frame gap
  const idle = events(p).find((e) => e.type === 'idle');
  assert.ok(idle && idle.type === 'idle');
  assert.equal(idle.offset, 2400);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(2400, 2400) });
  const out = playFrames(p, 18 * QUANTUM); // 2304 frames = 1253.9 input samples
  const reply = interrupt(p);
  assert.equal(reply.offset, 2400 + Math.floor(((2304 - 1) * 24000) / 44100) + 1);
  assert.ok(out[0] !== 0, 'the second chunk starts at once (it is longer than the jitter buffer)');
});

test('capture worklet mixes to mono, batches frames with their end frame, flushes on request', () => {
  const c = loadProcessor(CAPTURE_PROCESSOR_SOURCE, CAPTURE_PROCESSOR_NAME, { batchFrames: 200 }, 48000);
  const left = Float32Array.from({ length: QUANTUM }, (_, i) => i / 1000);
  const right = Float32Array.from({ length: QUANTUM }, () => 0.5);
  c.runQuantum([left, right]);
  assert.equal(c.port.posted.length, 0, 'not capturing yet');
  c.send({ type: 'capture', on: true });
  c.runQuantum([left, right]);
  c.runQuantum([left, right]);
  const posted = c.port.posted as CaptureEvent[];
  assert.equal(posted.length, 1);
  const first = posted[0];
  assert.ok(first.type === 'frames');
  assert.equal(first.frames.length, 200);
  assert.equal(first.endFrame, 128 + 200);
  assert.ok(Math.abs(first.frames[5] - (5 / 1000 + 0.5) / 2) < 1e-7);
  c.send({ type: 'flush', id: 7 });
  assert.deepEqual(posted.slice(1).map((e) => (e.type === 'frames' ? e.frames.length : e)), [56, { type: 'flushed', id: 7 }]);
  c.send({ type: 'capture', on: false });
  c.runQuantum([left, right]);
  assert.equal(posted.length, 3);
});

test('the interrupt reply marks every quantum: through the output latency, a gap inside it is not counted as heard', () => {
  const p = player(48000);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(2400) }); // 100 ms: 4,800 frames
  playFrames(p, 60 * QUANTUM); // then 2,880 frames of silence (the network stalled)
  p.send({ type: 'pcm', trackId: 'a', samples: counting(2400, 2400) });
  playFrames(p, 10 * QUANTUM); // 1,280 frames: 640 more samples of `a`
  const reply = interrupt(p);
  assert.equal(reply.offset, 2400 + 640);
  assert.equal(reply.marks.frames[reply.marks.frames.length - 1], reply.frame);
  assert.equal(reply.marks.frames.length, 71, 'one mark per quantum, and one for now');
  // 50 ms (2,400 frames) back the speaker was still in the gap: it had heard the first 2,400
  // samples only. Subtracting 50 ms of samples (1,200) would have said 1,840.
  assert.equal(heardOffset(reply.marks, 'a', reply.offset, reply.frame, 2400), 2400);
  assert.equal(heardOffset(reply.marks, 'a', reply.offset, reply.frame, 640), 2400 + 320);
  assert.equal(heardOffset(reply.marks, 'a', reply.offset, reply.frame, 0), reply.offset);
});

test('a track that started within the output latency has not been heard at all', () => {
  const p = player(48000);
  p.send({ type: 'pcm', trackId: 'a', samples: counting(2400) });
  playFrames(p, 40 * QUANTUM);
  p.send({ type: 'pcm', trackId: 'b', samples: counting(4800) });
  playFrames(p, 15 * QUANTUM); // 1,920 frames of `b`: 960 samples
  const reply = interrupt(p);
  assert.equal(reply.trackId, 'b');
  assert.equal(reply.offset, 960);
  assert.equal(heardOffset(reply.marks, 'b', reply.offset, reply.frame, 2400), 0);
  assert.equal(heardOffset(reply.marks, 'b', reply.offset, reply.frame, 960), 480);
});

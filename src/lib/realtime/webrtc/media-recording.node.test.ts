// The recording of a media wire in Node: RecordedTracks' clock and store by hand, then
// MediaRecording over a scripted transport with a stand-in tap that writes known tones, so each
// item's cut can be checked sample by sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeEventEmitter } from '../event-emitter';
import type { RealtimeTransportEvents, TransportEvent } from '../transport-types';
import { MediaRecording, type RecordingClient, type Tap } from './media-recording';
import { FrameClock, RecordedTracks, RECORDED_RATE, TrackStore, trimSilence } from './recorded-tracks';
import { eventually } from '../../../../testing/eventually';

const PER_MS = RECORDED_RATE / 1000;

function tone(ms: number, amplitude: number): Int16Array {
  return Int16Array.from({ length: ms * PER_MS }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / RECORDED_RATE)));
}

function rms(samples: Int16Array): number {
  return Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / Math.max(1, samples.length));
}

test('FrameClock takes the smallest delay seen and relaxes slowly', () => {
  const clock = new FrameClock(RECORDED_RATE);
  clock.observe(24_000, 5_050); // 1 s of frames seen at 5 050: offset 4 050
  clock.observe(48_000, 6_010); // a quicker delivery: offset 4 010
  clock.observe(72_000, 7_200); // a late one does not move it (beyond the relax allowance)
  assert.ok(Math.abs(clock.toMs(0) - 4_010.6) < 1, String(clock.toMs(0)));
  assert.ok(Math.abs(clock.toFrame(clock.toMs(12_345)) - 12_345) < 1e-6);
});

test('TrackStore keeps sound only, slices with zeros in the gaps, and drops the oldest beyond its bound', () => {
  const store = new TrackStore(2 * 100 * PER_MS);
  store.push(0, new Int16Array(100 * PER_MS)); // silence: heard, not kept
  store.push(100 * PER_MS, tone(100, 1_000));
  store.push(300 * PER_MS, tone(100, 2_000));
  assert.equal(store.heardUntil, 400 * PER_MS);
  assert.equal(store.keptSamples, 200 * PER_MS);
  const slice = store.slice(50 * PER_MS, 350 * PER_MS);
  assert.equal(rms(slice.subarray(0, 50 * PER_MS)), 0);
  assert.ok(rms(slice.subarray(50 * PER_MS, 150 * PER_MS)) > 600);
  assert.equal(rms(slice.subarray(150 * PER_MS, 250 * PER_MS)), 0);
  store.push(500 * PER_MS, tone(100, 3_000));
  assert.equal(store.keptSamples, 200 * PER_MS, 'the first tone was dropped');
  assert.equal(rms(store.slice(100 * PER_MS, 200 * PER_MS)), 0);
  assert.deepEqual(Array.from(trimSilence(Int16Array.from([0, 3, 0, 900, -20, 0, 1]))), [900, -20]);
});

/** A client with a scripted transport: events are emitted with the times the test gives. */
function fakeClient() {
  const transport = new RealtimeEventEmitter<RealtimeTransportEvents>();
  const audio = new Map<string, Int16Array>();
  const items: Record<string, { type: 'message'; role: 'assistant' | 'user'; item: null }> = {
    a1: { type: 'message', role: 'assistant', item: null },
  };
  const client: RecordingClient = {
    transport,
    getResponse: (id) => (id === 'r1' ? { outputItemIds: ['a1'] } : undefined),
    conversation: { getItem: (id) => items[id] },
    setItemAudio: (id, samples) => audio.set(id, samples),
  };
  const emit = (record: TransportEvent) => transport.emit('realtime.event', record);
  return { client, audio, emit };
}

test('MediaRecording cuts a spoken turn and the answer from the tracks, once the tap has heard past each window', async () => {
  let now = 10_000;
  let tracks: RecordedTracks | null = null;
  const tap: Tap = { tap: async () => undefined, close: async () => undefined };
  const { client, audio, emit } = fakeClient();
  const recording = new MediaRecording(client, { now: () => now, outputTailMs: 200, tap: (t) => {
    tracks = t;
    return tap;
  } });
  assert.ok(tracks);
  const recorded = tracks as RecordedTracks;
  // The tap's timeline: sample 0 is page time 10 000.
  const write = (track: 'user' | 'model', atMs: number, samples: Int16Array) => {
    const start = (atMs - 10_000) * PER_MS;
    recorded.clock.observe(start + samples.length, atMs + samples.length / PER_MS);
    recorded.track(track).push(start, samples);
  };
  write('user', 10_000, new Int16Array(1_000 * PER_MS));
  write('user', 11_000, tone(1_500, 4_000)); // the user speaks 11.0–12.5 s
  write('user', 12_500, new Int16Array(1_000 * PER_MS));
  emit({ time: 11_300, source: 'server', event: { type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 1_000 } });
  emit({ time: 13_000, source: 'server', event: { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 2_500 } });
  emit({ time: 13_010, source: 'server', event: { type: 'input_audio_buffer.committed', item_id: 'u1' } });
  emit({ time: 13_500, source: 'server', event: { type: 'output_audio_buffer.started', response_id: 'r1' } });
  emit({ time: 14_500, source: 'server', event: { type: 'output_audio_buffer.stopped', response_id: 'r1' } });
  now = 14_600;
  // The recording cuts on its 100 ms poll, which a loaded machine can run late.
  const user = await eventually(() => audio.get('u1'), 'the user item got its audio');
  assert.ok(Math.abs(user.length - 1_500 * PER_MS) <= PER_MS, `user cut ${user.length / PER_MS} ms`);
  assert.ok(rms(user) > 2_000);
  assert.equal(audio.get('a1'), undefined, 'the answer waits for the tap to hear its tail');

  write('model', 13_550, tone(1_000, 3_000)); // arrives 50 ms after started (jitter buffer)
  write('model', 14_550, new Int16Array(300 * PER_MS));
  const model = await eventually(() => audio.get('a1'), 'the answer item got its audio');
  assert.ok(Math.abs(model.length - 1_000 * PER_MS) <= PER_MS, `model cut ${model.length / PER_MS} ms, silence trimmed`);
  assert.ok(rms(model) > 1_500);

  // A response still playing when the call ends is cut from what was heard.
  emit({ time: 15_000, source: 'server', event: { type: 'output_audio_buffer.started', response_id: 'r1' } });
  write('model', 15_000, tone(400, 3_000));
  now = 15_400;
  recording.close();
  assert.ok(Math.abs((audio.get('a1')?.length ?? 0) - 400 * PER_MS) <= 2, 'cut at the close, edges trimmed of near-zero samples');
  const timed = recording.timed();
  assert.deepEqual(timed.user.map((chunk) => Math.round(chunk.time)), [11_000]);
  assert.deepEqual(timed.model.map((chunk) => Math.round(chunk.time)), [13_550, 15_000]);
});

/** A recording made before connect, its tap a stand-in that says what it was asked to do. */
function beforeConnect(now: () => number) {
  const { client, audio, emit } = fakeClient();
  const transport = client.transport as RealtimeEventEmitter<RealtimeTransportEvents>;
  const asked: string[] = [];
  let tracks: RecordedTracks | null = null;
  const recording = new MediaRecording(client, {
    now,
    beforeConnect: true,
    tap: (t) => {
      tracks = t;
      return { prepare: () => void asked.push('prepare'), tap: async (name) => void asked.push(name), close: async () => void asked.push('close') };
    },
  });
  const recorded = tracks as unknown as RecordedTracks;
  // The tap's timeline: sample 0 is page time 0.
  const write = (track: 'user' | 'model', atMs: number, samples: Int16Array) => {
    const start = atMs * PER_MS;
    recorded.clock.observe(start + samples.length, atMs + samples.length / PER_MS);
    recorded.track(track).push(start, samples);
  };
  const made = new Map<string, MediaStreamTrack>();
  const track = (direction: 'input' | 'output', id: string) => {
    if (!made.has(id)) made.set(id, { id } as unknown as MediaStreamTrack);
    transport.emit('media.track', { direction, track: made.get(id) as MediaStreamTrack, stream: null });
  };
  return { recording, transport, audio, emit, asked, write, track };
}

test('made before connect, the recording taps each track as the transport tells it and places ms 0 where media began to flow', async () => {
  let now = 9_000;
  const r = beforeConnect(() => now);
  assert.deepEqual(r.asked, ['prepare'], 'the tap gets ready before any track exists');
  r.track('input', 'mic'); // before the offer
  r.track('input', 'mic'); // told twice (the console also taps the input track on attach): tapped once
  // The microphone from connect on: silence, then the user already speaking when media flows at 9 800.
  r.write('user', 9_000, new Int16Array(700 * PER_MS));
  r.write('user', 9_700, tone(1_650, 4_000)); // speech 9 700–11 350
  r.write('user', 11_350, new Int16Array(1_000 * PER_MS));
  r.transport.emit('media.flowing', { time: 9_800 });
  r.transport.emit('open', { url: 'webrtc' }); // 30 ms later: ms 0 stays at the flow
  now = 9_830;
  r.track('output', 'remote');
  assert.deepEqual(r.asked, ['prepare', 'user', 'model']);
  assert.equal(r.recording.open, true);
  // The server heard speech from its ms 0 (prefix padding clamps the start to 0) to 1 550, and
  // its silence of 500 ms after: audio_end_ms 2 050, arriving 40 ms after it happened.
  r.emit({ time: 10_100, source: 'server', event: { type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 0 } });
  r.emit({ time: 11_890, source: 'server', event: { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 2_050 } });
  r.emit({ time: 11_900, source: 'server', event: { type: 'input_audio_buffer.committed', item_id: 'u1' } });
  now = 12_400;
  await new Promise((resolve) => setTimeout(resolve, 150));
  const user = r.audio.get('u1');
  assert.ok(user, 'the user item got its audio');
  assert.ok(Math.abs(user.length - 1_550 * PER_MS) <= 2, `user cut ${user.length / PER_MS} ms: from the flow (9 800) to the speech's end`);
  assert.ok(rms(user.subarray(0, 100 * PER_MS)) > 2_000, 'its first 100 ms hold the speech the server heard at ms 0');
  r.transport.emit('media.ended', {});
  assert.equal(r.recording.closed, true, 'the transport dropped its tracks: the recording ends with them');
  assert.deepEqual(r.asked.slice(-1), ['close']);
});

test('before connect: without media.flowing the channel\'s open places ms 0; a call that never opened cuts nothing', async () => {
  let now = 5_000;
  const r = beforeConnect(() => now);
  r.write('user', 5_000, tone(2_000, 4_000));
  now = 5_200;
  r.transport.emit('open', { url: 'webrtc' });
  r.emit({ time: 5_400, source: 'server', event: { type: 'input_audio_buffer.speech_started', item_id: 'u1', audio_start_ms: 100 } });
  r.emit({ time: 6_700, source: 'server', event: { type: 'input_audio_buffer.speech_stopped', item_id: 'u1', audio_end_ms: 1_000 } });
  r.emit({ time: 6_710, source: 'server', event: { type: 'input_audio_buffer.committed', item_id: 'u1' } });
  now = 7_000;
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.ok(Math.abs((r.audio.get('u1')?.length ?? 0) - 900 * PER_MS) <= 2, 'open (5 200) + 100..1 000 ms');

  const failed = beforeConnect(() => now);
  failed.track('input', 'mic');
  failed.transport.emit('media.ended', {}); // the offer was refused
  assert.equal(failed.recording.open, false);
  assert.equal(failed.recording.closed, true);
  failed.transport.emit('media.flowing', { time: 7_100 });
  assert.equal(failed.recording.open, false, 'closed: nothing more is followed');
});

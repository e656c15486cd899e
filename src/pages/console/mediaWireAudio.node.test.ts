// ConversationAudio on a media wire (WebRTC stood for by the library's ScriptedTransport), with
// the real client: no audio is ever appended, push-to-talk unmutes the track while held and
// commits after release, a press over the model's audio interrupts it by clearing the server's
// output buffer, VAD leaves the track open, the remote stream reaches the stream speaker, and a
// track tap's recording gives a push-to-talk item its audio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeClient } from '../../lib/realtime';
import { ScriptedTransport, scriptedServer } from '../../lib/realtime/testing';
import type { RecorderStatus } from '../../lib/wavtools/wav-recorder';
import { audioClient } from './audioClient';
import { ConversationAudio, type ConversationAudioOptions, type Microphone } from './conversationAudio';
import { RECORDED_RATE, type RecordedTracks } from '../../lib/realtime/webrtc/recorded-tracks';
import { RELEASE_TAIL_MS, type StreamSpeaker } from './mediaWireAudio';
import { eventually } from '../../../testing/eventually';

class Mic implements Microphone {
  status: RecorderStatus = 'ended';
  private onChunk: ((chunk: { mono: Int16Array }) => void) | null = null;
  getStatus = () => this.status;
  async begin() {
    this.status = 'paused';
  }
  async record(onChunk: (chunk: { mono: Int16Array }) => void) {
    this.onChunk = onChunk;
    this.status = 'recording';
  }
  async pause() {
    this.onChunk = null;
    this.status = 'paused';
  }
  async end() {
    this.status = 'ended';
  }
  getFrequencies = () => ({ values: new Float32Array(4) });
  speak(samples = 2400) {
    this.onChunk?.({ mono: new Int16Array(samples).fill(1) });
  }
}

class Speaker implements StreamSpeaker {
  streams: Array<MediaStream | null> = [];
  closed = false;
  async attach(stream: MediaStream | null) {
    this.streams.push(stream);
  }
  getFrequencies = () => ({ values: new Float32Array([0.5]) });
  async close() {
    this.closed = true;
  }
}

async function rig(extra: Partial<ConversationAudioOptions> = {}) {
  const transport = new ScriptedTransport({ ...scriptedServer(), audio: { input: 'media', output: 'media' } });
  const client = new RealtimeClient({ transport });
  await client.connect();
  await transport.settled();
  transport.takeSent();
  const mics: Mic[] = [];
  const speakers: Speaker[] = [];
  let now = 0;
  const audio = new ConversationAudio({
    createMicrophone: () => {
      const mic = new Mic();
      mics.push(mic);
      return mic;
    },
    createSpeaker: () => {
      throw new Error('a media wire plays no PCM');
    },
    createStreamSpeaker: () => {
      const speaker = new Speaker();
      speakers.push(speaker);
      return speaker;
    },
    now: () => now,
    ...extra,
  });
  const mutes = () => transport.calls.filter((call) => call.verb === 'mute').map((call) => (call as { muted: boolean }).muted);
  return { transport, client, audio, mics, speakers, mutes, advance: (ms: number) => (now += ms) };
}

const afterTail = () => new Promise((resolve) => setTimeout(resolve, RELEASE_TAIL_MS + 50));

test('manual: the track is muted between presses, a press unmutes it, release commits and asks for a response; nothing is appended', async () => {
  const r = await rig();
  r.audio.attach(audioClient(r.client));
  await r.audio.whenIdle();
  assert.deepEqual(r.mutes(), [true]);
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), ['input_audio_buffer.clear'], 'what the track carried before the mute is dropped');
  r.client.sendUserMessageContent([{ type: 'input_text', text: 'typed' }]);
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), ['conversation.item.create', 'response.create'], 'a typed turn commits nothing from a muted track');
  r.audio.startTalking();
  await r.audio.whenIdle();
  assert.deepEqual(r.mutes(), [true, false]);
  r.mics[0].speak();
  r.mics[0].speak();
  r.advance(300);
  r.audio.stopTalking();
  await r.audio.whenIdle();
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), [], 'nothing before the tail: the last packets are still arriving');
  await afterTail();
  assert.deepEqual(r.mutes(), [true, false, true]);
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), ['input_audio_buffer.commit', 'response.create']);
  assert.ok(!r.transport.calls.some((call) => call.verb === 'sendAudio'));
  r.audio.detach();
});

test('a press over the model\'s audio interrupts it: response.cancel and output_audio_buffer.clear; a short press sends nothing', async () => {
  const r = await rig();
  r.audio.attach(audioClient(r.client));
  r.transport.takeSent();
  r.transport.receive({ type: 'response.created', event_id: 'e1', response: { object: 'realtime.response', id: 'resp_1', status: 'in_progress', output: [] } });
  r.transport.receive({ type: 'output_audio_buffer.started', event_id: 'e2', response_id: 'resp_1' });
  await r.transport.settled();
  r.audio.startTalking();
  await r.audio.whenIdle();
  r.mics[0].speak(1200);
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), [], 'under the minimum: no interruption yet');
  r.advance(150);
  r.mics[0].speak(1200);
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), ['response.cancel', 'output_audio_buffer.clear']);
  r.audio.stopTalking();
  await r.audio.whenIdle();
  await afterTail();
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), ['input_audio_buffer.commit', 'response.create']);

  r.audio.startTalking();
  r.advance(30);
  r.audio.stopTalking();
  await r.audio.whenIdle();
  await afterTail();
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), [], 'a tap commits nothing');
  assert.match(r.audio.state.talkHint ?? '', /hold to talk/i);
  r.audio.detach();
});

test('VAD: the track stays open and nothing is appended; the remote stream reaches the stream speaker, which closes with the connection', async () => {
  const r = await rig();
  r.audio.setMode('vad');
  r.audio.attach(audioClient(r.client));
  await r.audio.whenIdle();
  assert.deepEqual(r.mutes(), [false]);
  r.mics[0].speak();
  assert.deepEqual(r.transport.takeSent(), []);
  const stream = { id: 'remote' } as unknown as MediaStream;
  r.transport.receiveStream(stream);
  assert.deepEqual(r.speakers[0].streams, [stream]);
  assert.deepEqual(Array.from(r.audio.speakerFrequencies() ?? []), [0.5]);
  r.audio.setMode('manual');
  await r.audio.whenIdle();
  assert.deepEqual(r.mutes(), [false, true]);
  assert.deepEqual(r.transport.takeSent().map((e) => e.type), ['input_audio_buffer.clear'], 'leaving VAD drops what it had not committed');
  r.audio.detach();
  assert.equal(r.speakers[0].closed, true);
});

test('with a track tap: the remote track is tapped, a push-to-talk turn\'s recording becomes its item\'s audio, and the call\'s tracks outlive it for the export', async () => {
  const taps: Array<{ tracks: RecordedTracks; tapped: string[]; closed: boolean }> = [];
  const r = await rig({
    createTrackTap: (tracks) => {
      const tap = { tracks, tapped: [] as string[], closed: false };
      taps.push(tap);
      return { tap: async (name) => void tap.tapped.push(name), close: async () => void (tap.closed = true) };
    },
  });
  r.audio.attach(audioClient(r.client));
  await r.audio.whenIdle();
  assert.equal(taps.length, 1);
  r.transport.receiveStream({ getAudioTracks: () => [{ kind: 'audio' }] } as unknown as MediaStream);
  assert.deepEqual(taps[0].tapped, ['model'], 'the scripted wire has no input track; the remote one is tapped');
  // The tap heard 2 s of tone on the microphone from now on (sample 0 is now, in page time).
  const { tracks } = taps[0];
  const t0 = Date.now();
  tracks.clock.observe(0, t0);
  tracks.user.push(0, new Int16Array(2 * RECORDED_RATE).fill(3_000));
  r.audio.startTalking();
  await r.audio.whenIdle();
  r.mics[0].speak(4800);
  r.advance(300);
  r.audio.stopTalking();
  await r.audio.whenIdle();
  await afterTail();
  await r.transport.settled();
  // The recording looks at waiting cuts every 100 ms, a poll a loaded machine can run late.
  const user = await eventually(() => r.client.conversation.getItems().find((item) => item.role === 'user' && item.formatted.audioSampleCount > 0), 'the committed item got its audio');
  const heldMs = (user.formatted.audioSampleCount / RECORDED_RATE) * 1000;
  assert.ok(heldMs >= RELEASE_TAIL_MS && heldMs < 1_000, `the press to the commit: ${heldMs} ms`);
  assert.ok(user.getAudio().every((sample) => sample === 3_000));
  r.audio.detach();
  assert.equal(taps[0].closed, true);
  const recorded = r.audio.recordedAudio();
  assert.equal(recorded?.user.length, 1);
  assert.ok(Math.abs((recorded?.user[0].time ?? 0) - t0) < 1);
});

test('prepared before connect, the call\'s recording taps each track as the transport tells it, and is the one attach uses', async () => {
  const transport = new ScriptedTransport({ ...scriptedServer(), audio: { input: 'media', output: 'media' } });
  const client = new RealtimeClient({ transport });
  const taps: Array<{ tapped: string[]; closed: boolean }> = [];
  const audio = new ConversationAudio({
    createMicrophone: () => new Mic(),
    createSpeaker: () => {
      throw new Error('a media wire plays no PCM');
    },
    createStreamSpeaker: () => new Speaker(),
    createTrackTap: () => {
      const tap = { tapped: [] as string[], closed: false };
      taps.push(tap);
      return { tap: async (name) => void tap.tapped.push(name), close: async () => void (tap.closed = true) };
    },
  });
  audio.prepare(audioClient(client));
  assert.equal(taps.length, 1, 'the tap exists before connect');
  const microphone = { kind: 'audio', id: 'mic' } as unknown as MediaStreamTrack;
  transport.emit('media.track', { direction: 'input', track: microphone, stream: null });
  assert.deepEqual(taps[0].tapped, ['user'], 'the microphone is recorded as soon as the transport has it');
  await client.connect();
  await transport.settled();
  audio.attach(audioClient(client));
  await audio.whenIdle();
  const remote = { kind: 'audio', id: 'remote' } as unknown as MediaStreamTrack;
  transport.receiveStream({ getAudioTracks: () => [remote] } as unknown as MediaStream);
  assert.equal(taps.length, 1, 'attach took the prepared recording');
  assert.deepEqual(taps[0].tapped, ['user', 'model']);
  audio.detach();
  assert.equal(taps[0].closed, true);

  // A connect that fails: the transport drops its tracks, the prepared recording closes with them.
  const failing = new RealtimeClient({ transport: new ScriptedTransport({ ...scriptedServer(), audio: { input: 'media', output: 'media' } }) });
  audio.prepare(audioClient(failing));
  (failing.transport as ScriptedTransport).emit('media.ended', {});
  assert.equal(taps[1].closed, true);
});

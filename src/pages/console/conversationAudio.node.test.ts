// ConversationAudio with a scripted microphone and speaker, and the real client on an in-memory
// socket: what reaches the wire for VAD streaming, push-to-talk, barge-in, a device switch and
// half duplex.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlaybackNotice } from '../../lib/wavtools/wav-stream-player';
import type { RecorderStatus } from '../../lib/wavtools/wav-recorder';
import { connectedClient, tick, type Harness } from '../../lib/realtime/test-support/client-harness';
import { audioResponse, ev } from '../../lib/realtime/test-support/server-events';
import { ConversationAudio, type ConversationAudioObserver, type Microphone, type Speaker, type SpeakerOptions } from './conversationAudio';

class FakeMicrophone implements Microphone {
  status: RecorderStatus = 'ended';
  deviceId: string | undefined;
  onChunk: ((chunk: { mono: Int16Array }) => void) | null = null;
  /** Device ids whose begin() fails as a vanished device does. */
  constructor(private readonly script: { gone?: string[]; denied?: boolean; log: string[] }) {}
  getStatus = () => this.status;
  async begin(deviceId?: string) {
    this.script.log.push(`begin ${deviceId ?? 'default'}`);
    if (this.script.denied) throw new Error('Permission denied');
    if (deviceId && this.script.gone?.includes(deviceId)) throw Object.assign(new Error('gone'), { name: 'NotFoundError' });
    this.deviceId = deviceId;
    this.status = 'paused';
  }
  async record(onChunk: (chunk: { mono: Int16Array }) => void) {
    this.onChunk = onChunk;
    this.status = 'recording';
  }
  async pause() {
    this.onChunk?.({ mono: new Int16Array(240).fill(9) }); // the last chunk, delivered on pause
    this.onChunk = null;
    this.status = 'paused';
  }
  async end() {
    this.script.log.push('end');
    this.onChunk = null;
    this.status = 'ended';
  }
  getFrequencies = () => ({ values: new Float32Array(4) });
  /** The device delivers one chunk (while recording). */
  speak(samples = 2400) {
    this.onChunk?.({ mono: new Int16Array(samples).fill(1) });
  }
}

class FakeSpeaker implements Speaker {
  added: Array<{ trackId: string; samples: number }> = [];
  connected = false;
  outputRoute: { echoCancelled: boolean; reason?: string } | null = null;
  constructor(readonly options: SpeakerOptions, private readonly loopbackFails?: string) {}
  async connect() {
    this.connected = true;
    const fails = this.loopbackFails;
    this.outputRoute = this.options.throughEchoCanceller && !fails ? { echoCancelled: true } : { echoCancelled: false, reason: this.options.throughEchoCanceller ? fails : undefined };
  }
  add16BitPCM(data: Int16Array, trackId: string) {
    this.added.push({ trackId, samples: data.length });
  }
  async interrupt() {
    const last = this.added[this.added.length - 1];
    if (!last) return null;
    return { trackId: last.trackId, offset: 12000, sentOffset: 12480, latencySeconds: 0.02, currentTime: 3 };
  }
  getFrequencies = () => ({ values: new Float32Array(4) });
  async disconnect() {
    this.connected = false;
  }
  notify(notice: PlaybackNotice) {
    this.options.onPlayback(notice);
  }
}

interface Rig {
  h: Harness;
  audio: ConversationAudio;
  mics: FakeMicrophone[];
  speakers: FakeSpeaker[];
  log: string[];
  clock: { now: number };
  sentTypes(): string[];
}

async function rig(options: { gone?: string[]; denied?: boolean; observer?: ConversationAudioObserver; loopbackFails?: string } = {}): Promise<Rig> {
  const h = await connectedClient();
  h.takeSent();
  const log: string[] = [];
  const mics: FakeMicrophone[] = [];
  const speakers: FakeSpeaker[] = [];
  const clock = { now: 0 };
  const audio = new ConversationAudio({
    createMicrophone: () => {
      const mic = new FakeMicrophone({ gone: options.gone, denied: options.denied, log });
      mics.push(mic);
      return mic;
    },
    createSpeaker: (speakerOptions) => {
      const speaker = new FakeSpeaker(speakerOptions, options.loopbackFails);
      speakers.push(speaker);
      return speaker;
    },
    observer: options.observer,
    now: () => clock.now,
  });
  return { h, audio, mics, speakers, log, clock, sentTypes: () => h.takeSent().map((e) => e.type) };
}

test('VAD: the microphone streams while attached; leaving VAD pauses it and then clears what was not committed', async () => {
  const r = await rig();
  r.audio.setMode('vad');
  r.audio.attach(r.h.client);
  await r.audio.whenIdle();
  assert.equal(r.mics.length, 1);
  assert.equal(r.mics[0].status, 'recording');
  r.mics[0].speak();
  r.mics[0].speak();
  assert.deepEqual(r.sentTypes(), ['input_audio_buffer.append', 'input_audio_buffer.append']);

  r.audio.setMode('manual');
  await r.audio.whenIdle();
  assert.equal(r.mics[0].status, 'paused');
  // The chunk the pause delivers goes out before the clear, so it is dropped too.
  assert.deepEqual(r.sentTypes(), ['input_audio_buffer.append', 'input_audio_buffer.clear']);
});

test('the connection ending closes the microphone and sends nothing more (no clear)', async () => {
  const r = await rig();
  r.audio.setMode('vad');
  r.audio.attach(r.h.client);
  await r.audio.whenIdle();
  r.audio.detach();
  await r.audio.whenIdle();
  assert.equal(r.mics[0].status, 'ended');
  assert.equal(r.speakers[0].connected, false);
  assert.deepEqual(r.sentTypes(), []);
});

test('a microphone step queued before the connection ended opens no microphone after it', async () => {
  const r = await rig();
  r.audio.attach(r.h.client);
  r.audio.setMode('vad'); // queues the start
  r.audio.detach(); // before the queue ran it
  await r.audio.whenIdle();
  assert.equal(r.mics.length, 0);
});

test('push-to-talk: a press under the minimum sends nothing and says "hold to talk"; a long one sends, then asks for a response', async () => {
  const r = await rig();
  r.audio.attach(r.h.client);
  r.audio.startTalking();
  assert.equal(r.audio.state.talking, true);
  await r.audio.whenIdle();
  r.mics[0].speak(4800); // the pipeline may deliver more than a click lasted
  r.clock.now = 50;
  r.audio.stopTalking();
  await r.audio.whenIdle();
  assert.match(r.audio.state.talkHint ?? '', /Too short to send \(50 ms\): hold to talk/);
  assert.deepEqual(r.sentTypes(), []);

  r.audio.startTalking();
  assert.equal(r.audio.state.talkHint, null);
  await r.audio.whenIdle();
  r.mics[0].speak(2400);
  r.clock.now = 200;
  r.mics[0].speak(2400);
  r.audio.stopTalking();
  await r.audio.whenIdle();
  assert.deepEqual(r.sentTypes(), ['input_audio_buffer.append', 'input_audio_buffer.append', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'response.create']);
  assert.equal(r.audio.state.talking, false);
});

test('barge-in: the assistant\'s audio plays per item; an interruption stops it and truncates at the sample heard', async () => {
  const interrupts: unknown[] = [];
  const r = await rig({ observer: { interrupted: (heard) => interrupts.push(heard) } });
  r.audio.setMode('vad');
  r.audio.attach(r.h.client);
  await r.audio.whenIdle();
  r.h.receive(...audioResponse('resp_1', 'item_a', ['It', 'is', 'sunny'], 24000).slice(0, -6));
  await tick();
  assert.deepEqual(r.speakers[0].added, [{ trackId: 'item_a', samples: 24000 }, { trackId: 'item_a', samples: 24000 }, { trackId: 'item_a', samples: 24000 }]);
  r.sentTypes();
  r.h.receive(ev.speechStarted('item_user', 2000));
  await tick();
  await tick();
  const sent = r.h.takeSent();
  assert.deepEqual(sent.map((e) => e.type), ['response.cancel', 'conversation.item.truncate']);
  assert.equal(sent[1].audio_end_ms, 500); // 12000 samples heard at 24 kHz
  assert.deepEqual(interrupts, [{ trackId: 'item_a', offset: 12000, sentOffset: 12480, latencySeconds: 0.02, currentTime: 3 }]);
});

test('a device chosen while streaming takes over at once; a vanished one falls back to the default and says so', async () => {
  const r = await rig({ gone: ['usb-gone'] });
  const gone: string[] = [];
  r.audio.setMode('vad');
  r.audio.attach(r.h.client);
  await r.audio.whenIdle();
  r.audio.setMicrophone({ deviceId: 'usb-2' });
  await r.audio.whenIdle();
  assert.equal(r.mics[0].deviceId, 'usb-2');
  assert.equal(r.mics[0].status, 'recording', 'still streaming');
  r.audio.setMicrophone({ deviceId: 'usb-gone', onDeviceGone: (id) => gone.push(id) });
  await r.audio.whenIdle();
  assert.deepEqual(r.log, ['begin default', 'end', 'begin usb-2', 'end', 'begin usb-gone', 'begin default']);
  assert.deepEqual(gone, ['usb-gone']);
  assert.equal(r.mics[0].status, 'recording');
  r.sentTypes();
  r.mics[0].speak();
  assert.deepEqual(r.sentTypes(), ['input_audio_buffer.append']);
});

test('a refused microphone is reported; text still works', async () => {
  const r = await rig({ denied: true });
  r.audio.setMode('vad');
  r.audio.attach(r.h.client);
  await r.audio.whenIdle();
  assert.equal(r.audio.state.audioError, 'Microphone unavailable: Permission denied');
});

test('half duplex holds the microphone back while the model speaks, and for a tail after', async () => {
  const r = await rig();
  r.audio.setHalfDuplex(true);
  assert.equal(r.audio.state.halfDuplex, true);
  r.audio.setMode('vad');
  r.audio.attach(r.h.client);
  await r.audio.whenIdle();
  const [mic] = r.mics;
  const [speaker] = r.speakers;
  mic.speak();
  speaker.notify({ type: 'started', trackId: 'item_a', contextTime: 0 });
  mic.speak();
  mic.speak();
  r.clock.now = 1000;
  speaker.notify({ type: 'idle', trackId: 'item_a', offset: 100, contextTime: 1 });
  mic.speak(); // within the tail
  r.clock.now = 1300;
  mic.speak();
  assert.deepEqual(r.sentTypes(), ['input_audio_buffer.append', 'input_audio_buffer.append']);

  r.audio.setHalfDuplex(false);
  speaker.notify({ type: 'started', trackId: 'item_b', contextTime: 2 });
  mic.speak();
  assert.deepEqual(r.sentTypes(), ['input_audio_buffer.append'], 'full duplex: the user may talk over the model');
});

test('the speaker plays through the echo canceller when asked, from the next connection, and says when it could not', async () => {
  const r = await rig();
  assert.equal(r.audio.state.echoCancellerWanted, true, 'on by default');
  r.audio.attach(r.h.client);
  assert.equal(r.audio.state.speakerRoute, 'connecting');
  await tick();
  assert.equal(r.speakers[0].options.throughEchoCanceller, true);
  assert.equal(r.audio.state.speakerRoute, 'loopback');
  r.audio.setEchoCanceller(false);
  assert.equal(r.audio.state.speakerRoute, 'loopback', 'the running speaker keeps its route');
  r.audio.detach();
  assert.equal(r.audio.state.speakerRoute, null);
  r.audio.attach(r.h.client);
  await tick();
  assert.equal(r.speakers[1].options.throughEchoCanceller, false);
  assert.deepEqual([r.audio.state.speakerRoute, r.audio.state.speakerRouteProblem], ['direct', null]);

  const failing = await rig({ loopbackFails: 'loopback ICE failed' });
  failing.audio.attach(failing.h.client);
  await tick();
  assert.deepEqual([failing.audio.state.speakerRoute, failing.audio.state.speakerRouteProblem], ['direct', 'loopback ICE failed']);
});

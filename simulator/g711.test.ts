// G.711 sessions end to end over real sockets: µ-law / A-law input is decoded before the VAD
// and counted at 8 kHz, one byte a sample; replies are band-limited before they are encoded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToSamples, decodeAudio, encodeAudio } from '../src/lib/audio-codec/audio-codec';
import { bytesToMs, type AudioFormat } from '../src/lib/audio-codec/audio-format';
import { int16ToFloat32 } from '../src/lib/audio-codec/pcm';
import { resample } from '../src/lib/audio-codec/resampler';
import { concat, openSession, silence, suiteSimulator, tone } from './test-support';
import type { RecordedEvent, RecordingClient } from '../testing/recording-client';

const FAST = 50;
const PCMU: AudioFormat = { type: 'audio/pcmu' };
const PCMA: AudioFormat = { type: 'audio/pcma' };
const PCM: AudioFormat = { type: 'audio/pcm', rate: 24000 };

async function sessionWith(url: string, format: AudioFormat, turnDetection: Record<string, unknown> | null): Promise<RecordingClient> {
  const { client } = await openSession(url);
  client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { format, turn_detection: turnDetection }, output: { format } } } });
  await client.next('session.updated');
  return client;
}

/** Sends wire bytes as appends of `chunk` bytes (a phone sends 20 ms frames: 160 G.711 bytes). */
function appendBytes(client: RecordingClient, bytes: Uint8Array, chunk: number): void {
  for (let at = 0; at < bytes.length; at += chunk) {
    client.send({ type: 'input_audio_buffer.append', audio: Buffer.from(bytes.subarray(at, at + chunk)).toString('base64') });
  }
}

async function retrievedBytes(client: RecordingClient, itemId: string): Promise<Buffer> {
  client.send({ type: 'conversation.item.retrieve', item_id: itemId });
  const { item } = await client.next('conversation.item.retrieved');
  const part = (item as { content: Array<{ audio?: string }> }).content.find((p) => p.audio);
  return Buffer.from(part?.audio ?? '', 'base64');
}

function deltaBytes(events: readonly RecordedEvent[]): Uint8Array {
  return Buffer.concat(events.map((e) => Buffer.from(String(e.delta), 'base64')));
}

describe('G.711 sessions', () => {
  const sim = suiteSimulator({ port: 0, speed: FAST });

  for (const format of [PCMU, PCMA]) {
    it(`${format.type}: the VAD hears the decoded audio; its times and the item are in ms of 8 kHz bytes`, async () => {
      const client = await sessionWith(sim.url, format, { type: 'server_vad', silence_duration_ms: 300, prefix_padding_ms: 300, create_response: false });
      const speech = encodeAudio(concat(silence(700), tone(1200, 0.3), silence(800)), format); // 2.7 s: 21,600 bytes
      assert.equal(speech.length, 21600);
      appendBytes(client, speech, 160);
      const started = await client.next('input_audio_buffer.speech_started');
      const stopped = await client.next('input_audio_buffer.speech_stopped');
      // Onset at 700 ms less the 300 ms prefix; end of the tone at 1,900 ms plus 300 ms of silence.
      assert.ok(Math.abs(Number(started.audio_start_ms) - 400) <= 20, `speech started at ${started.audio_start_ms} ms`);
      assert.ok(Math.abs(Number(stopped.audio_end_ms) - 2200) <= 20, `speech stopped at ${stopped.audio_end_ms} ms`);
      const committed = await client.next('input_audio_buffer.committed');
      const kept = await retrievedBytes(client, String(committed.item_id));
      assert.equal(bytesToMs(kept.length, format), Number(stopped.audio_end_ms) - Number(started.audio_start_ms));
      client.close();
    });

    it(`${format.type}: 1 s of G.711 commits as 1,000 ms, transcribed as 1.0 seconds`, async () => {
      const client = await sessionWith(sim.url, format, null);
      client.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe' } } } } });
      await client.next('session.updated');
      appendBytes(client, encodeAudio(tone(1000, 0.3), format), 160);
      client.send({ type: 'input_audio_buffer.commit' });
      const committed = await client.next('input_audio_buffer.committed');
      const transcript = await client.next('conversation.item.input_audio_transcription.completed');
      assert.match(String(transcript.transcript), /1\.0 seconds/);
      assert.equal((await retrievedBytes(client, String(committed.item_id))).length, 8000);
      client.close();
    });
  }

  it('audio/pcmu: the reply is band-limited before it is encoded (no 4-12 kHz folded into the voice band)', async (t) => {
    const text = 'Tell me a long story about the sea.';
    const reply = async (format: AudioFormat): Promise<Uint8Array> => {
      const client = await sessionWith(sim.url, format, null);
      client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
      client.send({ type: 'response.create' });
      await client.next('response.done');
      const bytes = deltaBytes(client.all('response.output_audio.delta'));
      client.close();
      return bytes;
    };
    const pcm = bytesToSamples(await reply(PCM), PCM); // the same deterministic speech at 24 kHz
    const mulaw = await reply(PCMU);
    assert.equal(mulaw.length, Math.ceil(pcm.length / 3), 'one byte per 8 kHz sample, as long as the speech');
    // What an ideal encoder sends: the speech low-passed to 4 kHz, at 8 kHz. The error left is
    // G.711's quantisation noise (~35 dB down); dropping two samples in three adds aliases ~20 dB down.
    const reference = resample(int16ToFloat32(pcm), 24000, 8000);
    const received = int16ToFloat32(bytesToSamples(mulaw, PCMU));
    let signal = 0;
    let error = 0;
    for (let i = 0; i < reference.length; i++) {
      signal += reference[i] ** 2;
      error += (received[i] - reference[i]) ** 2;
    }
    const snrDb = 10 * Math.log10(signal / error);
    t.diagnostic(`µ-law reply: ${mulaw.length} bytes = ${bytesToMs(mulaw.length, PCMU)} ms, ${snrDb.toFixed(1)} dB above its error`);
    assert.ok(snrDb > 30, `µ-law reply ${snrDb.toFixed(1)} dB above its error`);
    // And the client's decoder gets the 24 kHz speech back, as long as the original.
    assert.equal(decodeAudio(mulaw, PCMU).length, pcm.length + (3 - (pcm.length % 3)) % 3);
  });

  it('audio/pcm: a sample split across two appends stays whole (an odd byte waits for its pair)', async () => {
    const client = await sessionWith(sim.url, PCM, null);
    const audio = tone(300, 0.3, 440);
    const bytes = new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
    appendBytes(client, bytes, 333);
    client.send({ type: 'input_audio_buffer.commit' });
    const committed = await client.next('input_audio_buffer.committed');
    assert.deepEqual(await retrievedBytes(client, String(committed.item_id)), Buffer.from(bytes));
    client.close();
  });
});

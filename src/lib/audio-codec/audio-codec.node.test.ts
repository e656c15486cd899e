import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioDecoder, AudioEncoder, decodeAudio, encodeAudio } from './audio-codec';
import {
  audioFormatType, bytesToMs, formatBytesPerMs, formatBytesPerSample, formatSampleRate, msToBytes, sameAudioFormat, type AudioFormat,
} from './audio-format';
import { floatTo16BitPCM } from './pcm';
import { fitTone, rmsOf, tone } from './test-signals';

const PCM: AudioFormat = { type: 'audio/pcm', rate: 24000 };
const PCMU: AudioFormat = { type: 'audio/pcmu' };
const PCMA: AudioFormat = { type: 'audio/pcma' };
const EDGE = 300; // samples skipped at each end (filter start-up)
const db = (ratio: number): number => 20 * Math.log10(ratio);
const inner = (x: Int16Array): Int16Array => x.subarray(EDGE, x.length - EDGE);

test('formats as numbers: rate, bytes per sample, bytes per ms, durations', () => {
  assert.equal(audioFormatType(undefined), 'audio/pcm');
  assert.equal(audioFormatType({}), 'audio/pcm');
  assert.equal(formatSampleRate(PCM), 24000);
  assert.equal(formatSampleRate({ type: 'audio/pcm' }), 24000);
  assert.equal(formatSampleRate(PCMU), 8000);
  assert.equal(formatBytesPerSample(PCM), 2);
  assert.equal(formatBytesPerSample(PCMA), 1);
  assert.equal(formatBytesPerMs(PCM), 48);
  assert.equal(formatBytesPerMs(PCMU), 8);
  assert.equal(bytesToMs(8000, PCMU), 1000);
  assert.equal(bytesToMs(48000, PCM), 1000);
  assert.equal(msToBytes(4457, PCMU), 35656);
  assert.equal(msToBytes(100, PCM), 4800);
  assert.ok(sameAudioFormat(PCM, { type: 'audio/pcm' }));
  assert.ok(!sameAudioFormat(PCMU, PCMA));
});

for (const format of [PCMU, PCMA]) {
  test(`${format.type}: 1 s at 24 kHz is 8,000 bytes, and 8,000 bytes decode to 1 s at 24 kHz`, () => {
    const second = floatTo16BitPCM(tone(440, 24000, 1));
    const bytes = encodeAudio(second, format);
    assert.equal(bytes.length, 8000);
    assert.equal(bytesToMs(bytes.length, format), 1000);
    assert.equal(decodeAudio(bytes, format).length, 24000);
  });

  test(`${format.type}: a 1 kHz tone round-trips at its level, with G.711's noise floor`, () => {
    const original = floatTo16BitPCM(tone(1000, 24000, 0.5, 0.5));
    const back = decodeAudio(encodeAudio(original, format), format);
    assert.equal(back.length, original.length);
    const fit = fitTone(inner(back), 1000, 24000, 1 / 32768);
    assert.ok(Math.abs(db(fit.amplitude / 0.5)) < 0.1, `level ${db(fit.amplitude / 0.5).toFixed(3)} dB`);
    // G.711's signal-to-quantisation-noise ratio is about 38 dB for a loud tone.
    assert.ok(fit.residualDb < -33, `residual ${fit.residualDb.toFixed(1)} dB`);
  });

  test(`${format.type}: a 6 kHz tone is filtered out on the way to 8 kHz, not folded to 2 kHz`, () => {
    // Keeping one sample in three would turn it into a full-level 2 kHz tone.
    const high = floatTo16BitPCM(tone(6000, 24000, 0.5, 0.5));
    const bytes = encodeAudio(high, format);
    const atEight = decodeAudio(bytes, format, 8000);
    const rejection = -db(rmsOf(inner(atEight), 1 / 32768) / (0.5 / Math.SQRT2));
    assert.ok(rejection > 30, `only ${rejection.toFixed(1)} dB below the tone`);
  });

  test(`${format.type}: streaming in 30 ms chunks gives the same bytes as one pass`, () => {
    const speech = floatTo16BitPCM(tone(300, 24000, 1.23, 0.3));
    const encoder = new AudioEncoder(format);
    const parts: number[] = [];
    for (let i = 0; i < speech.length; i += 720) parts.push(...encoder.encode(speech.subarray(i, i + 720)));
    parts.push(...encoder.flush());
    assert.deepEqual(Uint8Array.from(parts), encodeAudio(speech, format));
    const decoder = new AudioDecoder(format);
    const bytes = Uint8Array.from(parts);
    const samples: number[] = [];
    for (let i = 0; i < bytes.length; i += 160) samples.push(...decoder.decode(bytes.subarray(i, i + 160)));
    samples.push(...decoder.flush());
    assert.deepEqual(Int16Array.from(samples), decodeAudio(bytes, format));
  });
}

test('audio/pcm: bytes pass as little-endian PCM16, and a sample split across chunks is kept', () => {
  const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
  const bytes = encodeAudio(samples, PCM);
  assert.deepEqual(Array.from(bytes), Array.from(new Uint8Array(samples.buffer)));
  const decoder = new AudioDecoder(PCM);
  const first = decoder.decode(bytes.subarray(0, 5));
  const rest = decoder.decode(bytes.subarray(5));
  assert.deepEqual([...first, ...rest], Array.from(samples));
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeSpeech, splitWords } from './speech-synth';
import { decodeBase64, encodeBase64 } from './wire-audio';
import { InputAudioBuffer } from './audio-buffer';
import { frameLevel } from './vad';
import { tone } from './test-support';

describe('speech synthesis', () => {
  it('is deterministic, speech-like and aligned with its words', () => {
    const text = 'Hello there. This is the simulator speaking, slowly.';
    const a = synthesizeSpeech(text);
    const b = synthesizeSpeech(text);
    assert.deepEqual(a.samples, b.samples);
    assert.deepEqual(a.words.map((w) => w.text), splitWords(text));
    assert.equal(a.words.map((w) => w.text).join(''), text);
    for (let i = 1; i < a.words.length; i++) assert.ok(a.words[i].startSample > a.words[i - 1].endSample, 'a pause between words');
    // Voiced inside words, near-silent in the pauses between them: what makes it look like speech.
    const voiced = a.words[1].startSample + 75 * 24; // inside the word's first syllable
    assert.ok(frameLevel(a.samples, voiced, voiced + 240) > 0.6);
    const gap = a.words[1].endSample + 10;
    assert.equal(frameLevel(a.samples, gap, gap + 240), 0);
    const seconds = a.samples.length / 24000;
    assert.ok(seconds > 2 && seconds < 6, `${seconds} s for ${a.words.length} words`);
  });

  it('speaks faster with a higher speaking rate', () => {
    const normal = synthesizeSpeech('one two three four five');
    const fast = synthesizeSpeech('one two three four five', { speed: 1.5 });
    assert.ok(Math.abs(fast.samples.length * 1.5 - normal.samples.length) < 2400);
  });
});

describe('audio formats', () => {
  it('round-trips PCM16 exactly and G.711 closely', () => {
    const samples = tone(100, 0.5, 440);
    const pcm = decodeBase64(encodeBase64(samples, { type: 'audio/pcm', rate: 24000 }), { type: 'audio/pcm' });
    assert.deepEqual(pcm, samples);
    for (const type of ['audio/pcmu', 'audio/pcma'] as const) {
      const bytes = encodeBase64(samples, { type });
      assert.equal(Buffer.from(bytes, 'base64').length, 800, '8 kHz, one byte per sample');
      const back = decodeBase64(bytes, { type });
      assert.equal(back.length, samples.length);
      let error = 0;
      for (let i = 0; i < samples.length; i += 3) error = Math.max(error, Math.abs(back[i] - samples[i]));
      assert.ok(error < 32767 * 0.5 * 0.07, `${type} error ${error}`);
    }
  });
});

describe('input audio buffer', () => {
  it('keeps a session clock across takes and clears', () => {
    const buffer = new InputAudioBuffer();
    buffer.append(new Int16Array(2400).fill(1));
    buffer.append(new Int16Array(2400).fill(2));
    const taken = buffer.take(1200, 3600);
    assert.equal(taken.length, 2400);
    assert.equal(taken[0], 1);
    assert.equal(taken[2399], 2);
    assert.equal(buffer.startSample, 3600);
    assert.equal(buffer.bufferedSamples, 1200);
    buffer.clear();
    assert.equal(buffer.totalSamples, 4800);
    assert.equal(buffer.bufferedSamples, 0);
  });
});

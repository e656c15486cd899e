import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioAnalysis, silentBins, type AnalyserLike } from './analysis';
import { binSpectrum, decibelSpectrum, fft, noteTable, notesFor, VOICE_RANGE_HZ } from './spectrum';
import { tone } from '../audio-codec/test-signals';

test('the note table is equal-tempered around A4 = 440 Hz', () => {
  const notes = noteTable();
  assert.equal(notes.length, 96);
  const byName = new Map(notes.map((n) => [n.name, n.frequency]));
  assert.ok(Math.abs(byName.get('A4')! - 440) < 1e-9);
  assert.ok(Math.abs(byName.get('C4')! - 261.6256) < 1e-3);
  assert.ok(Math.abs(byName.get('A5')! / byName.get('A4')! - 2) < 1e-12);
  assert.equal(notes[0].name, 'C1');
  assert.equal(notes[95].name, 'B8');
  const voice = notesFor('voice');
  assert.ok(voice.every((n) => n.frequency >= VOICE_RANGE_HZ.min && n.frequency <= VOICE_RANGE_HZ.max));
  assert.equal(voice[0].name, 'E2'); // 82.4 Hz, the first note above 80 Hz
});

test('the FFT finds a tone in its bin, matching a direct DFT', () => {
  const n = 64;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) re[i] = Math.cos((2 * Math.PI * 5 * i) / n) + 0.25;
  const input = Float64Array.from(re);
  fft(re, im);
  for (const k of [0, 3, 5, 17]) {
    let dr = 0, di = 0;
    for (let i = 0; i < n; i++) {
      dr += input[i] * Math.cos((2 * Math.PI * k * i) / n);
      di -= input[i] * Math.sin((2 * Math.PI * k * i) / n);
    }
    assert.ok(Math.abs(re[k] - dr) < 1e-9 && Math.abs(im[k] - di) < 1e-9, `bin ${k}`);
  }
  assert.throws(() => fft(new Float64Array(6), new Float64Array(6)), /power of two/);
});

test('a 440 Hz tone lights the A4 bin in music and voice views, and bin 440 Hz in the frequency view', () => {
  const sampleRate = 24000;
  // Quiet enough (about -47 dB) not to clip at maxDecibels, so the maximum is unique.
  const spectrum = decibelSpectrum(tone(440, sampleRate, 8192 / sampleRate, 0.01));
  const music = binSpectrum(spectrum, sampleRate, 'music');
  const loudest = music.values.indexOf(Math.max(...music.values));
  assert.equal(music.labels[loudest], 'A4');
  assert.ok(music.values[music.labels.indexOf('C2')] < 0.2, 'far notes stay low');
  const voice = binSpectrum(spectrum, sampleRate, 'voice');
  assert.equal(voice.labels[voice.values.indexOf(Math.max(...voice.values))], 'A4');
  const linear = binSpectrum(spectrum, sampleRate, 'frequency');
  assert.equal(linear.values.length, 4096);
  const peak = linear.values.indexOf(Math.max(...linear.values));
  assert.ok(Math.abs((peak * sampleRate) / 8192 - 440) < sampleRate / 8192);
  assert.equal(linear.labels[peak], `${Math.round((peak * sampleRate) / 8192)} Hz`);
});

test('AnalyserNode scaling: a full-scale sine reads about -7.5 dB (Blackman window gain 0.42 / 2)', () => {
  const spectrum = decibelSpectrum(tone(1500, 24000, 1024 / 24000, 1));
  const peak = Math.max(...spectrum);
  assert.ok(Math.abs(peak - 20 * Math.log10(0.42 / 2)) < 0.2, `peak ${peak}`);
});

test('buffer analysis picks the window at the requested time; volume is the RMS', () => {
  const sampleRate = 24000;
  const clip = new Float32Array(sampleRate);
  clip.set(tone(880, sampleRate, 0.5, 0.5), sampleRate / 2); // silence, then A5
  const analysis = AudioAnalysis.fromBuffer(clip, sampleRate, { fftSize: 4096 });
  assert.equal(analysis.getVolume(0.2), 0);
  assert.ok(Math.abs(analysis.getVolume(0.75) - 0.5 / Math.SQRT2) < 0.01);
  const late = analysis.getFrequencies('music', 0.75);
  assert.equal(late.labels[late.values.indexOf(Math.max(...late.values))], 'A5');
  assert.ok(Math.max(...analysis.getFrequencies('music', 0.2).values) === 0);
});

test('live analysis reads the node (with its own decibel range)', () => {
  const fake: AnalyserLike = {
    fftSize: 8, frequencyBinCount: 4, minDecibels: -90, maxDecibels: -10, context: { sampleRate: 8000 },
    getFloatFrequencyData: (a) => a.set([-90, -50, -10, 0]),
    getFloatTimeDomainData: (a) => a.fill(0.5),
  };
  const analysis = AudioAnalysis.fromNode(fake);
  assert.deepEqual(Array.from(analysis.getFrequencies('frequency').values), [0, 0.5, 1, 1]);
  assert.equal(analysis.getVolume(), 0.5);
  const silent = silentBins('voice');
  assert.equal(silent.labels.length, notesFor('voice').length);
  assert.ok(silent.values.every((v) => v === 0));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample, StreamingResampler } from './resampler';
import { fitTone, rmsOf, tone, zeroCrossingFrequency } from './test-signals';

// Tolerances: tone amplitude within 0.1 dB, frequency within 0.05 %, the residual (noise,
// distortion, images) at least 60 dB below the tone; out-of-band tones at least 40 dB down.
const PASSBAND_DB = 0.1;
const FREQUENCY_TOLERANCE = 0.0005;
const MIN_SNR_DB = 60;
const MIN_ALIAS_REJECTION_DB = 40;
const EDGE = 200; // output samples skipped at each end (filter start-up)

const inner = (x: Float32Array) => x.subarray(EDGE, x.length - EDGE);
const db = (ratio: number) => 20 * Math.log10(ratio);

for (const inRate of [44100, 48000]) {
  test(`a 1 kHz tone at ${inRate} Hz comes out at 24 kHz with the same frequency and level`, () => {
    const out = resample(tone(1000, inRate, 1, 0.5), inRate, 24000);
    assert.equal(out.length, 24000);
    const fit = fitTone(inner(out), 1000, 24000);
    assert.ok(Math.abs(db(fit.amplitude / 0.5)) < PASSBAND_DB, `level ${db(fit.amplitude / 0.5).toFixed(3)} dB`);
    assert.ok(fit.residualDb < -MIN_SNR_DB, `residual ${fit.residualDb.toFixed(1)} dB`);
    const measured = zeroCrossingFrequency(inner(out), 24000);
    assert.ok(Math.abs(measured / 1000 - 1) < FREQUENCY_TOLERANCE, `frequency ${measured}`);
  });

  for (const frequency of [12500, 15000, 20000]) {
    test(`a ${frequency} Hz tone at ${inRate} Hz is removed, not aliased (>= ${MIN_ALIAS_REJECTION_DB} dB)`, () => {
      const out = resample(tone(frequency, inRate, 0.5, 0.5), inRate, 24000);
      const rejection = -db(rmsOf(inner(out)) / (0.5 / Math.SQRT2));
      assert.ok(rejection >= MIN_ALIAS_REJECTION_DB, `only ${rejection.toFixed(1)} dB`);
      if (frequency >= 15000) assert.ok(rejection >= 70, `15 kHz and up: ${rejection.toFixed(1)} dB`);
    });
  }
}

test('the passband is flat to 9 kHz (within 0.5 dB) at 48 kHz -> 24 kHz', () => {
  for (const frequency of [100, 3000, 6000, 9000]) {
    const out = resample(tone(frequency, 48000, 0.5, 0.5), 48000, 24000);
    const level = db(fitTone(inner(out), frequency, 24000).amplitude / 0.5);
    assert.ok(Math.abs(level) < 0.5, `${frequency} Hz: ${level.toFixed(2)} dB`);
  }
});

test('streaming in random block sizes gives exactly the one-shot result', () => {
  const input = tone(440, 44100, 0.3);
  const whole = resample(input, 44100, 24000);
  const streaming = new StreamingResampler(44100, 24000);
  const parts: number[] = [];
  let seed = 7;
  for (let i = 0; i < input.length;) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const size = 1 + (seed % 700);
    parts.push(...streaming.process(input.subarray(i, i + size)));
    i += size;
  }
  parts.push(...streaming.flush());
  assert.equal(parts.length, whole.length);
  for (let i = 0; i < whole.length; i++) assert.ok(Math.abs(parts[i] - whole[i]) < 1e-6, `sample ${i}`);
});

test('upsampling 24 kHz -> 48 kHz keeps the tone and leaves no image above 12 kHz', () => {
  const out = resample(tone(1000, 24000, 0.5, 0.5), 24000, 48000);
  assert.equal(out.length, 48000 * 0.5);
  const fit = fitTone(out.subarray(400, out.length - 400), 1000, 48000);
  assert.ok(Math.abs(db(fit.amplitude / 0.5)) < PASSBAND_DB);
  assert.ok(fit.residualDb < -MIN_SNR_DB, `residual ${fit.residualDb.toFixed(1)} dB`);
});

test('equal rates pass through untouched; output length follows the rate ratio', () => {
  const input = tone(300, 24000, 0.1);
  assert.deepEqual(Array.from(resample(input, 24000, 24000)), Array.from(input));
  assert.equal(resample(new Float32Array(44100), 44100, 24000).length, 24000);
  assert.equal(resample(new Float32Array(1000), 48000, 24000).length, 500);
  assert.equal(resample(new Float32Array(0), 48000, 24000).length, 0);
});

test('rates without a small common period (47999 Hz) use the interpolated table, with the same quality', () => {
  const out = resample(tone(1000, 47999, 1, 0.5), 47999, 24000);
  assert.equal(out.length, 24000);
  const fit = fitTone(inner(out), 1000, 24000);
  assert.ok(Math.abs(db(fit.amplitude / 0.5)) < PASSBAND_DB);
  assert.ok(fit.residualDb < -MIN_SNR_DB, `residual ${fit.residualDb.toFixed(1)} dB`);
  const alias = resample(tone(15000, 47999, 0.5, 0.5), 47999, 24000);
  assert.ok(-db(rmsOf(inner(alias)) / (0.5 / Math.SQRT2)) >= 70);
});

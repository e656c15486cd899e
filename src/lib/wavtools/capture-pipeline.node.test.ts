import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapturePipeline, PcmChunker } from './capture-pipeline';
import { fitTone, tone } from '../audio-codec/test-signals';

test('device frames in random batch sizes become exact 30 ms chunks of the 24 kHz signal', () => {
  for (const deviceRate of [44100, 48000]) {
    const pipeline = new CapturePipeline(deviceRate, 24000, 720);
    const input = tone(1000, deviceRate, 1, 0.5);
    const chunks: Int16Array[] = [];
    let seed = 3;
    for (let i = 0; i < input.length;) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const size = 128 * (1 + (seed % 4));
      chunks.push(...pipeline.push(input.subarray(i, i + size)));
      i += size;
    }
    assert.ok(chunks.length >= 32 && chunks.every((c) => c.length === 720), `${deviceRate}: full chunks only while recording`);
    const rest = pipeline.flush();
    const total = [...chunks, ...rest].reduce((n, c) => n + c.length, 0);
    assert.equal(total, 24000, `${deviceRate}: one second in, one second out`);
    assert.ok(rest.every((c) => c.length <= 720));
    const joined = new Int16Array(total);
    let offset = 0;
    for (const c of [...chunks, ...rest]) { joined.set(c, offset); offset += c.length; }
    const fit = fitTone(joined.subarray(200, 23800), 1000, 24000, 1 / 32768);
    assert.ok(Math.abs(fit.amplitude - 0.5) < 0.005, `${deviceRate}: amplitude ${fit.amplitude}`);
    assert.ok(fit.residualDb < -60, `${deviceRate}: residual ${fit.residualDb}`);
  }
});

test('the chunker never holds more than one chunk; clear drops the partial one', () => {
  const chunker = new PcmChunker(4);
  assert.deepEqual(chunker.push(Int16Array.from([1, 2, 3])).length, 0);
  assert.deepEqual(chunker.push(Int16Array.from([4, 5, 6, 7, 8, 9, 10])).map((c) => Array.from(c)), [[1, 2, 3, 4], [5, 6, 7, 8]]);
  assert.deepEqual(Array.from(chunker.flush()!), [9, 10]);
  assert.equal(chunker.flush(), null);
  chunker.push(Int16Array.from([1]));
  chunker.clear();
  assert.equal(chunker.flush(), null);
  assert.throws(() => new PcmChunker(0), /invalid chunk size/);
});

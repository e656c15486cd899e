import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64ToBytes, base64ToInt16, bytesToBase64, concatInt16, floatTo16BitPCM, int16ToBase64, int16ToFloat32 } from './pcm';

test('base64 matches Node for every length and byte value', () => {
  for (let length = 0; length < 70; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
    const expected = Buffer.from(bytes).toString('base64');
    assert.equal(bytesToBase64(bytes), expected);
    assert.deepEqual(Array.from(base64ToBytes(expected)), Array.from(bytes));
  }
  const big = Uint8Array.from({ length: 200_001 }, (_, i) => (i * 131) & 0xff);
  assert.equal(bytesToBase64(big), Buffer.from(big).toString('base64'));
});

test('PCM16 round-trips through base64, little-endian', () => {
  const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234, -4321]);
  const encoded = int16ToBase64(samples);
  assert.equal(encoded, Buffer.from(samples.buffer).toString('base64'));
  assert.deepEqual(Array.from(base64ToInt16(encoded)), Array.from(samples));
});

test('float and PCM16 convert with clamping', () => {
  assert.deepEqual(Array.from(floatTo16BitPCM(Float32Array.from([0, 1, -1, 2, -2, 0.5]))), [0, 32767, -32768, 32767, -32768, 16384]);
  const back = int16ToFloat32(Int16Array.from([-32768, 0, 16384]));
  assert.deepEqual(Array.from(back), [-1, 0, 0.5]);
});

test('invalid base64 is rejected, views at odd offsets are encoded correctly', () => {
  assert.throws(() => base64ToBytes('AA$A'), /invalid base64/);
  assert.throws(() => base64ToBytes('AAA\u0141AAAA'), /invalid base64/); // above 0xff, in a whole group
  assert.throws(() => base64ToBytes('AAAAA\u0141'), /invalid base64/); // ... and in the tail
  assert.deepEqual(Array.from(base64ToBytes('AQID')), [1, 2, 3]);
  assert.deepEqual(Array.from(base64ToBytes('AQI')), [1, 2]); // unpadded
  assert.deepEqual(Array.from(base64ToBytes('-_8')), [251, 255]); // base64url
  const buffer = new Uint8Array([9, 1, 2, 3, 4]).buffer;
  assert.equal(bytesToBase64(new Uint8Array(buffer, 1, 4)), Buffer.from([1, 2, 3, 4]).toString('base64'));
  assert.deepEqual(Array.from(concatInt16([Int16Array.from([1, 2]), Int16Array.from([]), Int16Array.from([3])])), [1, 2, 3]);
});

test('float -> PCM16 -> float round-trips within half a quantisation step; large buffers are fast enough to use', () => {
  const floats = Float32Array.from({ length: 48000 }, (_, i) => Math.sin(i / 7) * 0.999);
  const back = int16ToFloat32(floatTo16BitPCM(floats));
  for (let i = 0; i < floats.length; i++) assert.ok(Math.abs(back[i] - floats[i]) <= 0.5 / 32768 + 1e-9, `sample ${i}`);
  const pcm = floatTo16BitPCM(floats);
  assert.deepEqual(Array.from(floatTo16BitPCM(int16ToFloat32(pcm))).slice(0, 100), Array.from(pcm).slice(0, 100));
  const big = new Int16Array(24000 * 60).map((_, i) => (i * 7919) & 0x7fff);
  assert.deepEqual(base64ToInt16(int16ToBase64(big)), big);
});

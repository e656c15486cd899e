import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, interleave, parseWav, WavPacker } from './wav-packer';

test('mono header fields, read back one by one', () => {
  const samples = Int16Array.from([0, 1, -1, 32767, -32768]);
  const bytes = encodeWav(samples, { sampleRate: 24000 });
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  assert.equal(bytes.length, 44 + 10);
  assert.equal(ascii(0), 'RIFF');
  assert.equal(view.getUint32(4, true), bytes.length - 8);
  assert.equal(ascii(8), 'WAVE');
  assert.equal(ascii(12), 'fmt ');
  assert.equal(view.getUint32(16, true), 16);
  assert.equal(view.getUint16(20, true), 1); // PCM
  assert.equal(view.getUint16(22, true), 1); // channels
  assert.equal(view.getUint32(24, true), 24000);
  assert.equal(view.getUint32(28, true), 48000); // byte rate
  assert.equal(view.getUint16(32, true), 2); // block align
  assert.equal(view.getUint16(34, true), 16);
  assert.equal(ascii(36), 'data');
  assert.equal(view.getUint32(40, true), 10);
  assert.deepEqual(Array.from({ length: 5 }, (_, i) => view.getInt16(44 + 2 * i, true)), Array.from(samples));
});

test('stereo: interleaved frames, byte rate and block align for two channels', () => {
  const stereo = interleave(Int16Array.from([1, 2, 3]), Int16Array.from([-1, -2, -3]));
  const parsed = parseWav(encodeWav(stereo, { sampleRate: 44100, channels: 2 }));
  assert.equal(parsed.channels, 2);
  assert.equal(parsed.sampleRate, 44100);
  assert.equal(parsed.byteRate, 44100 * 4);
  assert.equal(parsed.blockAlign, 4);
  assert.equal(parsed.dataSize, 12);
  assert.equal(parsed.riffSize, 36 + 12);
  assert.deepEqual(Array.from(parsed.samples), [1, -1, 2, -2, 3, -3]);
  assert.throws(() => encodeWav(Int16Array.from([1, 2, 3]), { channels: 2 }), /whole 2-channel frames/);
});

test('pack makes an audio/wav Blob with the same bytes; empty audio is a valid file', async () => {
  const samples = Int16Array.from({ length: 1001 }, (_, i) => (i * 97) % 65536 - 32768);
  const blob = WavPacker.pack(samples);
  assert.equal(blob.type, 'audio/wav');
  const parsed = parseWav(new Uint8Array(await blob.arrayBuffer()));
  assert.equal(parsed.sampleRate, 24000);
  assert.deepEqual(Array.from(parsed.samples), Array.from(samples));
  const empty = parseWav(encodeWav(new Int16Array(0)));
  assert.equal(empty.dataSize, 0);
  assert.equal(empty.riffSize, 36);
});

test('a subarray view is written from its own offset', () => {
  const backing = Int16Array.from([9, 9, 5, 6, 7]);
  assert.deepEqual(Array.from(parseWav(encodeWav(backing.subarray(2))).samples), [5, 6, 7]);
});

test('sox reads our file and writes one we parse (an independent implementation agrees)', (t) => {
  if (spawnSync('sox', ['--version']).status !== 0) return t.skip('sox not installed');
  const dir = mkdtempSync(join(tmpdir(), 'wavtools-'));
  try {
    const ours = join(dir, 'ours.wav');
    writeFileSync(ours, encodeWav(Int16Array.from({ length: 2400 }, (_, i) => Math.round(8000 * Math.sin(i / 3))), { sampleRate: 24000 }));
    const info = spawnSync('soxi', [ours], { encoding: 'utf8' });
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, /Sample Rate\s*:\s*24000/);
    assert.match(info.stdout, /Channels\s*:\s*1/);
    assert.match(info.stdout, /Duration\s*:\s*00:00:00\.10 = 2400 samples/);
    const theirs = join(dir, 'theirs.wav');
    const made = spawnSync('sox', ['-n', '-r', '16000', '-c', '2', '-b', '16', '-e', 'signed-integer', theirs, 'synth', '0.05', 'sine', '440']);
    assert.equal(made.status, 0, String(made.stderr));
    const parsed = parseWav(readFileSync(theirs));
    assert.equal(parsed.sampleRate, 16000);
    assert.equal(parsed.channels, 2);
    assert.equal(parsed.samples.length, 800 * 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parseWav rejects wrong sizes and other formats', () => {
  const bytes = encodeWav(Int16Array.from([1, 2]));
  const truncated = bytes.slice(0, bytes.length - 1);
  assert.throws(() => parseWav(truncated), /RIFF size/);
  const notWave = bytes.slice();
  notWave[8] = 0x41;
  assert.throws(() => parseWav(notWave), /not a RIFF\/WAVE/);
});

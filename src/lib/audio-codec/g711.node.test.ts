import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  aLawToLinear, decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw, linearToALaw, linearToMuLaw, muLawToLinear,
} from './g711';

const EVERY_SAMPLE = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const EVERY_CODE = Uint8Array.from({ length: 256 }, (_, i) => i);
const sha256 = (data: Uint8Array | Int16Array): string =>
  createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
const hex = (code: number): string => `0x${code.toString(16).padStart(2, '0')}`;

test('G.711 known values (ITU-T G.711 tables, G.191 reference code)', () => {
  // µ-law: 0xFF and 0x7F are +0 and -0; 0x80 / 0x00 are the extremes (±8031 on the 14-bit scale, × 4).
  assert.equal(muLawToLinear(0xff), 0);
  assert.equal(muLawToLinear(0x7f), 0);
  assert.equal(muLawToLinear(0x80), 32124);
  assert.equal(muLawToLinear(0x00), -32124);
  assert.equal(muLawToLinear(0xfe), 8);
  assert.equal(muLawToLinear(0xef), 132); // segment 1 starts at 132 (33 × 4)
  assert.equal(linearToMuLaw(0), 0xff);
  assert.equal(linearToMuLaw(-1), 0x7f); // one's complement: -1 is "negative zero"
  assert.equal(linearToMuLaw(32767), 0x80);
  assert.equal(linearToMuLaw(-32768), 0x00);
  // A-law: 0xD5 / 0x55 are the smallest steps (±8: half of the first 16-step); 0xAA / 0x2A the extremes.
  assert.equal(aLawToLinear(0xd5), 8);
  assert.equal(aLawToLinear(0x55), -8);
  assert.equal(aLawToLinear(0xaa), 32256);
  assert.equal(aLawToLinear(0x2a), -32256);
  assert.equal(aLawToLinear(0xc5), 264);
  assert.equal(linearToALaw(0), 0xd5);
  assert.equal(linearToALaw(-1), 0x55);
  assert.equal(linearToALaw(32767), 0xaa);
  assert.equal(linearToALaw(-32768), 0x2a);
});

test('G.711 tables match reference implementations for every code and every 16-bit sample', () => {
  // Expansions: CPython's audioop.ulaw2lin / alaw2lin (Sun's g711.c) over codes 0..255, as
  // little-endian int16. A-law compression: audioop.lin2alaw over -32768..32767. µ-law
  // compression: ITU-T G.191 ulaw_compress over the same range; audioop.lin2ulaw differs from it
  // in 508 negative inputs, where Sun negates instead of taking the one's complement.
  assert.equal(sha256(decodeMuLaw(EVERY_CODE)), '3dab54339e520bb2c924826e3b72a917a2b612e9fd12fc867500f1d983a75827');
  assert.equal(sha256(decodeALaw(EVERY_CODE)), 'e04788d110e58ff8c70c93b8480190d973e3b67876b6119abbaec766cc75c174');
  assert.equal(sha256(encodeALaw(EVERY_SAMPLE)), '38488f6fd710f4686360edc4d38639f96c491595ef93f8eb8d62d5e07ca6ce7b');
  assert.equal(sha256(encodeMuLaw(EVERY_SAMPLE)), '90c29de505fb68e766118303bd552a16005dcf810873698bee1d8f3b247ce28c');
});

test('every code survives decode -> encode (µ-law negative zero becomes positive zero)', () => {
  for (const code of EVERY_CODE) {
    assert.equal(linearToALaw(aLawToLinear(code)), code, `A-law ${hex(code)}`);
    assert.equal(linearToMuLaw(muLawToLinear(code)), code === 0x7f ? 0xff : code, `µ-law ${hex(code)}`);
  }
});

test('companding is monotonic and its error stays within half a step of the segment', () => {
  for (const [name, encode, decode, maxStep] of [
    ['µ-law', linearToMuLaw, muLawToLinear, 1024],
    ['A-law', linearToALaw, aLawToLinear, 1024],
  ] as const) {
    let previous = -Infinity;
    let worstRelative = 0;
    for (const sample of EVERY_SAMPLE) {
      const back = decode(encode(sample));
      assert.ok(back >= previous, `${name} not monotonic at ${sample}`);
      previous = back;
      // Beyond the last decision level (±32124 / ±32256) the codec clips.
      if (Math.abs(sample) <= 32124) assert.ok(Math.abs(back - sample) <= maxStep / 2, `${name} error at ${sample}: ${back}`);
      if (Math.abs(sample) > 1024 && Math.abs(sample) < 32000) worstRelative = Math.max(worstRelative, Math.abs(back - sample) / Math.abs(sample));
    }
    // Logarithmic: about 3 % relative error at worst above the linear segments.
    assert.ok(worstRelative < 0.035, `${name} worst relative error ${worstRelative}`);
  }
});

// G.711 companding (ITU-T Rec. G.711): µ-law (`audio/pcmu`) and A-law (`audio/pcma`), one
// byte per sample, to and from 16-bit linear PCM. The arithmetic is that of ITU-T G.191's
// reference code (STL `g711.c`: ulaw_compress / alaw_compress / *_expand), which reads the
// 14 (µ) or 13 (A) most significant bits of a 16-bit sample and takes the one's complement of
// negative ones (so -1 encodes as µ-law 0x7F, "negative zero"). Sun's widely copied g711.c
// (CPython's audioop) gives the same A-law bytes and the same expansions, and µ-law bytes one
// step apart for some negative inputs. The expansion of each code is a 256-entry table.

/** µ-law: code -> linear. */
const MULAW_TO_LINEAR = new Int16Array(256);
/** A-law: code -> linear. */
const ALAW_TO_LINEAR = new Int16Array(256);

for (let code = 0; code < 256; code++) {
  // µ-law expand (G.191 ulaw_expand): the code is stored inverted; value = segment base + mantissa steps + half a step - bias.
  const inverted = ~code & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  const magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * 33;
  MULAW_TO_LINEAR[code] = code < 0x80 ? -magnitude : magnitude;
  // A-law expand (G.191 alaw_expand): even bits toggled; segment 0 has no leading one.
  const toggled = (code ^ 0x55) & 0x7f;
  const aExponent = toggled >> 4;
  let aMantissa = toggled & 0x0f;
  if (aExponent > 0) aMantissa += 16;
  aMantissa = (aMantissa << 4) + 8;
  if (aExponent > 1) aMantissa <<= aExponent - 1;
  ALAW_TO_LINEAR[code] = code > 0x7f ? aMantissa : -aMantissa;
}

/** One 16-bit sample to µ-law (G.191 ulaw_compress). */
export function linearToMuLaw(sample: number): number {
  const negative = sample < 0;
  let magnitude = ((negative ? ~sample : sample) >> 2) + 33; // 33: the µ-law bias on the 14-bit scale
  if (magnitude > 0x1fff) magnitude = 0x1fff;
  let segment = 1;
  for (let i = magnitude >> 6; i !== 0; i >>= 1) segment++;
  const high = 8 - segment;
  const low = 0x0f - ((magnitude >> segment) & 0x0f);
  const code = (high << 4) | low;
  return negative ? code : code | 0x80;
}

/** One 16-bit sample to A-law (G.191 alaw_compress). */
export function linearToALaw(sample: number): number {
  const negative = sample < 0;
  let ix = (negative ? ~sample : sample) >> 4; // 0 <= ix < 2048
  if (ix > 15) {
    let exponent = 1;
    while (ix > 16 + 15) {
      ix >>= 1;
      exponent++;
    }
    ix = ix - 16 + (exponent << 4);
  }
  if (!negative) ix |= 0x80;
  return (ix ^ 0x55) & 0xff;
}

export function muLawToLinear(code: number): number {
  return MULAW_TO_LINEAR[code & 0xff];
}

export function aLawToLinear(code: number): number {
  return ALAW_TO_LINEAR[code & 0xff];
}

/** PCM16 samples to µ-law bytes, one per sample. */
export function encodeMuLaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = linearToMuLaw(samples[i]);
  return out;
}

/** PCM16 samples to A-law bytes, one per sample. */
export function encodeALaw(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = linearToALaw(samples[i]);
  return out;
}

export function decodeMuLaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = MULAW_TO_LINEAR[bytes[i]];
  return out;
}

export function decodeALaw(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = ALAW_TO_LINEAR[bytes[i]];
  return out;
}

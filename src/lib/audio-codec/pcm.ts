// PCM16 and base64 conversions shared by the audio tools and the realtime client.
// Base64 works on bytes in blocks (no per-byte string concatenation), so megabytes convert fast.

/**
 * Float samples in [-1, 1] to PCM16: scaled by 32768 and rounded to the nearest step (the
 * inverse of int16ToFloat32), clamped to [-32768, 32767]; so -1 -> -32768 and 1 -> 32767.
 */
export function floatTo16BitPCM(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const scaled = Math.round(samples[i] * 0x8000);
    out[i] = scaled > 0x7fff ? 0x7fff : scaled < -0x8000 ? -0x8000 : scaled;
  }
  return out;
}

/** PCM16 to float samples in [-1, 1). */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] / 0x8000;
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Uint8Array(256).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
DECODE['-'.charCodeAt(0)] = 62; // base64url
DECODE['_'.charCodeAt(0)] = 63;

function asBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
// Bytes to string: TextDecoder is ~10x faster than String.fromCharCode; jsdom (jest) lacks it.
const ASCII_DECODER = typeof TextDecoder === 'undefined' ? null : new TextDecoder('latin1');
/** Characters per String.fromCharCode call: well under engines' argument limits. */
const STRING_BLOCK = 0x8000;

/** Bytes (an ArrayBuffer or any typed array, e.g. PCM16 samples) to standard base64. */
export function bytesToBase64(data: ArrayBuffer | ArrayBufferView): string {
  const bytes = asBytes(data);
  // ASCII codes into one byte array first, then strings in large blocks (no per-char strings).
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = ALPHABET_CODES[n >> 18];
    out[o++] = ALPHABET_CODES[(n >> 12) & 63];
    out[o++] = ALPHABET_CODES[(n >> 6) & 63];
    out[o++] = ALPHABET_CODES[n & 63];
  }
  if (whole < bytes.length) {
    const two = whole + 1 < bytes.length;
    const n = (bytes[whole] << 16) | (two ? bytes[whole + 1] << 8 : 0);
    out[o++] = ALPHABET_CODES[n >> 18];
    out[o++] = ALPHABET_CODES[(n >> 12) & 63];
    out[o++] = two ? ALPHABET_CODES[(n >> 6) & 63] : 61;
    out[o++] = 61;
  }
  if (ASCII_DECODER) return ASCII_DECODER.decode(out);
  const parts: string[] = [];
  for (let i = 0; i < out.length; i += STRING_BLOCK) {
    parts.push(String.fromCharCode.apply(null, out.subarray(i, i + STRING_BLOCK) as unknown as number[]));
  }
  return parts.join('');
}

/** Base64 (standard or url-safe, padded or not) to bytes. Throws on characters outside it. */
export function base64ToBytes(base64: string): Uint8Array {
  let length = base64.length;
  while (length > 0 && base64.charCodeAt(length - 1) === 61) length--;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  const whole = length - (length % 4);
  let o = 0;
  let i = 0;
  // Four characters -> three bytes; an invalid character (255) shows as a set bit 7 in `bad`.
  for (; i < whole; i += 4) {
    const ca = base64.charCodeAt(i), cb = base64.charCodeAt(i + 1), cc = base64.charCodeAt(i + 2), cd = base64.charCodeAt(i + 3);
    if ((ca | cb | cc | cd) > 0xff) throw new Error(`invalid base64 character near ${i}`);
    const a = DECODE[ca], b = DECODE[cb], c = DECODE[cc], d = DECODE[cd];
    if ((a | b | c | d) & 0x80) throw new Error(`invalid base64 character near ${i}`);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  let buffer = 0;
  let bits = 0;
  for (; i < length; i++) {
    const code = base64.charCodeAt(i);
    const value = code > 0xff ? 255 : DECODE[code];
    if (value === 255) throw new Error(`invalid base64 character at ${i}`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** PCM16 samples to base64 (little-endian bytes, as the Realtime API expects). */
export function int16ToBase64(samples: Int16Array): string {
  return bytesToBase64(samples);
}

/** Base64 PCM16 to samples. An odd trailing byte is dropped. */
export function base64ToInt16(base64: string): Int16Array {
  const bytes = base64ToBytes(base64);
  const count = bytes.length >> 1;
  // Copy into an aligned buffer: Int16Array views need an even byte offset.
  return new Int16Array(bytes.buffer.slice(0, count * 2));
}

/** Joins PCM16 chunks into one array, in one allocation. */
export function concatInt16(chunks: readonly Int16Array[]): Int16Array {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const out = new Int16Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

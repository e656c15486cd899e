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

/** Bytes (an ArrayBuffer or any typed array, e.g. PCM16 samples) to standard base64. */
export function bytesToBase64(data: ArrayBuffer | ArrayBufferView): string {
  const bytes = asBytes(data);
  const parts: string[] = [];
  const block = 0x3000; // a multiple of 3 that keeps fromCharCode's argument list small
  for (let start = 0; start < bytes.length; start += block) {
    const end = Math.min(start + block, bytes.length);
    const codes: number[] = [];
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      codes.push(ALPHABET.charCodeAt(n >> 18), ALPHABET.charCodeAt((n >> 12) & 63), ALPHABET.charCodeAt((n >> 6) & 63), ALPHABET.charCodeAt(n & 63));
    }
    if (i < end) {
      const n = (bytes[i] << 16) | (i + 1 < end ? bytes[i + 1] << 8 : 0);
      codes.push(ALPHABET.charCodeAt(n >> 18), ALPHABET.charCodeAt((n >> 12) & 63));
      codes.push(i + 1 < end ? ALPHABET.charCodeAt((n >> 6) & 63) : 61, 61);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Base64 (standard or url-safe, padded or not) to bytes. Throws on characters outside it. */
export function base64ToBytes(base64: string): Uint8Array {
  let length = base64.length;
  while (length > 0 && base64.charCodeAt(length - 1) === 61) length--;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < length; i++) {
    const value = DECODE[base64.charCodeAt(i)];
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

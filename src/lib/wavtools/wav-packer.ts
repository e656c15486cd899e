// RIFF/WAVE files of PCM16 audio: written with exact sizes, and read back (for tests and for
// loading clips). Layout: "RIFF" size "WAVE", "fmt " chunk (16 bytes, PCM), "data" chunk.

export interface WavFormat {
  sampleRate?: number;
  channels?: 1 | 2;
}

export interface ParsedWav {
  audioFormat: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** The RIFF chunk size field (file length - 8). */
  riffSize: number;
  dataSize: number;
  /** Interleaved samples. */
  samples: Int16Array;
}

export const WAV_HEADER_BYTES = 44;
export const DEFAULT_WAV_SAMPLE_RATE = 24000;
const PCM_FORMAT = 1;
const BITS_PER_SAMPLE = 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeAscii(view: DataView, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
}

/** The bytes of a WAV file holding `samples` (interleaved when stereo). */
export function encodeWav(samples: Int16Array, format: WavFormat = {}): Uint8Array {
  const sampleRate = format.sampleRate ?? DEFAULT_WAV_SAMPLE_RATE;
  const channels = format.channels ?? 1;
  if (samples.length % channels !== 0) throw new Error(`${samples.length} samples do not make whole ${channels}-channel frames`);
  if (!(Number.isInteger(sampleRate) && sampleRate > 0)) throw new Error(`invalid sample rate ${sampleRate}`);
  const dataSize = samples.length * 2;
  if (dataSize + WAV_HEADER_BYTES - 8 > 0xffffffff) throw new Error('too much audio for one WAV file (4 GiB)');
  const bytes = new Uint8Array(WAV_HEADER_BYTES + dataSize);
  const view = new DataView(bytes.buffer);
  const blockAlign = channels * (BITS_PER_SAMPLE / 8);
  writeAscii(view, 0, 'RIFF');
  view.setUint32(4, WAV_HEADER_BYTES - 8 + dataSize, true);
  writeAscii(view, 8, 'WAVE');
  writeAscii(view, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM_FORMAT, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, BITS_PER_SAMPLE, true);
  writeAscii(view, 36, 'data');
  view.setUint32(40, dataSize, true);
  if (LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, dataSize), WAV_HEADER_BYTES);
  } else {
    for (let i = 0; i < samples.length; i++) view.setInt16(WAV_HEADER_BYTES + i * 2, samples[i], true);
  }
  return bytes;
}

/** Interleaves two equally long channels for a stereo file. */
export function interleave(left: Int16Array, right: Int16Array): Int16Array {
  if (left.length !== right.length) throw new Error('channels differ in length');
  const out = new Int16Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i];
    out[2 * i + 1] = right[i];
  }
  return out;
}

function readAscii(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

/** Reads a PCM16 WAV file, checking every size field. Skips chunks other than fmt and data. */
export function parseWav(input: ArrayBuffer | Uint8Array): ParsedWav {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || readAscii(view, 0) !== 'RIFF' || readAscii(view, 8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  const riffSize = view.getUint32(4, true);
  if (riffSize !== bytes.length - 8) throw new Error(`RIFF size ${riffSize} does not match the file (${bytes.length - 8})`);
  let fmt: Omit<ParsedWav, 'riffSize' | 'dataSize' | 'samples'> | null = null;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = readAscii(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (body + size > bytes.length) throw new Error(`chunk "${id}" runs past the end of the file`);
    if (id === 'fmt ') {
      fmt = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        byteRate: view.getUint32(body + 8, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('data chunk before fmt chunk');
      if (fmt.audioFormat !== PCM_FORMAT || fmt.bitsPerSample !== BITS_PER_SAMPLE) throw new Error('only 16-bit PCM is supported');
      const samples = new Int16Array(size >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { ...fmt, riffSize, dataSize: size, samples };
    }
    offset = body + size + (size & 1); // chunks are padded to even sizes
  }
  throw new Error('no data chunk');
}

export class WavPacker {
  /** A playable `audio/wav` Blob of PCM16 samples (interleaved when stereo). */
  static pack(samples: Int16Array, options: WavFormat = {}): Blob {
    return new Blob([encodeWav(samples, options)], { type: 'audio/wav' });
  }
}

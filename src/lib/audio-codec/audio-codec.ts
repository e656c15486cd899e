// PCM16 at the application's rate (24 kHz: what the recorder gives and the player takes) to and
// from the bytes of a Realtime audio format: PCM16 bytes, or G.711 after a band-limited rate
// change (24 kHz -> 8 kHz needs the anti-alias low-pass; dropping two samples in three folds
// 4-12 kHz back into the voice band). The streaming classes keep the resampler's and an odd
// byte's state across chunks, so chunk edges do not click; they lag by the filter's reach
// (about 3 ms) until `flush()`. The one-shot functions convert a whole signal.
import { type AudioFormat, audioFormatType, formatSampleRate, isG711 } from './audio-format';
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from './g711';
import { floatTo16BitPCM, int16ToFloat32 } from './pcm';
import { StreamingResampler } from './resampler';

/** The rate of the PCM16 the application hands in and gets back, unless told otherwise. */
export const DEFAULT_PCM_RATE = 24000;

function pcm16Bytes(samples: Int16Array): Uint8Array {
  // A copy: callers often reuse their buffers, and the bytes may be kept.
  return new Uint8Array(samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength));
}

function bytesToPcm16(bytes: Uint8Array): Int16Array {
  // Copied into an aligned buffer: Int16Array views need an even byte offset.
  const count = bytes.length >> 1;
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 2));
}

/** Wire bytes to PCM16 at the format's own rate (no rate change). */
export function bytesToSamples(bytes: Uint8Array, format: AudioFormat | null | undefined): Int16Array {
  switch (audioFormatType(format)) {
    case 'audio/pcmu':
      return decodeMuLaw(bytes);
    case 'audio/pcma':
      return decodeALaw(bytes);
    default:
      return bytesToPcm16(bytes);
  }
}

/** PCM16 at the format's own rate to wire bytes (no rate change). */
export function samplesToBytes(samples: Int16Array, format: AudioFormat | null | undefined): Uint8Array {
  switch (audioFormatType(format)) {
    case 'audio/pcmu':
      return encodeMuLaw(samples);
    case 'audio/pcma':
      return encodeALaw(samples);
    default:
      return pcm16Bytes(samples);
  }
}

function resampled(samples: Int16Array, resampler: StreamingResampler | null, flush: boolean): Int16Array {
  if (!resampler) return samples;
  const head = samples.length ? resampler.process(int16ToFloat32(samples)) : new Float32Array(0);
  if (!flush) return floatTo16BitPCM(head);
  const tail = resampler.flush();
  const all = new Float32Array(head.length + tail.length);
  all.set(head);
  all.set(tail, head.length);
  return floatTo16BitPCM(all);
}

/** Streams PCM16 at `sampleRate` into a format's bytes. */
export class AudioEncoder {
  readonly format: AudioFormat;
  private readonly resampler: StreamingResampler | null;

  constructor(format: AudioFormat | null | undefined, readonly sampleRate = DEFAULT_PCM_RATE) {
    this.format = format ?? { type: 'audio/pcm' };
    const rate = formatSampleRate(this.format);
    this.resampler = rate === sampleRate ? null : new StreamingResampler(sampleRate, rate);
  }

  /** The bytes ready so far (a resampled stream holds back about 3 ms until `flush`). */
  encode(samples: Int16Array): Uint8Array {
    return samplesToBytes(resampled(samples, this.resampler, false), this.format);
  }

  /** The held-back tail; the next `encode` starts a new stream. */
  flush(): Uint8Array {
    return samplesToBytes(resampled(new Int16Array(0), this.resampler, true), this.format);
  }
}

/** Streams a format's bytes into PCM16 at `sampleRate`. */
export class AudioDecoder {
  readonly format: AudioFormat;
  private readonly resampler: StreamingResampler | null;
  /** A PCM16 chunk may end in the middle of a sample: its first byte waits here. */
  private oddByte: number | null = null;

  constructor(format: AudioFormat | null | undefined, readonly sampleRate = DEFAULT_PCM_RATE) {
    this.format = format ?? { type: 'audio/pcm' };
    const rate = formatSampleRate(this.format);
    this.resampler = rate === sampleRate ? null : new StreamingResampler(rate, sampleRate);
  }

  decode(bytes: Uint8Array): Int16Array {
    return resampled(bytesToSamples(this.whole(bytes), this.format), this.resampler, false);
  }

  /** The held-back tail; the next `decode` starts a new stream. */
  flush(): Int16Array {
    this.oddByte = null;
    return resampled(new Int16Array(0), this.resampler, true);
  }

  private whole(bytes: Uint8Array): Uint8Array {
    if (isG711(this.format)) return bytes;
    let joined = bytes;
    if (this.oddByte !== null) {
      joined = new Uint8Array(bytes.length + 1);
      joined[0] = this.oddByte;
      joined.set(bytes, 1);
    }
    this.oddByte = joined.length % 2 ? joined[joined.length - 1] : null;
    return joined;
  }
}

/** A whole signal of PCM16 at `sampleRate` to a format's bytes. */
export function encodeAudio(samples: Int16Array, format: AudioFormat | null | undefined, sampleRate = DEFAULT_PCM_RATE): Uint8Array {
  const encoder = new AudioEncoder(format, sampleRate);
  const head = encoder.encode(samples);
  const tail = encoder.flush();
  return joinBytes(head, tail);
}

/** A whole signal of a format's bytes to PCM16 at `sampleRate`. */
export function decodeAudio(bytes: Uint8Array, format: AudioFormat | null | undefined, sampleRate = DEFAULT_PCM_RATE): Int16Array {
  const decoder = new AudioDecoder(format, sampleRate);
  const head = decoder.decode(bytes);
  const tail = decoder.flush();
  if (tail.length === 0) return head;
  const out = new Int16Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

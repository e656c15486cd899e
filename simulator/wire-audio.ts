// The simulator's side of the session's audio formats. Inside, everything runs on 24 kHz PCM16:
// the session clock, the VAD, stored items and truncation. On the wire, audio is in the
// session's input or output format (PCM16, or G.711 at 8 kHz, one byte a sample). The codec is
// src/lib/audio-codec/audio-codec.ts, the one the client uses.
import { AudioDecoder, AudioEncoder, decodeAudio, encodeAudio } from '../src/lib/audio-codec/audio-codec';
import { type AudioFormat, sameAudioFormat } from '../src/lib/audio-codec/audio-format';

/**
 * Appends decoded as one stream, so G.711's upsampling filter keeps its state across them; it
 * holds back about 3 ms, which a commit flushes (so 1 s of µ-law commits as exactly 1 s). A
 * new format starts a new stream.
 */
export class InputAudioStream {
  private decoder: AudioDecoder | null = null;

  decode(bytes: Uint8Array, format: AudioFormat | undefined): Int16Array {
    if (!this.decoder || !sameAudioFormat(this.decoder.format, format)) this.decoder = new AudioDecoder(format);
    return this.decoder.decode(bytes);
  }

  /** What the stream holds back (empty for 24 kHz PCM16). */
  flush(): Int16Array {
    return this.decoder?.flush() ?? new Int16Array(0);
  }
}

/** One item's speech, encoded delta by delta; `flush` gives the last bytes before `output_audio.done`. */
export class OutputAudioStream {
  private readonly encoder: AudioEncoder;

  constructor(format: AudioFormat | undefined) {
    this.encoder = new AudioEncoder(format);
  }

  /** Base64 of the next delta ('' when the filter holds it all back). */
  encode(samples: Int16Array): string {
    return toBase64(this.encoder.encode(samples));
  }

  flush(): string {
    return toBase64(this.encoder.flush());
  }
}

/** A whole stored item's audio in a format, base64 (`conversation.item.retrieved`). */
export function encodeBase64(samples: Int16Array, format: AudioFormat | undefined): string {
  return toBase64(encodeAudio(samples, format));
}

/** A whole item's base64 audio in a format, to 24 kHz PCM16 (`conversation.item.create`). */
export function decodeBase64(base64: string, format: AudioFormat | undefined): Int16Array {
  return decodeAudio(Buffer.from(base64, 'base64'), format);
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

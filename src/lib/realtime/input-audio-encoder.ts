// Input audio into the wire's format: PCM16 from the application (at its rate, 24 kHz) leaves in
// the session's input format; raw G.711 bytes (a phone line's) leave untouched and are decoded
// only for the audio the conversation keeps. What was appended is counted in input-audio.ts.
import { AudioDecoder, AudioEncoder } from '../audio-codec/audio-codec';
import { type AudioFormat, audioFormatType, isG711, sameAudioFormat } from '../audio-codec/audio-format';

export class InputAudioEncoder {
  private encoder: AudioEncoder | null = null;
  private decoder: AudioDecoder | null = null;

  constructor(private readonly sampleRate: number) {}

  /** The wire bytes for PCM16 at the application's rate (a G.711 stream holds back ~3 ms until `flush`). */
  encode(samples: Int16Array, format: AudioFormat | undefined): Uint8Array {
    if (!this.encoder || !sameAudioFormat(this.encoder.format, format)) this.encoder = new AudioEncoder(format, this.sampleRate);
    return this.encoder.encode(samples);
  }

  /**
   * Accepts bytes already in the session's G.711 format, to send as they are; returns the PCM16
   * they stand for (for the kept audio). Throws for `audio/pcm`, where the app's PCM16 goes
   * through `encode` instead.
   */
  passThrough(bytes: Uint8Array, format: AudioFormat | undefined): Int16Array {
    if (!isG711(format)) {
      throw new Error(
        `appendInputAudioBytes takes G.711 bytes (audio/pcmu or audio/pcma), but the session's input format is ${audioFormatType(format)}: use appendInputAudio with PCM16`,
      );
    }
    if (!this.decoder || !sameAudioFormat(this.decoder.format, format)) this.decoder = new AudioDecoder(format, this.sampleRate);
    return this.decoder.decode(bytes);
  }

  /** Before a commit: the encoder's held-back bytes (to send) and the decoder's samples (to keep). */
  flush(): { bytes: Uint8Array; samples: Int16Array } {
    return { bytes: this.encoder?.flush() ?? new Uint8Array(0), samples: this.decoder?.flush() ?? new Int16Array(0) };
  }

  /** A new connection: nothing held back. */
  reset(): void {
    this.encoder = null;
    this.decoder = null;
  }
}

// Opus for a call's media, through @evan/opus (libopus, prebuilt in its npm package, with a
// WebAssembly build as fallback): the microphone's packets decoded to 24 kHz mono PCM16 for the
// VAD, the model's speech encoded in 20 ms frames. libopus runs at 24 kHz natively, so the
// session's clock needs no resampling.
import { Decoder, Encoder } from '@evan/opus';
import { SAMPLE_RATE } from '../audio-buffer';

/** One frame of the outgoing track: 20 ms, the usual WebRTC Opus packet. */
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (SAMPLE_RATE * FRAME_MS) / 1000;

export class OpusEncoder24k {
  private readonly encoder = new Encoder({ channels: 1, sample_rate: SAMPLE_RATE, application: 'voip' });

  /** One Opus packet for one frame (FRAME_SAMPLES samples). */
  encode(frame: Int16Array): Buffer {
    // The native binding returns a view of its own buffer, reused by the next call: copied.
    return Buffer.from(this.encoder.encode(frame));
  }
}

export class OpusDecoder24k {
  private readonly decoder = new Decoder({ channels: 1, sample_rate: SAMPLE_RATE });

  /** The packet's audio at 24 kHz mono (a stereo packet is mixed down by libopus). Throws on a corrupt packet. */
  decode(packet: Uint8Array): Int16Array {
    const bytes = this.decoder.decode(packet);
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new Int16Array(copy.buffer, 0, copy.byteLength >> 1);
  }
}

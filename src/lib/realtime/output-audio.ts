// The server's audio, from the session's output format to PCM16 at the application's rate (for
// playback, the item's audio and WAV files), one stream per item: G.711 is upsampled with a
// band-limited filter that carries its state across deltas, so delta edges do not click. The
// stream holds back about 3 ms until its item's `response.output_audio.done` flushes it.
import { AudioDecoder, decodeAudio } from '../audio-codec/audio-codec';
import { type AudioFormat, sameAudioFormat } from '../audio-codec/audio-format';

/** Item streams kept open at once (a response streams one audio item at a time). */
export const MAX_OPEN_AUDIO_STREAMS = 16;

export class OutputAudioDecoder {
  private readonly streams = new Map<string, AudioDecoder>();

  constructor(private readonly sampleRate: number) {}

  /** The next delta of `itemId`; an item keeps the format its first delta came in. */
  decode(itemId: string, bytes: Uint8Array, format: AudioFormat | undefined): Int16Array {
    let stream = this.streams.get(itemId);
    if (!stream || !sameAudioFormat(stream.format, format)) {
      stream = new AudioDecoder(format, this.sampleRate);
      this.streams.set(itemId, stream);
      if (this.streams.size > MAX_OPEN_AUDIO_STREAMS) this.streams.delete(this.streams.keys().next().value as string);
    }
    return stream.decode(bytes);
  }

  /** The held-back end of the item's audio; the stream is closed. */
  finish(itemId: string): Int16Array {
    const stream = this.streams.get(itemId);
    this.streams.delete(itemId);
    return stream ? stream.flush() : new Int16Array(0);
  }

  /** Drops an item's stream (truncated or deleted: its tail is not wanted). */
  forget(itemId: string): void {
    this.streams.delete(itemId);
  }

  clear(): void {
    this.streams.clear();
  }

  /** A whole item's audio (e.g. `conversation.item.retrieved`). */
  decodeWhole(bytes: Uint8Array, format: AudioFormat | undefined): Int16Array {
    return decodeAudio(bytes, format, this.sampleRate);
  }
}

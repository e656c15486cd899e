// A client's input audio as a replay sees it, the recorded client's and the new one's alike: how
// many milliseconds it has sent (the clock the recorded VAD events are placed on), how many bytes
// wait in the input buffer (a push-to-talk commit's length), and its level frame by frame.
// Milliseconds, not bytes: a G.711 byte lasts 1/8 ms, a PCM16 pair 1/24 ms, and a WebRTC call's
// microphone arrives as decoded 24 kHz samples with no bytes at all, so only time is common to a
// recording and a replay made over other formats or transports.
import { bytesToMs, type AudioFormat } from '../../src/lib/audio-codec/audio-format';
import { InputAudioStream } from '../wire-audio';
import { SAMPLES_PER_MS } from '../audio-buffer';
import { appendedBytes, isAudioPlaceholder } from './audio-length';
import { FrameLevels } from './speech-level';

export class InputClock {
  /** Input audio received so far, ms. */
  ms = 0;
  /** Bytes appended since the buffer was last emptied (appends only; media has no bytes). */
  bufferedBytes = 0;
  /** False once audio arrived whose level is unknown (an export's placeholder). */
  levelsKnown = true;
  readonly levels = new FrameLevels();
  private readonly decoder = new InputAudioStream();

  /** An `input_audio_buffer.append`, in the input format in force. */
  append(event: Record<string, unknown>, format: AudioFormat | undefined): void {
    const bytes = appendedBytes(event);
    const ms = bytesToMs(bytes, format);
    this.ms += ms;
    this.bufferedBytes += bytes;
    if (typeof event.audio === 'string' && !isAudioPlaceholder(event.audio)) {
      this.levels.push(this.decoder.decode(Buffer.from(event.audio, 'base64'), format));
      return;
    }
    this.levelsKnown = false;
    this.levels.pushSilence(Math.round(ms * SAMPLES_PER_MS));
  }

  /** Decoded media (a WebRTC call's microphone), 24 kHz PCM16. */
  appendSamples(samples: Int16Array): void {
    this.ms += samples.length / SAMPLES_PER_MS;
    this.levels.push(samples);
  }

  /** The input buffer was committed or cleared. */
  emptied(): void {
    this.bufferedBytes = 0;
  }
}

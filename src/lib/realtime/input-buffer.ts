// The user's audio on its way to the server's input buffer: encoded into the session's input
// format, handed to the transport, recorded (input-audio.ts), committed or cleared. Manual turns
// obey the API's minimum here: under 100 ms a commit would be refused
// (`input_audio_buffer_commit_empty`) and the response would answer the previous turn again, so
// the audio is cleared instead.
import { MIN_INPUT_COMMIT_MS } from '../protocol/input-commit';
import type { ServerEvent } from '../protocol/protocol-types';
import { floatTo16BitPCM } from '../audio-codec/pcm';
import { bytesToMs, type AudioFormat } from '../audio-codec/audio-format';
import { InputAudioEncoder } from './input-audio-encoder';
import { InputAudioTrack } from './input-audio';
import type { RealtimeTransport } from './transport-types';

export interface InputBufferOptions {
  transport: RealtimeTransport;
  sampleRate: number;
  /** Seconds of recent input audio kept for the user's items (0: none). */
  keepSeconds: number;
  /** The input format in force. */
  format(): AudioFormat | undefined;
  onTooShort(info: { durationMs: number; minimumMs: number; message: string }): void;
}

export type CommitResult = 'committed' | 'nothing' | 'too_short';

export function toInt16(audio: Int16Array | Float32Array | ArrayBuffer): Int16Array {
  if (audio instanceof Int16Array) return audio;
  if (audio instanceof Float32Array) return floatTo16BitPCM(audio);
  return new Int16Array(audio, 0, audio.byteLength >> 1);
}

export class InputBuffer {
  private readonly encoder: InputAudioEncoder;
  private readonly track: InputAudioTrack;
  private readonly transport: RealtimeTransport;
  /** A media wire's track was unmuted since the last commit or clear (muted throughout, it carried nothing). */
  private mediaOpened = false;

  constructor(private readonly options: InputBufferOptions) {
    this.transport = options.transport;
    this.encoder = new InputAudioEncoder(options.sampleRate);
    this.track = new InputAudioTrack({ sampleRate: options.sampleRate, maxSeconds: options.keepSeconds });
  }

  /** PCM16 at the client's rate (float converted), sent in the input format. Muted: nothing. */
  append(audio: Int16Array | Float32Array | ArrayBuffer): void {
    const samples = toInt16(audio);
    if (samples.length === 0 || this.transport.muted) return;
    this.send(this.encoder.encode(samples, this.options.format()));
    this.track.append(samples);
  }

  /** Bytes already in the session's G.711 input format, sent untouched; throws for `audio/pcm`. */
  appendBytes(bytes: Uint8Array): void {
    if (this.transport.muted) return;
    const format = this.options.format();
    const samples = this.encoder.passThrough(bytes, format);
    this.send(bytes);
    this.track.append(samples, bytesToMs(bytes.length, format));
  }

  /** Manual turns: commits what was appended since the last commit, unless it is under the API's minimum. */
  commit(): CommitResult {
    if (this.transport.audio.input === 'media') {
      // The microphone is the transport's track: only the server knows how much it holds. Kept
      // muted since the last commit (a typed turn between push-to-talk presses), it holds nothing.
      if (this.transport.muted && !this.mediaOpened) return 'nothing';
      this.mediaOpened = false;
      this.transport.commitAudio();
      return 'committed';
    }
    const durationMs = this.track.msSinceCommit;
    if (durationMs <= 0) return 'nothing';
    if (durationMs < MIN_INPUT_COMMIT_MS) {
      this.clear();
      const message = `Only ${Math.round(durationMs)} ms of audio: hold to talk (at least ${MIN_INPUT_COMMIT_MS} ms).`;
      this.options.onTooShort({ durationMs, minimumMs: MIN_INPUT_COMMIT_MS, message });
      return 'too_short';
    }
    // What the G.711 resampler still holds goes out (and into the kept audio) first.
    const { bytes, samples } = this.encoder.flush();
    this.send(bytes);
    if (samples.length) this.track.append(samples, 0);
    this.transport.commitAudio();
    this.track.commitSent();
    return 'committed';
  }

  /** Clears the server's input buffer and forgets what was appended since the last commit. */
  /** The user's audio was unmuted (a media wire's track then carries it until the next commit). */
  unmuted(): void {
    this.mediaOpened = true;
  }

  clear(): void {
    this.mediaOpened = false;
    this.encoder.flush(); // the held-back tail belongs to the dropped audio
    this.transport.clearAudio();
    this.track.cleared();
  }

  /** The server's side of the buffer; returns the committed item's own audio, if any was kept. */
  serverEvent(event: ServerEvent): { itemId: string; audio: Int16Array } | null {
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
        this.track.speechStarted(event.item_id, event.audio_start_ms);
        return null;
      case 'input_audio_buffer.speech_stopped':
        this.track.speechStopped(event.item_id, event.audio_end_ms);
        return null;
      case 'input_audio_buffer.timeout_triggered':
        this.track.timeoutTriggered(event.item_id, event.audio_start_ms, event.audio_end_ms);
        return null;
      case 'input_audio_buffer.committed': {
        const audio = this.track.committed(event.item_id);
        return audio ? { itemId: event.item_id, audio } : null;
      }
      case 'input_audio_buffer.cleared':
        this.track.cleared();
        return null;
      default:
        return null;
    }
  }

  /** A new connection: nothing held back, nothing counted or kept. */
  reset(): void {
    this.encoder.reset();
    this.track.reset();
  }

  private send(bytes: Uint8Array): void {
    if (bytes.length) this.transport.sendAudio(bytes);
  }
}

// What a replayed WebRTC call plays on its outgoing track, and which recorded events that changes.
// Over WebRTC the API sends no `response.output_audio.delta`: it plays the audio itself and says
// so with `output_audio_buffer.started` / `stopped` / `cleared`. So:
// - a recording made over a WebSocket (`deltas`) has the model's audio in its deltas: each delta
//   is decoded from the session's output format and queued on the track instead of sent, and the
//   output audio buffer (playout.ts, the simulator's own) reports started / stopped / cleared as
//   it plays, as it would for the engine's speech;
// - a recording made over WebRTC (`transcripts`) has none of the audio, only the recorded
//   started / stopped / cleared, which are replayed as they are. Its track plays speech
//   synthesised from each transcript delta (speech-synth.ts, as the simulator speaks its own
//   replies) rather than silence: a client under test measures the remote track (first audio
//   heard, level meters, the audio it records per item), and silence there would fail it for
//   what the recording could not keep, not for anything it did. The connection report says
//   `modelAudio: "synthesised"`;
// - deltas the export trimmed to `<base64 audio N bytes>` get N bytes' worth of that synthesised
//   speech, so the recorded timing stays and the track is not silent.
import { bytesToMs, msToBytes } from '../../src/lib/audio-codec/audio-format';
import { AudioDecoder } from '../../src/lib/audio-codec/audio-codec';
import { SAMPLES_PER_MS } from '../audio-buffer';
import type { EventChannel } from '../event-channel';
import { NO_FAULTS } from '../faults';
import { Outbox } from '../outbox';
import { PlayoutBuffer } from '../playout';
import { pitchForVoice, synthesizeSpeech } from '../speech-synth';
import type { FrameSource } from '../webrtc/media-sender';
import { audioBytes, isAudioPlaceholder } from './audio-length';
import type { Fields } from './replay-plan';
import type { SessionAudio } from './session-audio';

/** Longest audio one delta may queue (a placeholder may claim any length). */
const MAX_DELTA_MS = 60_000;
/** Items whose decoder and synthesised speech are kept (older ones are done). */
const MAX_ITEMS = 64;

const DISCARD: EventChannel = { isOpen: false, send: () => undefined, close: () => undefined };

export type MediaOutputMode = 'deltas' | 'transcripts';

export class ReplayMediaOutput implements FrameSource {
  private readonly playout: PlayoutBuffer;
  private readonly decoders = new Map<string, AudioDecoder>();
  /** Per item: speech synthesised from its transcript so far, not yet played. */
  private readonly spoken = new Map<string, Int16Array[]>();

  /**
   * `outbox`: where the buffer's own started / stopped / cleared go (`deltas` mode only);
   * `trimmed`: some deltas are placeholders, so transcripts are synthesised to fill them.
   */
  constructor(readonly mode: MediaOutputMode, outbox: Outbox, private readonly audio: SessionAudio, private readonly trimmed: boolean) {
    this.playout = new PlayoutBuffer({
      outbox: mode === 'deltas' ? outbox : new Outbox(DISCARD, NO_FAULTS),
      // The recording's own events say where items were cut; nothing to keep here.
      truncate: () => undefined,
    });
  }

  pull(samples: number): Int16Array | null {
    return this.playout.pull(samples);
  }

  /** A recorded server event about to be replayed: true when it travels on the track instead. */
  carries(event: Fields): boolean {
    const responseId = typeof event.response_id === 'string' ? event.response_id : '';
    const itemId = typeof event.item_id === 'string' ? event.item_id : '';
    if (event.type === 'response.output_audio_transcript.delta' && typeof event.delta === 'string') {
      if (this.mode === 'transcripts') this.playout.push(responseId, itemId, this.synthesise(event.delta));
      else if (this.trimmed) this.remember(this.spoken, itemId, []).push(this.synthesise(event.delta));
      return false;
    }
    if (event.type !== 'response.output_audio.delta') return false;
    if (this.mode === 'deltas') this.playout.push(responseId, itemId, this.decode(itemId, event.delta));
    return true;
  }

  /** A recorded server event just replayed. */
  sent(event: Fields): void {
    if (event.type === 'response.done') {
      const response = event.response as { id?: unknown } | undefined;
      if (typeof response?.id === 'string') this.playout.responseDone(response.id);
    }
    if (this.mode === 'transcripts' && event.type === 'output_audio_buffer.cleared') this.playout.clear();
    // The buffer is the server's: speech that interrupts cuts it, as the engine's VAD does.
    if (this.mode === 'deltas' && event.type === 'input_audio_buffer.speech_started' && this.audio.interruptsOnSpeech) this.playout.clear();
  }

  /** The new client's `output_audio_buffer.clear`: over a WebSocket recording nobody else answers it. */
  clientClear(): void {
    if (this.mode === 'deltas') this.playout.clear();
  }

  private decode(itemId: string, delta: unknown): Int16Array {
    const format = this.audio.output;
    if (isAudioPlaceholder(delta)) {
      const samples = Math.round(Math.min(bytesToMs(audioBytes(delta) ?? 0, format), MAX_DELTA_MS) * SAMPLES_PER_MS);
      return this.takeSpoken(itemId, samples);
    }
    if (typeof delta !== 'string') return new Int16Array(0);
    const decoder = this.remember(this.decoders, itemId, new AudioDecoder(format));
    return decoder.decode(Buffer.from(delta, 'base64').subarray(0, msToBytes(MAX_DELTA_MS, format)));
  }

  /** `samples` of the item's synthesised speech, silence where it has run out. */
  private takeSpoken(itemId: string, samples: number): Int16Array {
    const out = new Int16Array(samples);
    const queue = this.spoken.get(itemId) ?? [];
    let filled = 0;
    while (filled < samples && queue.length > 0) {
      const head = queue[0];
      const take = Math.min(samples - filled, head.length);
      out.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) queue.shift();
      else queue[0] = head.subarray(take);
    }
    return out;
  }

  private synthesise(text: string): Int16Array {
    return synthesizeSpeech(text.slice(0, 2000), { pitchHz: pitchForVoice(this.audio.voice) }).samples;
  }

  /** The item's entry, made when new; the oldest items are forgotten past MAX_ITEMS. */
  private remember<T>(map: Map<string, T>, itemId: string, fresh: T): T {
    const known = map.get(itemId);
    if (known !== undefined) return known;
    if (map.size >= MAX_ITEMS) map.delete(map.keys().next().value as string);
    map.set(itemId, fresh);
    return fresh;
  }
}

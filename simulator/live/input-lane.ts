// The user's lane: input audio decoded to 24 kHz, the session clock it drives (GPT-Live's
// timeline advances with input audio, silence included), voice activity on it, and the timed
// transcript of each speech turn in 200 ms buckets. The simulator does not recognise speech: a
// turn stands for the next scripted text (SimulatorOptions.script), or for a placeholder.
import type { AudioFormat as LiveAudioFormat } from 'openai/resources/live/live';
import { AudioDecoder } from '../../src/lib/audio-codec/audio-codec';
import type { AudioFormat } from '../../src/lib/audio-codec/audio-format';
import { SAMPLES_PER_MS } from '../audio-buffer';
import { EnergyVad, type VadParams } from '../vad';
import { TRANSCRIPT_BUCKET_MS, type TimedText } from './output-lane';
import { splitWords } from '../speech-synth';
import { concatInt16 } from '../../src/lib/audio-codec/pcm';

/** Live has no turn-detection settings; these are the simulator's (Realtime server_vad defaults, longer silence). */
export const LIVE_VAD: VadParams = { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500 };
/** One clock step: the output lane's chunk. */
export const TICK_MS = 100;
const TICK_SAMPLES = TICK_MS * SAMPLES_PER_MS;

export type InputLaneEvent =
  | { kind: 'speech_started'; atMs: number }
  | { kind: 'speech_stopped'; atMs: number; text: string; startMs: number }
  | { kind: 'transcript'; bucket: TimedText };

interface Turn {
  startMs: number;
  words: string[];
  next: number;
  text: string;
  /** End of the last bucket sent for this turn. */
  lastEndMs: number;
}

export class InputLane {
  private readonly decoder: AudioDecoder;
  private readonly vad = new EnergyVad(LIVE_VAD);
  private pending = new Int16Array(0);
  private clockMs = 0;
  private turn: Turn | null = null;
  private scriptIndex = 0;
  private muted = false;

  constructor(format: LiveAudioFormat | undefined, private readonly script: readonly string[]) {
    // Live's PCM may be 16 kHz, which the Realtime-typed codec does not declare; the decoder reads
    // the rate from the object, so the cast only widens the type.
    this.decoder = new AudioDecoder((format ?? { type: 'audio/pcm', rate: 24000 }) as AudioFormat);
  }

  get nowMs(): number {
    return this.clockMs;
  }

  get inSpeech(): boolean {
    return this.turn !== null;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** Adds wire bytes; returns the 100 ms ticks they complete (each a list of lane events). */
  append(bytes: Uint8Array, onTick: (startMs: number, events: InputLaneEvent[]) => void): void {
    const samples = this.decoder.decode(bytes);
    const data = this.pending.length ? concatInt16([this.pending, samples]) : samples;
    let at = 0;
    for (; at + TICK_SAMPLES <= data.length; at += TICK_SAMPLES) {
      const startMs = this.clockMs;
      // Muted input reaches the model as silence (live.d.ts InputAudioMutedEvent); the clock still runs.
      const tick = this.muted ? new Int16Array(TICK_SAMPLES) : data.subarray(at, at + TICK_SAMPLES);
      this.clockMs += TICK_MS;
      onTick(startMs, this.step(tick));
    }
    this.pending = data.slice(at);
  }

  private step(samples: Int16Array): InputLaneEvent[] {
    const events: InputLaneEvent[] = [];
    for (const vad of this.vad.process(samples)) {
      if (vad.kind === 'speech_started') {
        const text = this.script[this.scriptIndex++] ?? '';
        this.turn = { startMs: vad.onsetMs, text, words: splitWords(text), next: 0, lastEndMs: vad.onsetMs };
        events.push({ kind: 'speech_started', atMs: vad.onsetMs });
      } else if (this.turn) {
        const turn = this.turn;
        this.turn = null;
        const endMs = vad.audioEndMs - LIVE_VAD.silenceDurationMs;
        const rest = turn.words.slice(turn.next).join('');
        if (rest) events.push({ kind: 'transcript', bucket: { text: rest, startMs: turn.lastEndMs, endMs: Math.max(turn.lastEndMs, endMs) } });
        events.push({ kind: 'speech_stopped', atMs: vad.audioEndMs, text: turn.text.trim() || placeholder(endMs - turn.startMs), startMs: turn.startMs });
      }
    }
    // While speech goes on, one word per 200 ms bucket: the transcript follows the audio.
    if (this.turn && this.clockMs % TRANSCRIPT_BUCKET_MS === 0 && this.turn.next < this.turn.words.length) {
      const startMs = Math.max(this.turn.startMs, this.clockMs - TRANSCRIPT_BUCKET_MS);
      events.push({ kind: 'transcript', bucket: { text: this.turn.words[this.turn.next++], startMs, endMs: this.clockMs } });
      this.turn.lastEndMs = this.clockMs;
    }
    return events;
  }
}

function placeholder(durationMs: number): string {
  return `(${(durationMs / 1000).toFixed(1)} s of speech)`;
}

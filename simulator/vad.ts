// Voice activity detection on PCM16 energy, frame by frame, with the server_vad parameters:
// `threshold` (0..1 on a dBFS scale), `prefix_padding_ms` and `silence_duration_ms`.
// `semantic_vad` maps to a silence length by `eagerness`.
import type { TurnDetection } from './session';
import { SAMPLES_PER_MS } from './audio-buffer';
import { concatInt16 } from '../src/lib/audio-codec/pcm';

/** Analysis frame; VAD times are exact to one frame. */
export const VAD_FRAME_MS = 10;
/** The level scale: 0 at this RMS level (dBFS), 1 at 0 dBFS. Threshold 0.5 is then -30 dBFS. */
export const VAD_FLOOR_DBFS = -60;
/** Silence lengths `semantic_vad` waits for, by eagerness (`auto` = `medium`). */
export const SEMANTIC_SILENCE_MS = { low: 1500, medium: 800, high: 300, auto: 800 } as const;
export const SEMANTIC_THRESHOLD = 0.5;
export const SEMANTIC_PREFIX_PADDING_MS = 300;

export interface VadParams {
  threshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
}

export type VadEvent =
  | { kind: 'speech_started'; /** speech onset minus the prefix padding, clamped at 0 */ audioStartMs: number; onsetMs: number }
  | { kind: 'speech_stopped'; /** end of speech plus the silence that confirmed it */ audioEndMs: number };

export function vadParams(detection: TurnDetection): VadParams {
  if (detection.type === 'server_vad') {
    return {
      threshold: detection.threshold ?? 0.5,
      prefixPaddingMs: detection.prefix_padding_ms ?? 300,
      silenceDurationMs: detection.silence_duration_ms ?? 200,
    };
  }
  return {
    threshold: SEMANTIC_THRESHOLD,
    prefixPaddingMs: SEMANTIC_PREFIX_PADDING_MS,
    silenceDurationMs: SEMANTIC_SILENCE_MS[detection.eagerness ?? 'auto'],
  };
}

/** Frame level on the 0..1 scale the threshold uses. */
export function frameLevel(samples: Int16Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  const rms = Math.sqrt(sum / Math.max(1, to - from)) / 32768;
  if (rms <= 0) return 0;
  const dbfs = 20 * Math.log10(rms);
  return Math.max(0, Math.min(1, (dbfs - VAD_FLOOR_DBFS) / -VAD_FLOOR_DBFS));
}

export class EnergyVad {
  private readonly frameSamples = VAD_FRAME_MS * SAMPLES_PER_MS;
  private pending = new Int16Array(0);
  /** Session position (samples) of the next frame to analyse. */
  private position = 0;
  private speaking = false;
  private silentMs = 0;

  constructor(readonly params: VadParams, startSample = 0) {
    this.position = startSample;
  }

  get inSpeech(): boolean {
    return this.speaking;
  }

  /** Feeds the next samples of the session clock; returns what was detected. */
  process(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    const data = this.pending.length ? concatInt16([this.pending, samples]) : samples;
    let at = 0;
    for (; at + this.frameSamples <= data.length; at += this.frameSamples) {
      const level = frameLevel(data, at, at + this.frameSamples);
      const frameStartMs = this.position / SAMPLES_PER_MS;
      this.position += this.frameSamples;
      const frameEndMs = this.position / SAMPLES_PER_MS;
      if (level > this.params.threshold) {
        this.silentMs = 0;
        if (!this.speaking) {
          this.speaking = true;
          events.push({ kind: 'speech_started', audioStartMs: Math.max(0, frameStartMs - this.params.prefixPaddingMs), onsetMs: frameStartMs });
        }
      } else if (this.speaking) {
        this.silentMs += VAD_FRAME_MS;
        if (this.silentMs >= this.params.silenceDurationMs) {
          this.speaking = false;
          this.silentMs = 0;
          events.push({ kind: 'speech_stopped', audioEndMs: frameEndMs });
        }
      }
    }
    this.pending = data.slice(at);
    return events;
  }
}

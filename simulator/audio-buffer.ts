// The input audio buffer with real accounting on a session clock: every sample appended since
// the session began has a position, so VAD times (`audio_start_ms`) are exact.
import { concatInt16 } from '../src/lib/audio-codec/pcm';

export const SAMPLE_RATE = 24000;
export const SAMPLES_PER_MS = SAMPLE_RATE / 1000;
/** The real API refuses to commit less than this. */
export const MIN_COMMIT_MS = 100;

export class InputAudioBuffer {
  private chunks: Int16Array[] = [];
  /** Session position (in samples) of the first buffered sample. */
  private start = 0;
  private length = 0;

  /** Samples appended since the session began (the session clock). */
  get totalSamples(): number {
    return this.start + this.length;
  }

  get bufferedSamples(): number {
    return this.length;
  }

  get startSample(): number {
    return this.start;
  }

  append(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.chunks.push(samples);
    this.length += samples.length;
  }

  /**
   * Removes everything up to session position `end` and returns the part from `from` to `end`
   * (both clamped to what is buffered). Audio after `end` stays buffered.
   */
  take(from: number, end: number): Int16Array {
    const all = this.flatten();
    const lo = Math.max(0, Math.min(all.length, from - this.start));
    const hi = Math.max(lo, Math.min(all.length, end - this.start));
    const taken = all.slice(lo, hi);
    const rest = all.subarray(hi);
    this.chunks = rest.length ? [rest.slice()] : [];
    this.start += hi;
    this.length = rest.length;
    return taken;
  }

  /** Drops everything buffered; the session clock keeps running. */
  clear(): void {
    this.start += this.length;
    this.length = 0;
    this.chunks = [];
  }

  private flatten(): Int16Array {
    if (this.chunks.length !== 1) this.chunks = [concatInt16(this.chunks)];
    return this.chunks[0];
  }
}

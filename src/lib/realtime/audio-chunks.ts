// Audio as a list of PCM16 chunks: appending is O(1), joining happens once, on demand, and the
// joined array replaces the chunks (so asking again costs nothing).
import { concatInt16 } from '../audio-codec/pcm';

export class AudioChunks {
  private chunks: Int16Array[] = [];
  private samples = 0;

  get sampleCount(): number {
    return this.samples;
  }

  push(chunk: Int16Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.samples += chunk.length;
  }

  /** All samples as one array. Shared, not copied: do not mutate it. */
  join(): Int16Array {
    if (this.chunks.length === 0) return new Int16Array(0);
    if (this.chunks.length > 1) this.chunks = [concatInt16(this.chunks)];
    return this.chunks[0];
  }

  /** Keeps the first `sampleCount` samples. */
  truncate(sampleCount: number): void {
    const keep = Math.max(0, Math.min(this.samples, Math.floor(sampleCount)));
    if (keep === this.samples) return;
    this.chunks = keep > 0 ? [this.join().slice(0, keep)] : [];
    this.samples = keep;
  }

  clear(): void {
    this.chunks = [];
    this.samples = 0;
  }
}

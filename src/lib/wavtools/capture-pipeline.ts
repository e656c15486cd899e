// Microphone frames at the device rate in, fixed-size 24 kHz PCM16 chunks out. Pure (no Web
// Audio), so the recorder's signal path is tested in Node. Holds at most one partial chunk
// plus the resampler's look-ahead: memory does not grow with the length of a session.
import { floatTo16BitPCM } from '../audio-codec/pcm';
import { StreamingResampler, type KernelOptions } from '../audio-codec/resampler';

export class PcmChunker {
  private pending: Int16Array;
  private filled = 0;

  constructor(readonly chunkSamples: number) {
    if (!(Number.isInteger(chunkSamples) && chunkSamples > 0)) throw new Error(`invalid chunk size ${chunkSamples}`);
    this.pending = new Int16Array(chunkSamples);
  }

  /** Appends samples; returns every chunk completed (each exactly `chunkSamples` long). */
  push(samples: Int16Array): Int16Array[] {
    const chunks: Int16Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.chunkSamples - this.filled, samples.length - offset);
      this.pending.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.chunkSamples) {
        chunks.push(this.pending);
        this.pending = new Int16Array(this.chunkSamples);
        this.filled = 0;
      }
    }
    return chunks;
  }

  /** The partial chunk (shorter than `chunkSamples`), or null when empty. */
  flush(): Int16Array | null {
    if (this.filled === 0) return null;
    const rest = this.pending.slice(0, this.filled);
    this.filled = 0;
    return rest;
  }

  clear(): void {
    this.filled = 0;
  }
}

export class CapturePipeline {
  private readonly resampler: StreamingResampler;
  private readonly chunker: PcmChunker;

  constructor(inputRate: number, outputRate: number, chunkSamples: number, kernel?: KernelOptions) {
    this.resampler = new StreamingResampler(inputRate, outputRate, kernel);
    this.chunker = new PcmChunker(chunkSamples);
  }

  get chunkSamples(): number {
    return this.chunker.chunkSamples;
  }

  /** Device-rate mono frames in; completed chunks out. */
  push(frames: Float32Array): Int16Array[] {
    return this.chunker.push(floatTo16BitPCM(this.resampler.process(frames)));
  }

  /** Ends the signal (e.g. on pause): chunks completed by the resampler's tail, then the partial one. */
  flush(): Int16Array[] {
    const chunks = this.chunker.push(floatTo16BitPCM(this.resampler.flush()));
    const rest = this.chunker.flush();
    if (rest) chunks.push(rest);
    return chunks;
  }

  /** Drops buffered audio without emitting it. */
  clear(): void {
    this.resampler.reset();
    this.chunker.clear();
  }
}

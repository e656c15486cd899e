// The client's record of the server's input audio buffer, the one place that knows what was
// appended since the last commit: how long it lasts on the wire (the 100 ms commit rule is
// decided on it) and, unless the client keeps no audio, its samples, so the user's spoken item
// can carry its own audio: the samples between the VAD's speech start and end, the range an idle
// timeout commits, or (without VAD) everything appended since the last commit. Bounded: older
// audio is dropped beyond a limit.

export interface InputAudioOptions {
  sampleRate: number;
  /** The most recent input audio kept, in seconds (0: none kept, only counted). */
  maxSeconds: number;
}

export const DEFAULT_MAX_INPUT_AUDIO_SECONDS = 120;
/** Speech timings remembered for items not committed yet. */
const MAX_TIMINGS = 32;

interface Chunk {
  start: number; // sample offset in this connection's input timeline
  samples: Int16Array;
}

export class InputAudioTrack {
  private chunks: Chunk[] = [];
  private total = 0;
  private committedUpTo = 0;
  private uncommittedMs = 0;
  private readonly timings = new Map<string, { start?: number; end?: number }>();

  constructor(private readonly options: InputAudioOptions) {}

  /** Audio appended since the last commit or clear, in ms of the wire (what the server holds). */
  get msSinceCommit(): number {
    return this.uncommittedMs;
  }

  reset(): void {
    this.chunks = [];
    this.total = 0;
    this.committedUpTo = 0;
    this.uncommittedMs = 0;
    this.timings.clear();
  }

  /**
   * Audio sent: `wireMs` of it on the wire (default: the samples' duration; G.711 passed through
   * is counted by its bytes, while its decoded samples lag a few ms behind), `samples` to keep.
   */
  append(samples: Int16Array, wireMs = (samples.length * 1000) / this.options.sampleRate): void {
    this.uncommittedMs += wireMs;
    if (this.options.maxSeconds <= 0) return;
    // Copy: callers often reuse their buffers.
    this.chunks.push({ start: this.total, samples: samples.slice() });
    this.total += samples.length;
    const keepFrom = this.total - this.options.maxSeconds * this.options.sampleRate;
    while (this.chunks.length && this.chunks[0].start + this.chunks[0].samples.length <= keepFrom) this.chunks.shift();
  }

  speechStarted(itemId: string, audioStartMs: number): void {
    this.timing(itemId).start = this.msToSamples(audioStartMs);
  }

  speechStopped(itemId: string, audioEndMs: number): void {
    this.timing(itemId).end = this.msToSamples(audioEndMs);
  }

  /** The server VAD's idle timeout commits `[audioStartMs, audioEndMs]` as this item, not all that is buffered. */
  timeoutTriggered(itemId: string, audioStartMs: number, audioEndMs: number): void {
    const timing = this.timing(itemId);
    timing.start = this.msToSamples(audioStartMs);
    timing.end = this.msToSamples(audioEndMs);
  }

  /** A commit went out: nothing is pending any more (the server's `committed` names the item later). */
  commitSent(): void {
    this.uncommittedMs = 0;
  }

  /** The committed item's audio, or null when none was appended (or it was dropped, or none is kept). */
  committed(itemId: string): Int16Array | null {
    this.uncommittedMs = 0;
    const timing = this.timings.get(itemId);
    this.timings.delete(itemId);
    const start = timing?.start ?? this.committedUpTo;
    const end = Math.min(timing?.end ?? this.total, this.total);
    this.committedUpTo = Math.max(this.committedUpTo, end);
    const audio = this.slice(start, end);
    this.chunks = this.chunks.filter((c) => c.start + c.samples.length > this.committedUpTo);
    return audio.length ? audio : null;
  }

  cleared(): void {
    this.uncommittedMs = 0;
    this.committedUpTo = this.total;
    this.chunks = [];
  }

  private timing(itemId: string): { start?: number; end?: number } {
    let timing = this.timings.get(itemId);
    if (!timing) {
      this.timings.set(itemId, (timing = {}));
      if (this.timings.size > MAX_TIMINGS) this.timings.delete(this.timings.keys().next().value as string);
    }
    return timing;
  }

  private msToSamples(ms: number): number {
    return Math.round((ms * this.options.sampleRate) / 1000);
  }

  private slice(start: number, end: number): Int16Array {
    const out = new Int16Array(Math.max(0, end - start));
    for (const chunk of this.chunks) {
      const from = Math.max(start, chunk.start);
      const to = Math.min(end, chunk.start + chunk.samples.length);
      if (to > from) out.set(chunk.samples.subarray(from - chunk.start, to - chunk.start), from - start);
    }
    return out;
  }
}

// What a media wire's recording tap heard: the local (microphone) and remote (model) tracks as
// 24 kHz PCM16, placed on one sample timeline (the tap's AudioContext frames, shared by both
// tracks, so they stay aligned exactly), and a clock that maps that timeline to the page's
// milliseconds (the clock the transport stamps events with). Pure: the browser tap
// (track-tap.ts) feeds it, Node tests drive it by hand.
//
// Memory: near-silent batches are not kept (a muted microphone and the remote track between
// answers are zeros), and each track keeps at most `maxSeconds` of sound, oldest dropped first.

/** 24 kHz: the client's PCM rate, what per-item audio and the session WAV hold. */
export const RECORDED_RATE = 24_000;
export const DEFAULT_MAX_RECORDED_SECONDS = 600;
/** A batch whose loudest sample is below this (Int16, about −72 dBFS) is silence and not kept. */
export const SILENCE_PEAK = 8;
/**
 * How fast the clock's offset may drift upwards (ms per ms): the page and audio clocks run at
 * slightly different rates (tens of ppm), and the offset only ever takes the smallest delay seen.
 */
export const CLOCK_RELAX = 0.0005;

/**
 * Audio frames to page milliseconds. Each batch from the worklet is stamped when the page
 * receives it: never before it was rendered, sometimes later (a busy main thread). The offset
 * is the smallest delay seen, allowed to relax slowly so clock drift cannot pin it.
 */
export class FrameClock {
  private offset: number | null = null;
  private lastSeen = 0;

  constructor(readonly rate: number) {}

  /** A batch ending at `endFrame` reached the page at `receivedAt` (ms). */
  observe(endFrame: number, receivedAt: number): void {
    const candidate = receivedAt - (endFrame * 1000) / this.rate;
    this.offset = this.offset === null ? candidate : Math.min(candidate, this.offset + CLOCK_RELAX * Math.max(0, receivedAt - this.lastSeen));
    this.lastSeen = receivedAt;
  }

  get known(): boolean {
    return this.offset !== null;
  }

  toMs(frame: number): number {
    return (this.offset ?? 0) + (frame * 1000) / this.rate;
  }

  toFrame(ms: number): number {
    return ((ms - (this.offset ?? 0)) * this.rate) / 1000;
  }
}

interface Chunk {
  /** First sample, in RECORDED_RATE samples of the shared timeline. */
  start: number;
  samples: Int16Array;
}

/** One track's sound: chunks placed on the shared timeline, and how far the tap has heard. */
export class TrackStore {
  private readonly chunks: Chunk[] = [];
  private kept = 0;
  /** The timeline sample just after the last batch heard, silent or not. */
  heardUntil = 0;

  constructor(private readonly maxSamples: number) {}

  /** A batch of samples starting at timeline sample `start`. */
  push(start: number, samples: Int16Array): void {
    this.heardUntil = Math.max(this.heardUntil, start + samples.length);
    if (peak(samples) < SILENCE_PEAK) return;
    const last = this.chunks[this.chunks.length - 1];
    if (last && start < last.start + last.samples.length) return; // never rewrites what was heard
    this.chunks.push({ start, samples });
    this.kept += samples.length;
    while (this.kept > this.maxSamples && this.chunks.length > 1) this.kept -= (this.chunks.shift() as Chunk).samples.length;
  }

  /** Samples [from, to) of the timeline, zeros where nothing was kept. */
  slice(from: number, to: number): Int16Array {
    const start = Math.floor(from);
    const out = new Int16Array(Math.max(0, Math.floor(to) - start));
    for (const chunk of this.chunks) {
      const end = chunk.start + chunk.samples.length;
      if (end <= start || chunk.start >= start + out.length) continue;
      const skip = Math.max(0, start - chunk.start);
      const part = chunk.samples.subarray(skip, Math.min(chunk.samples.length, start + out.length - chunk.start));
      out.set(part, chunk.start + skip - start);
    }
    return out;
  }

  /** The kept chunks (shared arrays: do not mutate). */
  all(): ReadonlyArray<Readonly<Chunk>> {
    return this.chunks;
  }

  get keptSamples(): number {
    return this.kept;
  }
}

export type TrackName = 'user' | 'model';

/** Sound placed in page time: `time` is the first sample's ms on the page clock (Date.now()). */
export interface TimedSamples {
  time: number;
  samples: Int16Array;
}

/** Both tracks of one call, on one timeline, with the clock to page time. */
export class RecordedTracks {
  readonly user: TrackStore;
  readonly model: TrackStore;
  /** Maps RECORDED_RATE samples of the timeline to page ms. */
  readonly clock = new FrameClock(RECORDED_RATE);

  constructor(maxSeconds = DEFAULT_MAX_RECORDED_SECONDS) {
    this.user = new TrackStore(maxSeconds * RECORDED_RATE);
    this.model = new TrackStore(maxSeconds * RECORDED_RATE);
  }

  track(name: TrackName): TrackStore {
    return name === 'user' ? this.user : this.model;
  }

  /** Whether the tap has heard `name` up to page time `ms`. */
  heardUntil(name: TrackName, ms: number): boolean {
    return this.clock.known && this.clock.toMs(this.track(name).heardUntil) >= ms;
  }

  /** The track's sound between two page times. */
  between(name: TrackName, fromMs: number, toMs: number): Int16Array {
    if (!this.clock.known || toMs <= fromMs) return new Int16Array(0);
    return this.track(name).slice(Math.max(0, this.clock.toFrame(fromMs)), this.clock.toFrame(toMs));
  }

  /** Every kept chunk of the track, in page time (for the session WAV). */
  timed(name: TrackName): TimedSamples[] {
    return this.track(name).all().map((chunk) => ({ time: this.clock.toMs(chunk.start), samples: chunk.samples }));
  }
}

function peak(samples: Int16Array): number {
  let loudest = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = Math.abs(samples[i]);
    if (value > loudest) loudest = value;
  }
  return loudest;
}

/** The samples with near-silence cut from both ends (a window's lead-in and tail margin). */
export function trimSilence(samples: Int16Array, threshold = SILENCE_PEAK): Int16Array {
  let start = 0;
  let end = samples.length;
  while (start < end && Math.abs(samples[start]) < threshold) start++;
  while (end > start && Math.abs(samples[end - 1]) < threshold) end--;
  return samples.subarray(start, end);
}

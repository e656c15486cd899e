// The Live output lane on a media track: the session hands over a 100 ms window each time 100 ms
// of microphone audio has arrived (its clock), and the outgoing track pulls 20 ms frames in real
// time. Both run at the speed of the caller's audio, so the queue stays short; after it ran dry it
// waits for a little audio before it plays again (so 100 ms bursts do not stutter), and it never
// holds more than a second (a stalled sender drops the oldest audio instead of lagging further).
import { SAMPLES_PER_MS } from '../audio-buffer';
import type { FrameSource } from '../webrtc/media-sender';
import { concatInt16 } from '../../src/lib/audio-codec/pcm';

/** Audio gathered after a gap before frames flow again. */
export const RESUME_AFTER_MS = 40;
/** Longest backlog kept. */
export const MAX_QUEUED_MS = 1000;

export class OutputQueue implements FrameSource {
  private queued = new Int16Array(0);
  private flowing = false;
  /** Samples dropped because the backlog passed MAX_QUEUED_MS. */
  dropped = 0;

  push(samples: Int16Array): void {
    let next = this.queued.length ? concatInt16([this.queued, samples]) : samples.slice();
    const max = MAX_QUEUED_MS * SAMPLES_PER_MS;
    if (next.length > max) {
      this.dropped += next.length - max;
      next = next.slice(next.length - max);
    }
    this.queued = next;
  }

  pull(size: number): Int16Array | null {
    if (!this.flowing && this.queued.length < Math.max(size, RESUME_AFTER_MS * SAMPLES_PER_MS)) return null;
    if (this.queued.length < size) {
      this.flowing = false;
      return null;
    }
    this.flowing = true;
    const frame = this.queued.slice(0, size);
    this.queued = this.queued.subarray(size);
    return frame;
  }
}

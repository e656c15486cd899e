// Bounds that keep one session's memory and lifetime in check: the queue used while the
// upstream handshake runs, the idle timer, and the slow-reader check.
import type { Frame } from './policy';

/** Frames held until the upstream opens, bounded by count and bytes, delivered in order. */
export class PendingQueue {
  private frames: Frame[] = [];
  private bytes = 0;
  constructor(private readonly maxFrames: number, private readonly maxBytes: number) {}

  /** false when the frame would exceed a bound (the frame is not queued). */
  push(frame: Frame): boolean {
    const size = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    if (this.frames.length + 1 > this.maxFrames || this.bytes + size > this.maxBytes) return false;
    this.frames.push(frame);
    this.bytes += size;
    return true;
  }

  /** Hands every queued frame to `send`, oldest first, and empties the queue. */
  drain(send: (frame: Frame) => void): void {
    const frames = this.frames;
    this.frames = [];
    this.bytes = 0;
    for (const frame of frames) send(frame);
  }

  clear(): void {
    this.frames = [];
    this.bytes = 0;
  }

  get length(): number {
    return this.frames.length;
  }
}

/**
 * Calls `onIdle` once nothing was `touch`ed for `timeoutMs`. Touching only stores a time, so
 * it costs nothing per message; the timer re-arms itself for the remaining time.
 */
export class IdleTimer {
  private last = Date.now();
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly timeoutMs: number, private readonly onIdle: () => void) {
    if (timeoutMs > 0) this.arm(timeoutMs);
  }

  touch(): void {
    this.last = Date.now();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const remaining = this.last + this.timeoutMs - Date.now();
      if (remaining > 0) this.arm(remaining);
      else {
        this.timer = null;
        this.onIdle();
      }
    }, delay);
    this.timer.unref();
  }
}

export function frameSize(frame: Frame): number {
  return typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
}

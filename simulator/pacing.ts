// Waits that a cancellation can cut short, paced against a start time (audio in real time
// divided by the speed factor).
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export class Pacer {
  private readonly startedAt = Date.now();
  private cancelled = false;
  private wake: (() => void) | null = null;

  constructor(private readonly speed: number) {}

  get isCancelled(): boolean {
    return this.cancelled;
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  /** Media time elapsed since the start (at the speed factor). */
  elapsedMediaMs(): number {
    return (Date.now() - this.startedAt) * this.speed;
  }

  /** Resolves once `mediaMs` of media time has elapsed since the start, at the speed factor. */
  async until(mediaMs: number): Promise<void> {
    const due = this.startedAt + mediaMs / this.speed;
    await this.sleep(due - Date.now());
  }

  /** Waits `ms` of media time (divided by the speed factor); rejects with CancelledError. */
  async pause(ms: number): Promise<void> {
    await this.sleep(ms / this.speed);
  }

  private async sleep(ms: number): Promise<void> {
    if (this.cancelled) throw new CancelledError();
    if (ms >= 1) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
    } else {
      // Yield anyway, so a burst of events cannot starve incoming client events.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.cancelled) throw new CancelledError();
  }
}

// GPT-Live's input is one continuous stream: the session clock advances only with input audio,
// silence included, and nothing is ever committed. This pacer sends `chunkMs` of audio per
// `chunkMs` of wall time (divided by `speed`, for tests): what the microphone (or a file) queued,
// else silence, so the server's clock keeps running while nobody speaks.

export interface AudioPacerOptions {
  /** Audio per append, in ms (default 100). */
  chunkMs?: number;
  /** 1 = real time; 10 = ten times faster (tests). */
  speed?: number;
  /** Rate of the PCM16 pushed in (default 24000). */
  sampleRate?: number;
  /** Most chunks sent at once to catch up after a stall (default 10). */
  maxBurst?: number;
  now?: () => number;
}

export class AudioPacer {
  readonly chunkMs: number;
  private readonly speed: number;
  private readonly chunkSamples: number;
  private readonly maxBurst: number;
  private readonly now: () => number;
  private queue: Int16Array[] = [];
  private queued = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private startedAt = 0;
  private chunksSent = 0;

  constructor(private readonly send: (samples: Int16Array) => void, options: AudioPacerOptions = {}) {
    this.chunkMs = options.chunkMs ?? 100;
    this.speed = options.speed ?? 1;
    this.chunkSamples = Math.round(((options.sampleRate ?? 24000) * this.chunkMs) / 1000);
    this.maxBurst = options.maxBurst ?? 10;
    this.now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Audio sent so far, in ms of session time. */
  get sentMs(): number {
    return this.chunksSent * this.chunkMs;
  }

  /** Queued audio not sent yet, in ms. */
  get queuedMs(): number {
    return (this.queued / this.chunkSamples) * this.chunkMs;
  }

  /** Queues audio to go out in order, ahead of the silence. */
  push(samples: Int16Array): void {
    if (!samples.length) return;
    this.queue.push(samples);
    this.queued += samples.length;
  }

  start(): void {
    if (this.timer) return;
    this.startedAt = this.now() - (this.chunksSent * this.chunkMs) / this.speed;
    this.timer = setInterval(() => this.pump(), Math.max(1, this.chunkMs / this.speed / 2));
    this.pump();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends the chunks due by now. */
  pump(): void {
    const due = Math.floor(((this.now() - this.startedAt) * this.speed) / this.chunkMs) - this.chunksSent;
    for (let i = 0; i < Math.min(due, this.maxBurst); i++) {
      this.send(this.take());
      this.chunksSent++;
    }
    if (due > this.maxBurst) this.startedAt += ((due - this.maxBurst) * this.chunkMs) / this.speed;
  }

  private take(): Int16Array {
    const out = new Int16Array(this.chunkSamples);
    let filled = 0;
    while (filled < out.length && this.queue.length) {
      const head = this.queue[0];
      const n = Math.min(head.length, out.length - filled);
      out.set(head.subarray(0, n), filled);
      filled += n;
      if (n === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(n);
      this.queued -= n;
    }
    return out;
  }
}

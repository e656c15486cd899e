// Half duplex: while the model's audio plays, the microphone's chunks are held back, so a
// microphone that hears the speakers (no echo cancellation on the played audio) cannot make the
// server's VAD take the model's own voice for the user's and interrupt it. The price: the user
// cannot talk over the model. A short tail after playback runs dry covers the room's echo and
// the output latency (what the device still held when the player reported idle).

/** How long the microphone stays held back after the model's audio ran dry. */
export const DEFAULT_HALF_DUPLEX_TAIL_MS = 300;

export interface HalfDuplexGateOptions {
  tailMs?: number;
  /** Milliseconds; default performance.now. */
  now?(): number;
}

export class HalfDuplexGate {
  /** Off: the gate is always open. */
  enabled = false;
  private readonly tailMs: number;
  private readonly now: () => number;
  private playing = false;
  private quietSince = -Infinity;

  constructor(options: HalfDuplexGateOptions = {}) {
    this.tailMs = options.tailMs ?? DEFAULT_HALF_DUPLEX_TAIL_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** The player started (true) or ran dry (false). */
  playback(playing: boolean): void {
    if (this.playing && !playing) this.quietSince = this.now();
    this.playing = playing;
  }

  /** Whether a microphone chunk may go to the server now. */
  open(): boolean {
    if (!this.enabled) return true;
    return !this.playing && this.now() - this.quietSince >= this.tailMs;
  }

  /** A new connection: nothing is playing. */
  reset(): void {
    this.playing = false;
    this.quietSince = -Infinity;
  }
}

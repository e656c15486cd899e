// One push-to-talk turn. Nothing goes out until the press has lasted the least audio the API
// commits (MIN_INPUT_COMMIT_MS) and the microphone has delivered that much; then the held chunks
// go out, and every later one at once. So a click on "Hold to talk" sends nothing at all: no
// append, no commit, no response.create (a response to an empty turn answers the previous one
// again, and against the real API it is paid for), and no input_audio_buffer.clear either, since
// nothing reached the server's buffer. Both conditions, because the microphone's pipeline can
// deliver more audio than a click lasted (what it buffered while starting, the flush on release).
import { MIN_INPUT_COMMIT_MS } from '../../lib/protocol/input-commit';

export interface PushToTalkTurnOptions {
  /** Samples per second of the chunks pushed. */
  sampleRate: number;
  /** The press and the audio a turn needs before anything is sent; default MIN_INPUT_COMMIT_MS (the API's). */
  minimumMs?: number;
  /** Sends one chunk to the server. */
  send(chunk: Int16Array): void;
  /** Once, when the turn is long enough: the user is really talking (e.g. stop playback). */
  onEnough?(): void;
  /** Milliseconds, for the press's duration; default performance.now. */
  now?(): number;
}

export interface PushToTalkTurnEnd {
  /** Whether the turn was long enough: its chunks were sent and it should be committed. */
  enough: boolean;
  /** How long the press lasted. */
  pressMs: number;
  /** The audio the microphone delivered for it. */
  durationMs: number;
  minimumMs: number;
}

export class PushToTalkTurn {
  private readonly minimumMs: number;
  private readonly minimumSamples: number;
  private readonly now: () => number;
  private readonly startedAt: number;
  private releasedAfter: number | null = null;
  private held: Int16Array[] = [];
  private samples = 0;
  private sending = false;
  private ended = false;

  constructor(private readonly options: PushToTalkTurnOptions) {
    this.minimumMs = options.minimumMs ?? MIN_INPUT_COMMIT_MS;
    this.minimumSamples = Math.ceil((this.minimumMs * options.sampleRate) / 1000);
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
  }

  /** How long the press has lasted (until `release`). */
  get pressMs(): number {
    return this.releasedAfter ?? this.now() - this.startedAt;
  }

  /** A chunk of the microphone: held while the turn is short, sent once it is long enough. Ignored after `end`. */
  push(chunk: Int16Array): void {
    if (this.ended || chunk.length === 0) return;
    this.samples += chunk.length;
    if (this.sending) this.options.send(chunk);
    else {
      this.held.push(chunk);
      this.openIfLongEnough();
    }
  }

  /** The key or button was let go: the press's duration is fixed (the microphone may still deliver what it recorded until then). */
  release(): void {
    if (this.releasedAfter === null) this.releasedAfter = this.now() - this.startedAt;
  }

  /** After the microphone delivered its last chunks: what the turn amounted to. A short turn's audio is dropped. */
  end(): PushToTalkTurnEnd {
    this.release();
    this.openIfLongEnough();
    this.ended = true;
    this.held = [];
    return { enough: this.sending, pressMs: this.pressMs, durationMs: (this.samples / this.options.sampleRate) * 1000, minimumMs: this.minimumMs };
  }

  private openIfLongEnough(): void {
    if (this.sending || this.samples < this.minimumSamples || this.pressMs < this.minimumMs) return;
    this.sending = true;
    this.options.onEnough?.();
    const held = this.held;
    this.held = [];
    for (const part of held) this.options.send(part);
  }
}

/** What the console says after a press too short to send. */
export function tooShortMessage(end: Pick<PushToTalkTurnEnd, 'pressMs' | 'durationMs' | 'minimumMs'>): string {
  const what = end.pressMs < end.minimumMs ? `${Math.round(end.pressMs)} ms` : `only ${Math.round(end.durationMs)} ms of audio`;
  return `Too short to send (${what}): hold to talk, at least ${end.minimumMs} ms.`;
}

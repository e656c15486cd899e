// One push-to-talk turn. The microphone's chunks are held back until they add up to the least
// audio the API commits (MIN_INPUT_COMMIT_MS), then go out, the held ones first. So a click on
// "Hold to talk" sends nothing at all: no append, no commit, no response.create (a response to
// an empty turn would answer the previous one again, and against the real API it is paid for),
// and no input_audio_buffer.clear either, since nothing reached the server's buffer.
import { MIN_INPUT_COMMIT_MS } from '../../lib/protocol/input-commit';

export interface PushToTalkTurnOptions {
  /** Samples per second of the chunks pushed. */
  sampleRate: number;
  /** The audio a turn needs before anything is sent; default MIN_INPUT_COMMIT_MS (the API's). */
  minimumMs?: number;
  /** Sends one chunk to the server. */
  send(chunk: Int16Array): void;
  /** Once, when the turn first holds enough audio: the user is really talking (e.g. stop playback). */
  onEnough?(): void;
}

export interface PushToTalkTurnEnd {
  /** Whether the turn held enough audio: its chunks were sent and it should be committed. */
  enough: boolean;
  durationMs: number;
  minimumMs: number;
}

export class PushToTalkTurn {
  private readonly minimumSamples: number;
  private held: Int16Array[] = [];
  private samples = 0;
  private sending = false;
  private ended = false;

  constructor(private readonly options: PushToTalkTurnOptions) {
    this.minimumSamples = Math.ceil(((options.minimumMs ?? MIN_INPUT_COMMIT_MS) * options.sampleRate) / 1000);
  }

  /** A chunk of the microphone: held while the turn is short, sent once it is long enough. Ignored after `end`. */
  push(chunk: Int16Array): void {
    if (this.ended || chunk.length === 0) return;
    this.samples += chunk.length;
    if (this.sending) {
      this.options.send(chunk);
      return;
    }
    this.held.push(chunk);
    if (this.samples < this.minimumSamples) return;
    this.sending = true;
    this.options.onEnough?.();
    const held = this.held;
    this.held = [];
    for (const part of held) this.options.send(part);
  }

  /** The key or button was released (and the microphone flushed): what the turn amounted to. A short turn's audio is dropped. */
  end(): PushToTalkTurnEnd {
    this.ended = true;
    this.held = [];
    return {
      enough: this.sending,
      durationMs: (this.samples / this.options.sampleRate) * 1000,
      minimumMs: this.options.minimumMs ?? MIN_INPUT_COMMIT_MS,
    };
  }
}

/** What the console says after a press too short to hold audio. */
export function tooShortMessage(end: Pick<PushToTalkTurnEnd, 'durationMs' | 'minimumMs'>): string {
  return `Too short to send (${Math.round(end.durationMs)} ms of audio): hold to talk, at least ${end.minimumMs} ms.`;
}

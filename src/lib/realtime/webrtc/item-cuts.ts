// Where each item's audio lies in a media wire's recording, from the events alone. Pure: it is
// told events with the page time they were sent or received, and returns the windows (page ms)
// that those events close. No audio here (recorded-tracks.ts holds it).
//
// The user's items:
// - server VAD: `speech_started` / `speech_stopped` carry `audio_start_ms` / `audio_end_ms`, ms of
//   all the audio the server's buffer took in this session. Over WebRTC that audio is the
//   microphone track from the moment media flowed, so ms 0 is about when the peer connection
//   connected (DTLS up: the first RTP packet leaves then; `opened` is told that time, or the
//   channel's open, a few ms later). Both are upper bounds: the first packet's audio was captured
//   just before it. The anchor is moved earlier if an event proves it must be (nothing is reported
//   before it happened: anchor + audio_end_ms <= the arrival of speech_stopped). `openai`'s types
//   say audio_end_ms is "since the session started" and "includes the min_silence_duration_ms",
//   so that bound is tight (the simulator agrees; it counts ms from the first decoded packet, and
//   in the e2e media flowed ~0.3 s before session.created arrived). Without those fields, the
//   events' arrival times are the window.
// - push-to-talk: the window is from the press (the track unmuted) or the last commit / clear,
//   whichever is later, to the commit sent; `input_audio_buffer.committed` names the item.
// The model's items: `output_audio_buffer.started` to `stopped` / `cleared` for a response, plus
// a tail for the audio still in the jitter buffer when the event arrives (cut at the next
// response's start). A new `started` ends a response still open; `close` ends one whose stop
// never came.
import type { IncomingEvent } from '../transport-types';
import type { ClientEvent } from '../../protocol/protocol-types';

/** Audio still in flight when `stopped` / `cleared` arrives (network plus jitter buffer). */
export const DEFAULT_OUTPUT_TAIL_MS = 300;

export type CutWindow =
  | { track: 'user'; itemId: string; from: number; to: number }
  | { track: 'model'; responseId: string; from: number; to: number };

export interface ItemCutsOptions {
  outputTailMs?: number;
}

interface Speech {
  startMs?: number;
  startedAt: number;
  endMs?: number;
  stoppedAt?: number;
}

type Fields = Record<string, unknown>;

function str(event: Fields, name: string): string | undefined {
  const value = event[name];
  return typeof value === 'string' ? value : undefined;
}

function ms(event: Fields, name: string): number | undefined {
  const value = event[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export class ItemCuts {
  private readonly tailMs: number;
  /** Page time of the server's input ms 0 (null until the call opened). */
  private anchor: number | null = null;
  private readonly speech = new Map<string, Speech>();
  /** Start of the push-to-talk window: the last commit / clear, or the press after it. */
  private bufferFrom: number | null = null;
  /** Commits sent and not yet answered by `committed`, oldest first: the ends of their windows. */
  private readonly commits: Array<{ from: number; to: number }> = [];
  private output: { responseId: string; from: number } | null = null;
  /** A model window closed by `stopped` / `cleared`: its tail reaches at most the next `started`. */
  private lastOutput: (CutWindow & { track: 'model' }) | null = null;

  constructor(options: ItemCutsOptions = {}) {
    this.tailMs = options.outputTailMs ?? DEFAULT_OUTPUT_TAIL_MS;
  }

  /** The call opened at `at`: media flows, the server's input audio ms start about now. */
  opened(at: number): void {
    this.anchor = at;
    this.bufferFrom = at;
  }

  /** The microphone track was unmuted (push-to-talk pressed). */
  unmuted(at: number): void {
    if (this.bufferFrom === null || at > this.bufferFrom) this.bufferFrom = at;
  }

  /** A client event sent at `at`; returns the windows it closes. */
  sent(event: ClientEvent | Fields, at: number): CutWindow[] {
    const type = (event as Fields).type;
    if (type === 'input_audio_buffer.commit') {
      this.commits.push({ from: this.bufferFrom ?? at, to: at });
      if (this.commits.length > 16) this.commits.shift();
      this.bufferFrom = at;
    } else if (type === 'input_audio_buffer.clear') {
      this.bufferFrom = at;
    }
    return [];
  }

  /** A server event received at `at`; returns the windows it closes. */
  received(incoming: IncomingEvent, at: number): CutWindow[] {
    const event = incoming as unknown as Fields;
    const itemId = str(event, 'item_id');
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
        if (itemId) this.speech.set(itemId, { startMs: ms(event, 'audio_start_ms'), startedAt: at });
        this.bound(ms(event, 'audio_start_ms'), at);
        return [];
      case 'input_audio_buffer.speech_stopped': {
        const speech = itemId ? this.speech.get(itemId) : undefined;
        if (speech) Object.assign(speech, { endMs: ms(event, 'audio_end_ms'), stoppedAt: at });
        this.bound(ms(event, 'audio_end_ms'), at);
        return [];
      }
      case 'input_audio_buffer.committed':
        return itemId ? this.committed(itemId, at) : [];
      case 'input_audio_buffer.cleared':
        this.speech.clear();
        this.commits.length = 0;
        this.bufferFrom = at;
        return [];
      case 'output_audio_buffer.started': {
        const responseId = str(event, 'response_id') ?? '';
        const closed = this.endOutput(at, false);
        if (this.lastOutput && this.lastOutput.to > at) this.lastOutput.to = Math.max(this.lastOutput.from, at);
        this.output = { responseId, from: at };
        return closed;
      }
      case 'output_audio_buffer.stopped':
      case 'output_audio_buffer.cleared': {
        const responseId = str(event, 'response_id');
        if (!this.output || (responseId && responseId !== this.output.responseId)) return [];
        return this.endOutput(at, true);
      }
      default:
        return [];
    }
  }

  /** The call ended at `at`: a response whose stop never came ends here (no tail: nothing follows). */
  close(at: number): CutWindow[] {
    const closed = this.endOutput(at, false);
    this.speech.clear();
    this.commits.length = 0;
    return closed;
  }

  private committed(itemId: string, at: number): CutWindow[] {
    const speech = this.speech.get(itemId);
    this.speech.delete(itemId);
    if (speech) {
      // A server VAD turn: it committed its own buffer, no client commit involved.
      this.bufferFrom = at;
      return [{ track: 'user', itemId, ...this.speechWindow(speech, at) }];
    }
    const commit = this.commits.shift();
    if (!commit) return [];
    return [{ track: 'user', itemId, from: commit.from, to: commit.to }];
  }

  private speechWindow(speech: Speech, committedAt: number): { from: number; to: number } {
    const stoppedAt = speech.stoppedAt ?? committedAt;
    const anchor = this.anchor;
    if (anchor === null || speech.startMs === undefined) return { from: speech.startedAt, to: stoppedAt };
    const from = Math.min(anchor + speech.startMs, speech.startedAt);
    const to = speech.endMs === undefined ? stoppedAt : Math.min(anchor + speech.endMs, stoppedAt);
    return { from, to: Math.max(from, to) };
  }

  /** An event at `at` says the server's input ms `value` had happened: the anchor can be no later. */
  private bound(value: number | undefined, at: number): void {
    if (value === undefined || this.anchor === null) return;
    this.anchor = Math.min(this.anchor, at - value);
  }

  private endOutput(at: number, withTail: boolean): CutWindow[] {
    const open = this.output;
    this.output = null;
    if (!open) return [];
    const window: CutWindow & { track: 'model' } = { track: 'model', responseId: open.responseId, from: open.from, to: at + (withTail ? this.tailMs : 0) };
    this.lastOutput = window;
    return [window];
  }
}

// The output audio buffer of a WebRTC call, as the server side keeps it: responses push speech
// as they make it (24 kHz PCM16), the media sender pulls it frame by frame in real time, and the
// buffer reports what the client hears: `output_audio_buffer.started` at a response's first
// frame, `stopped` once it is drained after `response.done`, `cleared` when cut off (the client's
// `output_audio_buffer.clear`, or speech that interrupts in VAD mode). A cut keeps each item's
// audio only up to the sample played. No Web or WebRTC types here, so Node tests reach it.
import type { Outbox } from './outbox';
import { SAMPLES_PER_MS } from './audio-buffer';

interface Segment {
  itemId: string;
  samples: Int16Array;
}

/** One response's audio in the buffer: its queue, and what has been played of each item. */
interface Playing {
  responseId: string;
  queue: Segment[];
  started: boolean;
  /** `response.done` was sent: once drained, the buffer stops. */
  done: boolean;
  played: Map<string, number>;
}

export interface PlayoutHost {
  outbox: Outbox;
  /** Cuts the item's stored audio at `playedMs` (ConversationStore.truncate). */
  truncate(itemId: string, playedMs: number): void;
}

export class PlayoutBuffer {
  /** Responses in play order; the first is playing. */
  private responses: Playing[] = [];
  /** Responses cut off: their later audio is dropped. */
  private readonly cleared = new Set<string>();

  constructor(private readonly host: PlayoutHost) {}

  /** Whether audio is queued or a response's audio is still to come. */
  get isPlaying(): boolean {
    return this.responses.length > 0;
  }

  /** Speech of `responseId`'s item, as produced. */
  push(responseId: string, itemId: string, samples: Int16Array): void {
    if (this.cleared.has(responseId) || samples.length === 0) return;
    let playing = this.responses.find((r) => r.responseId === responseId);
    if (!playing) {
      playing = { responseId, queue: [], started: false, done: false, played: new Map() };
      this.responses.push(playing);
    }
    playing.queue.push({ itemId, samples });
  }

  /** `response.done` was sent for `responseId`. */
  responseDone(responseId: string): void {
    const playing = this.responses.find((r) => r.responseId === responseId);
    if (!playing) return;
    playing.done = true;
    this.stopDrained();
  }

  /**
   * The next `size` samples to send (silence-padded at the end of the speech), or null when
   * nothing is queued. Called by the media clock, one frame per frame time.
   */
  pull(size: number): Int16Array | null {
    const playing = this.responses[0];
    if (!playing || playing.queue.length === 0) return null;
    if (!playing.started) {
      playing.started = true;
      this.host.outbox.send({ type: 'output_audio_buffer.started', response_id: playing.responseId });
    }
    const frame = new Int16Array(size);
    let filled = 0;
    while (filled < size && playing.queue.length > 0) {
      const head = playing.queue[0];
      const take = Math.min(size - filled, head.samples.length);
      frame.set(head.samples.subarray(0, take), filled);
      filled += take;
      playing.played.set(head.itemId, (playing.played.get(head.itemId) ?? 0) + take);
      if (take === head.samples.length) playing.queue.shift();
      else head.samples = head.samples.subarray(take);
    }
    this.stopDrained();
    return frame;
  }

  /**
   * Cuts off what plays and is queued, and the audio still to come of `activeResponseId`:
   * `cleared`, and the items keep only what was played. False when there was nothing to cut.
   */
  clear(activeResponseId: string | null = null): boolean {
    const playing = this.responses[0];
    const responseId = playing?.responseId ?? activeResponseId;
    if (responseId === null) return false;
    for (const response of this.responses) this.cleared.add(response.responseId);
    if (activeResponseId) this.cleared.add(activeResponseId);
    this.responses = [];
    for (const [itemId, samples] of playing?.played ?? []) this.host.truncate(itemId, Math.floor(samples / SAMPLES_PER_MS));
    this.host.outbox.send({ type: 'output_audio_buffer.cleared', response_id: responseId });
    return true;
  }

  /** Ends each leading response that is done and drained (`stopped` when it had started). */
  private stopDrained(): void {
    while (this.responses.length > 0 && this.responses[0].done && this.responses[0].queue.length === 0) {
      const playing = this.responses.shift() as Playing;
      if (playing.started) this.host.outbox.send({ type: 'output_audio_buffer.stopped', response_id: playing.responseId });
    }
  }
}

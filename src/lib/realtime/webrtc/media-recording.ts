// Per-item audio for a media wire (WebRTC), where no audio bytes travel in events: a tap records
// the microphone track and the model's remote track (track-tap.ts), the events say where each
// item lies (item-cuts.ts), and each item's cut is handed to the client as the item's audio, as
// if it had come in events. So per-item players, the conversation WAV and the session export
// work the same on both wires.
//
//   const recording = new MediaRecording(client, { tap: (tracks) => new TrackTap(tracks), beforeConnect: true });
//   await client.connect();   // each track is tapped as the transport announces it (`media.track`)
//   recording.unmuted();      // push-to-talk pressed
//   recording.close();        // the call ended: open windows are cut from what was heard
//
// Made before connect, it records from the tracks' first samples (the microphone before the offer
// is sent, the model's at its `track` event) and places the server's input ms 0 where media began
// to flow (`media.flowing`, else `open`). Made on an open call, ms 0 is about now and the caller
// taps the tracks (`tapInput`, `tapOutput`): what came before is not recorded.
//
// A window is cut once the tap has heard past its end (the model's tail arrives after its
// `stopped`), or `giveUpMs` after it, with whatever was heard.
import type { ClientEvent } from '../../protocol/protocol-types';
import type { ItemState } from '../item-state';
import type { ResponseState } from '../response-tracker';
import type { IncomingEvent, RealtimeTransport, TransportEvent } from '../transport-types';
import { ItemCuts, type CutWindow } from './item-cuts';
import { RecordedTracks, trimSilence, type TimedSamples, type TrackName } from './recorded-tracks';

/** A window the tap has not heard the end of is cut anyway this long after its end. */
export const DEFAULT_GIVE_UP_MS = 2_000;
/** How often waiting windows are looked at. */
const POLL_MS = 100;

/** What the recording needs of the client. */
export interface RecordingClient {
  transport: Pick<RealtimeTransport, 'on'>;
  getResponse(responseId: string): Pick<ResponseState, 'outputItemIds'> | undefined;
  conversation: { getItem(itemId: string): Pick<ItemState, 'type' | 'role' | 'item'> | undefined };
  setItemAudio(itemId: string, samples: Int16Array): void;
}

/** The browser tap (TrackTap), or a test's stand-in. */
export interface Tap {
  /** Gets ready to record (a browser tap opens its AudioContext and loads its worklet). */
  prepare?(): void;
  tap(name: TrackName, track: MediaStreamTrack): Promise<void>;
  close(): Promise<void>;
}

export interface MediaRecordingOptions {
  /** Makes the tap that writes into `tracks`; without one nothing is recorded (cuts are still made). */
  tap?: (tracks: RecordedTracks) => Tap;
  /** Page time in ms; default Date.now (the clock transports stamp events with). */
  now?: () => number;
  maxSeconds?: number;
  outputTailMs?: number;
  giveUpMs?: number;
  /** Called with an error a tap threw (e.g. no AudioWorklet); the call goes on unrecorded. */
  onError?: (error: unknown) => void;
  /** Made before the transport connects: follow its `media.*` notices (see above). */
  beforeConnect?: boolean;
}

export class MediaRecording {
  readonly tracks: RecordedTracks;
  private readonly cuts: ItemCuts;
  private readonly tap: Tap | null;
  private readonly now: () => number;
  private readonly giveUpMs: number;
  private waiting: CutWindow[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: Array<() => void>;
  private ended = false;
  /** Where the server's input ms 0 was placed (null: not yet, the call is not open). */
  private openedAt: number | null = null;
  /** The track each name is tapped on, so a track told twice is tapped once. */
  private readonly tapped = new Map<TrackName, MediaStreamTrack>();

  constructor(private readonly client: RecordingClient, private readonly options: MediaRecordingOptions = {}) {
    this.now = options.now ?? Date.now;
    this.giveUpMs = options.giveUpMs ?? DEFAULT_GIVE_UP_MS;
    this.tracks = new RecordedTracks(options.maxSeconds);
    this.cuts = new ItemCuts({ outputTailMs: options.outputTailMs });
    this.tap = options.tap?.(this.tracks) ?? null;
    const { transport } = client;
    this.unsubscribe = [transport.on('realtime.event', (record) => this.event(record))];
    if (!options.beforeConnect) {
      this.opened(this.now());
      return;
    }
    // Ready before the microphone is: the tap's first batch can then be the track's first.
    this.tap?.prepare?.();
    this.unsubscribe.push(
      transport.on('media.track', ({ direction, track }) => this.startTap(direction === 'input' ? 'user' : 'model', track)),
      transport.on('media.flowing', ({ time }) => this.opened(time)),
      transport.on('open', () => this.opened(this.now())),
      // The call failed or ended: a recording of a call that never opened has no items to cut.
      transport.on('media.ended', () => this.close()),
    );
  }

  /** Closed: the call ended (or never opened), nothing more is recorded. */
  get closed(): boolean {
    return this.ended;
  }

  /** Whether the call opened (media flowed) while this recording followed it. */
  get open(): boolean {
    return this.openedAt !== null;
  }

  /** Records the microphone track (what the server hears: a muted track is silence). */
  tapInput(track: MediaStreamTrack | null | undefined): void {
    if (track) this.startTap('user', track);
  }

  /** Records the model's remote stream. */
  tapOutput(stream: MediaStream | null): void {
    const track = stream?.getAudioTracks()[0];
    if (track) this.startTap('model', track);
  }

  /** The microphone track was unmuted (push-to-talk pressed): the user's item starts here. */
  unmuted(): void {
    this.cuts.unmuted(this.now());
  }

  /** Both tracks in page time, for the session WAV (kept after close). */
  timed(): { user: TimedSamples[]; model: TimedSamples[] } {
    return { user: this.tracks.timed('user'), model: this.tracks.timed('model') };
  }

  /** The call ended: windows still open or waiting are cut from what was heard; the tap stops. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.waiting.push(...this.cuts.close(this.now()));
    this.deliver(true);
    this.stopTimer();
    void this.tap?.close().catch(() => undefined);
  }

  /** The first of `media.flowing` and `open` places ms 0 (the peer connects before its channel opens). */
  private opened(at: number): void {
    if (this.openedAt !== null || this.ended) return;
    this.openedAt = at;
    this.cuts.opened(at);
  }

  private startTap(name: TrackName, track: MediaStreamTrack): void {
    if (this.ended || !this.tap || this.tapped.get(name) === track) return;
    this.tapped.set(name, track);
    this.tap.tap(name, track).catch((error: unknown) => this.options.onError?.(error));
  }

  private event({ time, source, event }: TransportEvent): void {
    const closed = source === 'client' ? this.cuts.sent(event as ClientEvent, time) : this.cuts.received(event as IncomingEvent, time);
    if (closed.length === 0) return;
    this.waiting.push(...closed);
    this.timer ??= setInterval(() => this.deliver(false), POLL_MS);
  }

  /** Cuts each waiting window the tap has heard past (all of them when `all`). */
  private deliver(all: boolean): void {
    const now = this.now();
    const still: CutWindow[] = [];
    for (const window of this.waiting) {
      if (all || this.tracks.heardUntil(window.track, window.to) || now > window.to + this.giveUpMs) this.cut(window);
      else still.push(window);
    }
    this.waiting = still;
    if (still.length === 0) this.stopTimer();
  }

  private cut(window: CutWindow): void {
    const itemId = window.track === 'user' ? window.itemId : this.answerItem(window.responseId);
    if (!itemId) return;
    const samples = trimSilence(this.tracks.between(window.track, window.from, window.to));
    if (samples.length > 0) this.client.setItemAudio(itemId, samples.slice());
  }

  /**
   * The response's spoken item: its first assistant message with an audio part. A response that
   * speaks several items gives them all to the first, because nothing on this wire says where one
   * item's audio ends in the playout (checked 2026-12: `openai` realtime.d.ts and the docs):
   * - the playout-timed events, `output_audio_buffer.started` / `stopped` / `cleared`, carry only
   *   `event_id`, `response_id` and `type` (`RealtimeServerEvent.OutputAudioBuffer*`; the guide
   *   realtime-conversations#client-and-server-events-for-audio-in-webrtc: per response);
   * - the events that name an item (`response.output_audio.done`, `response.output_audio_transcript
   *   .delta` / `.done`, `response.content_part.done`, `response.output_item.done`) are timed by
   *   generation, not playout ("model-generated audio is done"; `stopped` comes "after the full
   *   response data has been sent", `response.done`), and none has a duration, an offset or
   *   per-word times, so their order says which item comes first, not where it ends;
   * - `conversation.item.truncated`'s `audio_end_ms` is the one per-item ms, only for the item a
   *   clear cut. Splitting by the recording's pauses or the transcript's length would be a guess.
   */
  private answerItem(responseId: string): string | undefined {
    const ids = this.client.getResponse(responseId)?.outputItemIds ?? [];
    const messages = ids.filter((id) => {
      const item = this.client.conversation.getItem(id);
      return item?.type === 'message' && item.role === 'assistant';
    });
    return messages.find((id) => hasAudioPart(this.client.conversation.getItem(id)?.item)) ?? messages[0];
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

function hasAudioPart(item: ItemState['item'] | undefined): boolean {
  const content = item && 'content' in item && Array.isArray(item.content) ? (item.content as Array<{ type?: string }>) : [];
  return content.some((part) => part.type === 'output_audio' || part.type === 'audio');
}

// The recordings of the console's media wire calls (WebRTC): one per call, made before it connects
// so it taps each track as the transport makes it (lib/realtime/webrtc/media-recording.ts), the
// last MAX_RECORDED_CALLS kept after their calls end for the session export's WAV.
import { MediaRecording, type RecordingClient, type Tap } from '../../lib/realtime/webrtc/media-recording';
import type { RecordedTracks, TimedSamples } from '../../lib/realtime/webrtc/recorded-tracks';

/** Media wire calls whose recordings are kept for the session export (each bounded by its tap). */
export const MAX_RECORDED_CALLS = 2;

export class CallRecordings {
  /** The current call's last; kept after it ends. */
  private kept: MediaRecording[] = [];
  /** A recording made before its call connected, until the call is attached. */
  private prepared: { client: RecordingClient; recording: MediaRecording } | null = null;

  /** `createTap`: without one nothing is recorded. `onError`: a tap failed (the call goes on unrecorded). */
  constructor(private readonly createTap: ((tracks: RecordedTracks) => Tap) | undefined, private readonly onError: (error: unknown) => void) {}

  /** Before `connect`: the call's recording starts now (a recording prepared for another call that never attached is closed). */
  prepare(client: RecordingClient): void {
    if (!this.createTap) return;
    if (this.prepared && this.prepared.client !== client) this.prepared.recording.close();
    this.prepared = { client, recording: this.create(client, true) };
  }

  /** The call is up: its prepared recording, else one from now (null without a tap). */
  attach(client: RecordingClient): MediaRecording | null {
    const prepared = this.prepared?.client === client ? this.prepared.recording : null;
    this.prepared = null;
    const recording = prepared && !prepared.closed ? prepared : this.createTap ? this.create(client, false) : null;
    if (recording) this.kept = [...this.kept, recording].slice(-MAX_RECORDED_CALLS);
    return recording;
  }

  /** The current (or last) call's recording. */
  get current(): MediaRecording | undefined {
    return this.kept[this.kept.length - 1];
  }

  /** What the kept recordings hold, in page time (null: none recorded). */
  recordedAudio(): { user: TimedSamples[]; model: TimedSamples[] } | null {
    const timed = this.kept.map((recording) => recording.timed());
    const user = timed.flatMap((tracks) => tracks.user);
    const model = timed.flatMap((tracks) => tracks.model);
    return user.length || model.length ? { user, model } : null;
  }

  private create(client: RecordingClient, beforeConnect: boolean): MediaRecording {
    return new MediaRecording(client, { tap: this.createTap, beforeConnect, onError: this.onError });
  }
}

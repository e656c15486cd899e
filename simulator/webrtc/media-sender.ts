// The call's outgoing audio track: every frame time (20 ms of media ÷ the speed factor) it pulls
// a frame from the session's output (a Realtime output audio buffer, or a Live output lane's
// queue) and sends it as one Opus RTP packet. Nothing is
// sent while the buffer is empty; the RTP clock keeps running, so a receiver's jitter buffer
// sees the gap as time, and the first packet after it carries the marker bit (RFC 3551).
import { MediaStreamTrack, RtpHeader, RtpPacket } from 'werift';
import { FRAME_MS, FRAME_SAMPLES, OpusEncoder24k } from './opus';
import { OPUS_RTP_CLOCK_RATE } from './loopback-peer';

const RTP_TICKS_PER_FRAME = (OPUS_RTP_CLOCK_RATE * FRAME_MS) / 1000;
/** Shortest timer period: at high speed factors several frames go per tick instead. */
const MIN_TICK_MS = 5;
/** Frames sent at once after a stalled event loop at most; older ones are skipped, not burst. */
const MAX_CATCH_UP_FRAMES = 10;

/** Where the outgoing audio comes from: 24 kHz PCM16, `samples` at a time, or null for a gap. */
export interface FrameSource {
  pull(samples: number): Int16Array | null;
}

export class MediaSender {
  readonly track = new MediaStreamTrack({ kind: 'audio' });
  private readonly encoder = new OpusEncoder24k();
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private frames = 0;
  private sequence = Math.floor(Math.random() * 0x10000);
  private readonly timestampBase = Math.floor(Math.random() * 0x1_0000_0000);
  private sending = false;
  /** Frames sent with audio (for the bench and tests). */
  framesSent = 0;

  constructor(
    private readonly playout: FrameSource,
    private readonly speed: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.startedAt = performance.now();
    const frameMs = FRAME_MS / this.speed;
    this.timer = setInterval(() => this.tick(frameMs), Math.max(MIN_TICK_MS, frameMs));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.track.stop();
  }

  private tick(frameMs: number): void {
    const due = Math.floor((performance.now() - this.startedAt) / frameMs);
    if (due - this.frames > MAX_CATCH_UP_FRAMES) this.frames = due - MAX_CATCH_UP_FRAMES;
    try {
      for (; this.frames < due; this.frames++) {
        const frame = this.playout.pull(FRAME_SAMPLES);
        if (!frame) {
          this.sending = false;
          continue;
        }
        this.send(frame);
      }
    } catch (error) {
      this.frames++; // that frame is lost; the clock goes on
      this.onError(error);
    }
  }

  private send(frame: Int16Array): void {
    const header = new RtpHeader({
      payloadType: 111, // replaced by the negotiated one in werift's sender
      sequenceNumber: this.sequence,
      timestamp: (this.timestampBase + this.frames * RTP_TICKS_PER_FRAME) >>> 0,
      ssrc: 0, // replaced by the sender's
      marker: !this.sending,
    });
    this.sequence = (this.sequence + 1) & 0xffff;
    this.sending = true;
    this.framesSent++;
    this.track.writeRtp(new RtpPacket(header, this.encoder.encode(frame)));
  }
}

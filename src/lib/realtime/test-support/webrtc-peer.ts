// A Node WebRTC stack for tests of WebRTCTransport: werift's RTCPeerConnection held to loopback
// (the simulator's own settings: 127.0.0.1 offered and paired only), as the constructor the
// transport takes. werift follows the browser API closely but not its TypeScript types, hence
// the one cast here.
import { MediaStream as WeriftMediaStream, MediaStreamTrack, RTCPeerConnection as WeriftPeerConnection } from 'werift';
import { loopbackPeerConfig } from '../../../../simulator/webrtc/loopback-peer';
import { FRAME_MS, FRAME_SAMPLES } from '../../../../simulator/webrtc/opus';
import { OpusTrackWriter } from '../../../../simulator/webrtc/test-support';

export const NodePeerConnection = WeriftPeerConnection as unknown as new (config?: RTCConfiguration) => RTCPeerConnection;

/** werift's loopback settings, passed through the transport's `peerConfiguration`. */
export function loopbackPeerConfiguration(): Record<string, unknown> {
  return { ...loopbackPeerConfig() };
}

/**
 * A microphone for a Node peer: a werift audio track in a stream (what `input` takes), sending
 * 20 ms Opus frames without pause, as a browser's microphone does: queued speech first, silence
 * whenever there is none. `speed` > 1 sends faster than real time.
 */
export class NodeMicrophone {
  readonly track = new MediaStreamTrack({ kind: 'audio' });
  readonly stream = new WeriftMediaStream([this.track]) as unknown as MediaStream;
  private readonly writer = new OpusTrackWriter(this.track);
  private queued: Int16Array[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly speed = 1) {}

  start(): void {
    this.timer ??= setInterval(() => this.writer.write(this.nextFrame()), FRAME_MS / this.speed);
  }

  /** Queues speech (24 kHz PCM16); resolves once it has all been sent. */
  say(samples: Int16Array): Promise<void> {
    this.queued.push(samples.slice());
    const total = () => this.queued.reduce((sum, chunk) => sum + chunk.length, 0);
    return new Promise((resolve) => {
      const check = setInterval(() => {
        if (total() === 0) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.track.stop();
  }

  private nextFrame(): Int16Array {
    const frame = new Int16Array(FRAME_SAMPLES);
    let filled = 0;
    while (filled < frame.length && this.queued.length) {
      const head = this.queued[0];
      const take = Math.min(frame.length - filled, head.length);
      frame.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) this.queued.shift();
      else this.queued[0] = head.subarray(take);
    }
    return frame;
  }
}

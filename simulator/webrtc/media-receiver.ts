// The call's incoming microphone track: each Opus RTP packet decoded to 24 kHz PCM16 and handed
// to the session as if appended, so the same input buffer, VAD and turns run on it. A packet
// libopus cannot decode is dropped and counted, never thrown.
import type { MediaStreamTrack, RtpPacket } from 'werift';
import { OpusDecoder24k } from './opus';

export class MediaReceiver {
  private readonly decoder = new OpusDecoder24k();
  packets = 0;
  corrupt = 0;
  private readonly unsubscribe: () => void;

  constructor(track: MediaStreamTrack, private readonly onAudio: (samples: Int16Array) => void) {
    this.unsubscribe = track.onReceiveRtp.subscribe((packet) => this.receive(packet)).unSubscribe;
  }

  stop(): void {
    this.unsubscribe();
  }

  private receive(packet: RtpPacket): void {
    this.packets++;
    let samples: Int16Array;
    try {
      samples = this.decoder.decode(packet.payload);
    } catch {
      this.corrupt++;
      return;
    }
    this.onAudio(samples);
  }
}

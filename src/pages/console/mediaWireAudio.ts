// The console's audio on a media wire (WebRTC): the transport's own track is the microphone and
// the remote stream is the speaker, so nothing is appended and no PCM is played here. Push-to-talk
// unmutes the track while held; on release it waits a moment for the last audio to arrive, mutes
// and asks for a response (the client commits first). In VAD the track stays open and the server
// decides turns. Interrupting is the transport's: response.cancel + output_audio_buffer.clear.
import type { RealtimeClient } from '../../lib/realtime';
import type { FrequencyBins, FrequencyKind } from '../../lib/wavtools/spectrum';
import type { TurnMode } from '../../components/turn-taking/TurnControls';
import { errorMessage } from '../../lib/shared/error-message';

/** What plays the remote stream (wavtools' MediaStreamPlayer on a page-owned <audio>). */
export interface StreamSpeaker {
  attach(stream: MediaStream | null): Promise<void>;
  getFrequencies(kind?: FrequencyKind): Pick<FrequencyBins, 'values'>;
  close(): Promise<void>;
}

export type MediaAudioClient = Pick<RealtimeClient, 'isConnected' | 'muteInput' | 'clearInputAudio' | 'setOutputAudioSink' | 'cancelResponse' | 'createResponse' | 'transport'>;

/**
 * After release the track is held open this long before the commit: its last packets are still
 * on the way (jitter buffer, network), and the data channel would overtake them.
 */
export const RELEASE_TAIL_MS = 200;

export class MediaWireAudio {
  private closed = false;
  /** The server is playing the model's audio (between output_audio_buffer.started and stopped/cleared). */
  private speaking = false;
  private readonly unsubscribe: Array<() => void>;

  /** `onStream`: also told the remote stream (the recording taps it). */
  constructor(private readonly client: MediaAudioClient, private readonly speaker: StreamSpeaker, onError: (message: string) => void, onStream?: (stream: MediaStream | null) => void) {
    const { transport } = client;
    this.unsubscribe = [
      transport.on('server.output_audio_buffer.started', () => (this.speaking = true)),
      transport.on('server.output_audio_buffer.stopped', () => (this.speaking = false)),
      transport.on('server.output_audio_buffer.cleared', () => (this.speaking = false)),
    ];
    client.setOutputAudioSink({
      stream: (stream) => {
        if (!this.closed) onStream?.(stream);
        if (!this.closed) this.speaker.attach(stream).catch((error: unknown) => onError(`Speaker unavailable: ${errorMessage(error)}`));
      },
    });
  }

  /** VAD: the server hears the track; manual: it hears nothing between presses. */
  setMode(mode: TurnMode): void {
    if (this.client.isConnected()) this.client.muteInput(mode !== 'vad');
  }

  /** The call is up: muted in manual mode, and what the track carried before that is dropped. */
  start(mode: TurnMode): void {
    this.setMode(mode);
    if (mode !== 'vad' && this.client.isConnected()) this.client.clearInputAudio();
  }

  press(): void {
    if (this.client.isConnected()) this.client.muteInput(false);
  }

  /** Stops the model's audio, if it is playing (the press held long enough to count). */
  interrupt(): void {
    if (this.speaking && this.client.isConnected()) this.client.cancelResponse();
  }

  release(enough: boolean): void {
    setTimeout(() => {
      if (this.closed || !this.client.isConnected()) return;
      this.client.muteInput(true);
      if (enough) this.client.createResponse();
    }, RELEASE_TAIL_MS);
  }

  frequencies(): Float32Array {
    return this.speaker.getFrequencies('voice').values;
  }

  close(): void {
    this.closed = true;
    this.unsubscribe.forEach((off) => off());
    this.client.setOutputAudioSink(null);
    void this.speaker.close().catch(() => undefined);
  }
}

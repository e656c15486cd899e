// The parts ConversationAudio (conversationAudio.ts) is built from and what it shows: the
// recorder and player it needs (wavtools' WavRecorder and WavStreamPlayer, or fakes in tests),
// the client, the observer, its options and its state.
import type { AudibleNotice, InterruptResult, PlaybackNotice } from '../../lib/wavtools/wav-stream-player';
import type { OutputRoute } from '../../lib/wavtools/loopback-output';
import type { RecorderStatus } from '../../lib/wavtools/wav-recorder';
import type { FrequencyBins, FrequencyKind } from '../../lib/wavtools/spectrum';
import type { RealtimeClient } from '../../lib/realtime';
import type { MediaAudioClient, StreamSpeaker } from './mediaWireAudio';
import type { RecordingClient, Tap } from '../../lib/realtime/webrtc/media-recording';
import type { RecordedTracks } from '../../lib/realtime/webrtc/recorded-tracks';

/** What ConversationAudio needs of a recorder (wavtools' WavRecorder). */
export interface Microphone {
  getStatus(): RecorderStatus;
  begin(deviceId?: string): Promise<void>;
  record(onChunk: (chunk: { mono: Int16Array }) => void): Promise<void>;
  pause(): Promise<void>;
  end(): Promise<void>;
  getFrequencies(kind?: FrequencyKind): Pick<FrequencyBins, 'values'>;
}

/** What ConversationAudio needs of a player (wavtools' WavStreamPlayer). */
export interface Speaker {
  connect(): Promise<void>;
  add16BitPCM(data: Int16Array, trackId: string): void;
  interrupt(): Promise<InterruptResult | null>;
  getFrequencies(kind?: FrequencyKind): Pick<FrequencyBins, 'values'>;
  disconnect(): Promise<void>;
  /** How the audio reaches the speakers, once connected (absent: straight to them). */
  readonly outputRoute?: Pick<OutputRoute, 'echoCancelled' | 'reason'> | null;
}

export interface SpeakerOptions {
  sampleRate: number;
  onPlayback(notice: PlaybackNotice): void;
  /** Play through the WebRTC loopback, so the browser's echo canceller hears the model (loopback-output.ts). */
  throughEchoCanceller: boolean;
}

/** What ConversationAudio asks of the client: it never sends a wire event itself. */
export type AudioClient = Pick<RealtimeClient, 'isConnected' | 'appendInputAudio' | 'createResponse' | 'cancelResponse' | 'on'> & {
  /** Drops input audio the server has not committed (`input_audio_buffer.clear`). */
  clearInputAudio(): void;
  /** Set on a media wire (WebRTC): its track is the microphone, its stream the speaker (mediaWireAudio.ts). */
  media?: MediaAudioClient;
  /** On a media wire: where the recording of its tracks gives the items their audio. */
  recording?: RecordingClient;
};

/** Told what the audio did; the e2e page's test hooks are one (testHooks.ts). */
export interface ConversationAudioObserver {
  /** Playback was interrupted, with what the listener heard of `trackId`. */
  interrupted?(heard: InterruptResult & { trackId: string }): void;
  /** The speaker started playing after silence, or ran dry. */
  playback?(notice: PlaybackNotice): void;
  /** The speaker played the first sample of an item (the page's player; not on a media wire). */
  audible?(notice: AudibleNotice): void;
}

/** The input device to begin on, and what to tell when it begins or turns out to be gone. */
export interface MicrophoneRequest {
  /** null: the default microphone. */
  deviceId: string | null;
  onBegun?(): void;
  onDeviceGone?(deviceId: string): void;
}

export interface ConversationAudioOptions {
  createMicrophone(sampleRate: number): Microphone;
  createSpeaker(options: SpeakerOptions): Speaker;
  /** Plays a media wire's remote stream; without it a media wire has no speaker. */
  createStreamSpeaker?(): StreamSpeaker;
  /** Records a media wire's tracks (lib/realtime/webrtc/track-tap.ts); without it nothing is recorded. */
  createTrackTap?(tracks: RecordedTracks): Tap;
  observer?: ConversationAudioObserver | null;
  sampleRate?: number;
  /** Half duplex's tail: how long the microphone stays held back after the model's audio ran dry. */
  halfDuplexTailMs?: number;
  /** Milliseconds, for press durations and half duplex's tail; default performance.now. */
  now?(): number;
}

export interface ConversationAudioState {
  talking: boolean;
  /** Why the microphone or speaker is unavailable (denied, no device); text still works. */
  audioError: string | null;
  /** After a push-to-talk press too short to send ("hold to talk"); cleared by the next press. */
  talkHint: string | null;
  /** Half duplex is on: the microphone is held back while the model speaks. */
  halfDuplex: boolean;
  /** Playback through the browser's echo canceller is asked for (it applies from the next connection). */
  echoCancellerWanted: boolean;
  /**
   * The speaker of this connection: 'loopback' (the echo canceller hears it), 'direct',
   * 'connecting', or 'media' (a WebRTC transport plays it: cancelled by construction); null
   * while disconnected.
   */
  speakerRoute: 'loopback' | 'direct' | 'connecting' | 'media' | null;
  /** Why the loopback was asked for and not used. */
  speakerRouteProblem: string | null;
}

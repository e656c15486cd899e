// The console's audio in React: one ConversationAudio (conversationAudio.ts) for the page's life,
// told the connection, the mode and the microphone choice; the hook only subscribes and cleans up.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { RealtimeClient } from '../../lib/realtime';
import { loopbackOutput, WavRecorder, WavStreamPlayer } from '../../lib/wavtools';
import { MediaStreamPlayer } from '../../lib/wavtools/media-stream-player';
import { TrackTap } from '../../lib/realtime/webrtc/track-tap';
import type { TimedSamples } from '../../lib/realtime/webrtc/recorded-tracks';
import type { TurnMode } from '../../components/turn-taking/TurnControls';
import { audioClient } from './audioClient';
import { ConversationAudio, type ConversationAudioObserver, type ConversationAudioState, type MicrophoneRequest } from './conversationAudio';

export type { MicrophoneRequest } from './conversationAudio';

export interface ConversationAudioControls extends ConversationAudioState {
  startTalking(): void;
  stopTalking(): void;
  setHalfDuplex(on: boolean): void;
  setEchoCanceller(on: boolean): void;
  micFrequencies(): Float32Array | null;
  speakerFrequencies(): Float32Array | null;
  /** What WebRTC calls' recordings hold, for the session export's WAV. */
  recordedAudio(): { user: TimedSamples[]; model: TimedSamples[] } | null;
  /** Before `client.connect()`: a WebRTC call's recording starts with its tracks. */
  prepare(client: RealtimeClient): void;
}

const NO_MICROPHONE_CHOICE: MicrophoneRequest = { deviceId: null };

function browserAudio(observer: ConversationAudioObserver | null): ConversationAudio {
  return new ConversationAudio({
    createMicrophone: (sampleRate) => new WavRecorder({ sampleRate }),
    createSpeaker: ({ sampleRate, onPlayback, throughEchoCanceller }) =>
      new WavStreamPlayer({
        sampleRate,
        onPlayback,
        onAudible: (notice) => observer?.audible?.(notice),
        routeOutput: throughEchoCanceller ? (context, output) => loopbackOutput(context, output) : undefined,
      }),
    // WebRTC: the remote stream plays through an <audio> element this page owns (not attached to
    // the document: nothing to show), where the browser's echo canceller hears it.
    createStreamSpeaker: () => new MediaStreamPlayer(document.createElement('audio')),
    // WebRTC: both tracks recorded, cut per item (no audio arrives in events).
    createTrackTap: (tracks) => new TrackTap(tracks),
    observer,
  });
}

export function useConversationAudio(
  client: RealtimeClient | null,
  connected: boolean,
  mode: TurnMode,
  microphone: MicrophoneRequest = NO_MICROPHONE_CHOICE,
  observer: ConversationAudioObserver | null = null,
): ConversationAudioControls {
  const [audio] = useState(() => browserAudio(observer));
  const state = useSyncExternalStore(audio.subscribe, () => audio.state);

  // Before attach (effects run in order), so a connection in VAD mode streams from the start.
  useEffect(() => audio.setMode(mode), [audio, mode]);
  const { deviceId, onBegun, onDeviceGone } = microphone;
  useEffect(() => audio.setMicrophone({ deviceId, onBegun, onDeviceGone }), [audio, deviceId, onBegun, onDeviceGone]);
  useEffect(() => {
    if (!client || !connected) return undefined;
    audio.attach(audioClient(client));
    return () => audio.detach();
  }, [audio, client, connected]);

  return {
    ...state,
    startTalking: audio.startTalking,
    stopTalking: audio.stopTalking,
    setHalfDuplex: audio.setHalfDuplex,
    setEchoCanceller: audio.setEchoCanceller,
    micFrequencies: audio.micFrequencies,
    speakerFrequencies: audio.speakerFrequencies,
    recordedAudio: audio.recordedAudio,
    prepare: (next) => audio.prepare(audioClient(next)),
  };
}


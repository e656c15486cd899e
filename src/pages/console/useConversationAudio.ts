// Microphone and speaker for one connection. Manual mode: push-to-talk records while held and
// asks for a response on release. VAD mode: the microphone streams and the server decides
// turns; when it hears the user start speaking, playback stops and the assistant's item is
// truncated at the sample the listener actually heard.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RealtimeClient } from '../../lib/realtime';
import { WavRecorder, WavStreamPlayer } from '../../lib/wavtools';
import type { TurnMode } from '../../components/turn-taking/TurnControls';
import { recordInterruptForTests, recordPlaybackForTests } from './testHooks';
import { beginOnChosenDevice } from './microphoneChoice';
import { PushToTalkTurn, tooShortMessage } from './pushToTalkTurn';
import { errorMessage } from '../../lib/shared/error-message';

export const SAMPLE_RATE = 24000;

export interface ConversationAudio {
  talking: boolean;
  /** Why the microphone or speaker is unavailable (denied, no device); text still works. */
  audioError: string | null;
  /** After a push-to-talk press too short to send ("hold to talk"); cleared by the next press. */
  talkHint: string | null;
  startTalking(): void;
  stopTalking(): void;
  micFrequencies(): Float32Array | null;
  speakerFrequencies(): Float32Array | null;
}

/** Runs audio steps one after another: begin/record/pause must not interleave. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(step: () => Promise<T>): Promise<T> => {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** The input device to begin on, and what to tell when it begins or turns out to be gone. */
export interface MicrophoneRequest {
  /** null: the default microphone. */
  deviceId: string | null;
  onBegun?(): void;
  onDeviceGone?(deviceId: string): void;
}

const DEFAULT_MICROPHONE: MicrophoneRequest = { deviceId: null };

/** The microphone's chunks go to the server while the connection lasts. */
const sendChunksTo = (client: RealtimeClient) => (chunk: { mono: Int16Array }) => {
  if (client.isConnected()) client.appendInputAudio(chunk.mono);
};

export function useConversationAudio(
  client: RealtimeClient | null,
  connected: boolean,
  mode: TurnMode,
  microphone: MicrophoneRequest = DEFAULT_MICROPHONE,
): ConversationAudio {
  // Read at begin time, so effects need not restart when the choice changes.
  const microphoneRef = useRef(microphone);
  microphoneRef.current = microphone;
  const recorder = useRef<WavRecorder | null>(null);
  /** The device the recorder began on (null: the default), to tell when a new choice needs a restart. */
  const openedDevice = useRef<string | null>(null);
  const player = useRef<WavStreamPlayer | null>(null);
  const [queue] = useState(serialQueue);
  const [talking, setTalking] = useState(false);
  const [audioError, setAudioError] = useState<string | null>(null);
  const [talkHint, setTalkHint] = useState<string | null>(null);
  /** The push-to-talk turn in progress (manual mode), from press to release. */
  const turn = useRef<PushToTalkTurn | null>(null);

  const stopPlaybackAndTruncate = useCallback(async (target: RealtimeClient) => {
    const heard = await player.current?.interrupt();
    if (heard?.trackId) {
      recordInterruptForTests({ trackId: heard.trackId, offset: heard.offset, sentOffset: heard.sentOffset, latencySeconds: heard.latencySeconds, currentTime: heard.currentTime });
      if (!target.isConnected()) return;
      try {
        target.cancelResponse(heard.trackId, heard.offset);
      } catch {
        // The item was deleted meanwhile: nothing left to truncate.
      }
    }
  }, []);

  const ensureMicrophone = useCallback(async (): Promise<WavRecorder | null> => {
    const mic = recorder.current ?? (recorder.current = new WavRecorder({ sampleRate: SAMPLE_RATE }));
    if (mic.getStatus() !== 'ended') return mic;
    try {
      const chosen = microphoneRef.current;
      openedDevice.current = chosen.deviceId;
      await beginOnChosenDevice(mic, chosen.deviceId, (gone) => {
        openedDevice.current = null;
        chosen.onDeviceGone?.(gone);
      });
      setAudioError(null);
      chosen.onBegun?.();
      return mic;
    } catch (error) {
      setAudioError(`Microphone unavailable: ${errorMessage(error)}`);
      return null;
    }
  }, []);

  // Per connection: speaker on, model audio played per item, interruptions handled.
  useEffect(() => {
    if (!client || !connected) return undefined;
    const speaker = new WavStreamPlayer({
      sampleRate: SAMPLE_RATE,
      onPlayback: (notice) => recordPlaybackForTests({ type: notice.type, trackId: notice.trackId, contextTime: notice.contextTime }),
    });
    player.current = speaker;
    const ready = speaker.connect().then(
      () => true,
      (error) => {
        setAudioError(`Speaker unavailable: ${errorMessage(error)}`);
        return false;
      },
    );
    const offUpdated = client.on('conversation.updated', ({ item, delta }) => {
      const audio = delta?.audio;
      if (audio && item.role === 'assistant') void ready.then((ok) => ok && speaker.add16BitPCM(audio, item.id));
    });
    const offInterrupted = client.on('conversation.interrupted', () => void stopPlaybackAndTruncate(client));
    // The client refuses a commit under the API's minimum itself too (e.g. audio appended by other code).
    const offTooShort = client.on('input.too_short', ({ message }) => setTalkHint(message));
    return () => {
      offUpdated();
      offInterrupted();
      offTooShort();
      turn.current = null;
      setTalkHint(null);
      if (player.current === speaker) player.current = null;
      void ready.then((ok) => (ok ? speaker.disconnect() : undefined)).catch(() => undefined);
      setTalking(false);
      const mic = recorder.current;
      recorder.current = null;
      if (mic) void queue(() => (mic.getStatus() === 'ended' ? Promise.resolve() : mic.end()));
    };
  }, [client, connected, queue, stopPlaybackAndTruncate]);

  // VAD mode: stream the microphone for as long as the mode and the connection last.
  useEffect(() => {
    if (!client || !connected || mode !== 'vad') return undefined;
    let active = true;
    void queue(async () => {
      const mic = await ensureMicrophone();
      if (!mic || !active || mic.getStatus() === 'recording') return;
      await mic.record(sendChunksTo(client));
    });
    return () => {
      active = false;
      const mic = recorder.current;
      if (!mic) return;
      void queue(async () => {
        if (mic.getStatus() !== 'recording') return;
        await mic.pause();
        // Speech cut off by leaving VAD was never committed: drop it, or the next push-to-talk
        // turn would start with it. After the pause, so its last chunk is dropped too.
        if (client.isConnected()) client.realtime.send({ type: 'input_audio_buffer.clear' });
      });
    };
  }, [client, connected, mode, queue, ensureMicrophone]);

  // A new choice applies at once: a running microphone restarts on that device, and goes on
  // recording if it was (VAD streaming, or push-to-talk held).
  const chosenDevice = microphone.deviceId;
  useEffect(() => {
    if (!client || !connected) return;
    void queue(async () => {
      const mic = recorder.current;
      if (!mic || mic.getStatus() === 'ended' || openedDevice.current === chosenDevice) return;
      const wasRecording = mic.getStatus() === 'recording';
      await mic.end();
      const reopened = await ensureMicrophone();
      if (!reopened || !wasRecording || recorder.current !== reopened) return;
      // A push-to-talk turn held through the switch keeps its chunks (and its minimum).
      const held = turn.current;
      await reopened.record(held ? (chunk) => held.push(chunk.mono) : sendChunksTo(client));
    });
  }, [client, connected, chosenDevice, queue, ensureMicrophone]);

  // Push-to-talk: nothing goes out (audio, or the interruption of an answer playing) until the
  // press holds the API's minimum of audio; a shorter press sends nothing and says "hold to talk".
  const startTalking = useCallback(() => {
    if (!client || !connected || mode !== 'manual') return;
    setTalking(true);
    setTalkHint(null);
    const current = new PushToTalkTurn({
      sampleRate: SAMPLE_RATE,
      send: (chunk) => client.isConnected() && client.appendInputAudio(chunk),
      onEnough: () => void stopPlaybackAndTruncate(client),
    });
    turn.current = current;
    void queue(async () => {
      const mic = await ensureMicrophone();
      if (!mic || mic.getStatus() === 'recording') return;
      await mic.record((chunk) => current.push(chunk.mono));
    });
  }, [client, connected, mode, queue, ensureMicrophone, stopPlaybackAndTruncate]);

  const stopTalking = useCallback(() => {
    if (!client) return;
    setTalking(false);
    const current = turn.current;
    turn.current = null;
    current?.release();
    void queue(async () => {
      const mic = recorder.current;
      if (mic && mic.getStatus() === 'recording') await mic.pause(); // delivers the last chunks
      if (!current) return;
      const end = current.end();
      if (!end.enough) setTalkHint(tooShortMessage(end));
      else if (client.isConnected()) client.createResponse();
    });
  }, [client, queue]);

  const micFrequencies = useCallback(() => {
    const mic = recorder.current;
    return mic && mic.getStatus() === 'recording' ? mic.getFrequencies('voice').values : null;
  }, []);
  const speakerFrequencies = useCallback(() => player.current?.getFrequencies('voice').values ?? null, []);

  return { talking, audioError, talkHint, startTalking, stopTalking, micFrequencies, speakerFrequencies };
}

/**
 * ConversationAudio: the microphone and the speaker of one console (no React, no Web Audio: the
 * recorder and player come from factories, so Node tests drive it with fakes).
 *
 *   const audio = new ConversationAudio({ createMicrophone, createSpeaker });
 *   audio.setMode('vad');        // before or while attached
 *   audio.attach(client);        // a connection is up: speaker on; in VAD the microphone streams
 *   audio.startTalking(); audio.stopTalking();   // push-to-talk (manual mode)
 *   audio.detach();              // the connection ended: speaker off, microphone closed
 *
 * Manual mode: push-to-talk records while held and asks for a response on release, once the
 * press held the API's minimum (pushToTalkTurn.ts). VAD mode: the microphone streams and the
 * server decides turns; when it hears the user start speaking, playback stops and the assistant's
 * item is truncated at the sample the listener actually heard. Leaving VAD drops what VAD had not
 * committed (the client's clearInputAudio). A device chosen while recording takes over at once.
 * Half duplex (halfDuplex.ts) keeps the microphone's chunks back while the model's audio plays.
 * On a media wire (WebRTC) no audio travels in events: a recording of both tracks, cut per item
 * (lib/realtime/webrtc/media-recording.ts), gives the items their audio, and the session export
 * its WAV.
 *
 * Every microphone step (begin, record, pause, end) runs through one serial queue, so they never
 * interleave; a step queued for a connection that has since ended does nothing.
 */
import type { PlaybackNotice } from '../../lib/wavtools/wav-stream-player';
import { DEFAULT_SAMPLE_RATE } from '../../lib/realtime';
import type { TurnMode } from '../../components/turn-taking/TurnControls';
import { errorMessage } from '../../lib/shared/error-message';
import { beginOnChosenDevice } from './microphoneChoice';
import { PushToTalkTurn, tooShortMessage } from './pushToTalkTurn';
import { HalfDuplexGate } from './halfDuplex';
import { serialQueue } from './serialQueue';
import { MediaWireAudio, type MediaAudioClient } from './mediaWireAudio';
import { CallRecordings } from './callRecordings';
import type { TimedSamples } from '../../lib/realtime/webrtc/recorded-tracks';
import type { AudioClient, ConversationAudioOptions, ConversationAudioState, Microphone, MicrophoneRequest, Speaker } from './conversationAudioTypes';

export * from './conversationAudioTypes';

/** The client's PCM rate (24 kHz): what the microphone records and the speaker is given. */
export const SAMPLE_RATE = DEFAULT_SAMPLE_RATE;

export class ConversationAudio {
  private readonly options: ConversationAudioOptions;
  private readonly sampleRate: number;
  private readonly queue = serialQueue();
  private readonly listeners = new Set<() => void>();
  private readonly gate: HalfDuplexGate;
  private current: ConversationAudioState = {
    talking: false,
    audioError: null,
    talkHint: null,
    halfDuplex: false,
    echoCancellerWanted: true,
    speakerRoute: null,
    speakerRouteProblem: null,
  };
  private client: AudioClient | null = null;
  private unsubscribe: Array<() => void> = [];
  private mode: TurnMode = 'manual';
  private microphone: MicrophoneRequest = { deviceId: null };
  private recorder: Microphone | null = null;
  /** The device the recorder began on (null: the default), to tell when a new choice needs a restart. */
  private openedDevice: string | null = null;
  private player: Speaker | null = null;
  /** The client's media wire (WebRTC), when it has one. */
  private wire: MediaWireAudio | null = null;
  /** The push-to-talk turn in progress (manual mode), from press to release. */
  private turn: PushToTalkTurn | null = null;
  /** Media wires' recordings, kept after their calls end for the session export. */
  private readonly recordings: CallRecordings;

  constructor(options: ConversationAudioOptions) {
    this.options = options;
    this.sampleRate = options.sampleRate ?? SAMPLE_RATE;
    this.gate = new HalfDuplexGate({ tailMs: options.halfDuplexTailMs, now: options.now });
    this.recordings = new CallRecordings(options.createTrackTap, (error) => this.set({ audioError: `Recording unavailable: ${errorMessage(error)}` }));
  }

  // ---- state, for the view --------------------------------------------------------------

  /** A new object on every change (for useSyncExternalStore). */
  get state(): ConversationAudioState {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Resolves once every microphone step queued so far has run. */
  whenIdle(): Promise<void> {
    return this.queue(() => Promise.resolve());
  }

  micFrequencies = (): Float32Array | null => {
    const mic = this.recorder;
    return mic && mic.getStatus() === 'recording' ? mic.getFrequencies('voice').values : null;
  };

  speakerFrequencies = (): Float32Array | null => this.wire?.frequencies() ?? this.player?.getFrequencies('voice').values ?? null;

  /** What media wires' taps recorded of the last calls, in page time (null: none recorded). */
  recordedAudio = (): { user: TimedSamples[]; model: TimedSamples[] } | null => this.recordings.recordedAudio();

  // ---- the connection -------------------------------------------------------------------

  /**
   * A connection is about to be made (before `connect`): on a media wire its recording starts now,
   * so it taps each track as the transport makes it and nothing at the start of the call is lost.
   */
  prepare(client: AudioClient): void {
    if (client.recording) this.recordings.prepare(client.recording);
  }

  /** A connection is up: the speaker plays the assistant's audio per item; in VAD the microphone streams. */
  attach(client: AudioClient): void {
    if (this.client === client) return;
    this.detach();
    this.client = client;
    if (client.media) {
      this.set({ speakerRoute: 'media', speakerRouteProblem: null });
      this.attachMediaWire(client, client.media);
      return;
    }
    const throughEchoCanceller = this.current.echoCancellerWanted;
    const speaker = this.options.createSpeaker({ sampleRate: this.sampleRate, onPlayback: (notice) => this.onPlayback(notice), throughEchoCanceller });
    this.player = speaker;
    this.set({ speakerRoute: 'connecting', speakerRouteProblem: null });
    const ready = speaker.connect().then(
      () => {
        const route = speaker.outputRoute;
        if (this.player === speaker) this.set({ speakerRoute: route?.echoCancelled ? 'loopback' : 'direct', speakerRouteProblem: throughEchoCanceller ? route?.reason ?? null : null });
        return true;
      },
      (error: unknown) => {
        if (this.player === speaker) this.set({ audioError: `Speaker unavailable: ${errorMessage(error)}`, speakerRoute: null });
        return false;
      },
    );
    this.unsubscribe = [
      client.on('conversation.updated', ({ item, delta }) => {
        const audio = delta?.audio;
        if (audio && item.role === 'assistant') void ready.then((ok) => ok && speaker.add16BitPCM(audio, item.id));
      }),
      client.on('conversation.interrupted', () => void this.stopPlaybackAndTruncate(client)),
      // The client refuses a commit under the API's minimum itself too (e.g. audio appended by other code).
      client.on('input.too_short', ({ message }) => this.set({ talkHint: message })),
      () => {
        if (this.player === speaker) this.player = null;
        void ready.then((ok) => (ok ? speaker.disconnect() : undefined)).catch(() => undefined);
      },
    ];
    if (this.mode === 'vad') this.startStreaming(client);
  }

  /** The connection ended: speaker off, microphone closed, any push-to-talk turn dropped. */
  detach(): void {
    if (!this.client) return;
    this.client = null;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = [];
    unsubscribe.forEach((off) => off());
    this.turn = null;
    this.gate.reset();
    this.set({ talking: false, talkHint: null, speakerRoute: null, speakerRouteProblem: null });
    const mic = this.recorder;
    this.recorder = null;
    if (mic) void this.queue(() => (mic.getStatus() === 'ended' ? Promise.resolve() : mic.end()));
  }

  // ---- settings -------------------------------------------------------------------------

  /** Manual or VAD; switching while connected starts or stops the microphone's stream. */
  setMode(mode: TurnMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    const client = this.client;
    if (!client) return;
    this.wire?.setMode(mode);
    if (mode === 'vad') this.startStreaming(client);
    else this.stopStreaming(client);
  }

  /**
   * The microphone to use. Read when the microphone begins; a new device applies at once: a
   * running microphone restarts on it, and goes on recording if it was (VAD streaming, or
   * push-to-talk held).
   */
  setMicrophone(request: MicrophoneRequest): void {
    this.microphone = request;
    const client = this.client;
    if (!client) return;
    void this.queue(async () => {
      const mic = this.recorder;
      if (this.client !== client || !mic || mic.getStatus() === 'ended' || this.openedDevice === this.microphone.deviceId) return;
      const wasRecording = mic.getStatus() === 'recording';
      await mic.end();
      const reopened = await this.ensureMicrophone();
      if (!reopened || !wasRecording || this.recorder !== reopened) return;
      // A push-to-talk turn held through the switch keeps its chunks (and its minimum).
      const held = this.turn;
      await reopened.record(held ? (chunk) => held.push(chunk.mono) : this.streamTo(client));
    });
  }

  /** Half duplex: the microphone's chunks are held back while the model's audio plays (and a short tail after). */
  setHalfDuplex = (on: boolean): void => {
    if (on === this.current.halfDuplex) return;
    this.gate.enabled = on;
    this.set({ halfDuplex: on });
  };

  /** Play through the browser's echo canceller (WebRTC loopback) from the next connection on. */
  setEchoCanceller = (on: boolean): void => {
    this.set({ echoCancellerWanted: on });
  };

  // ---- push-to-talk ---------------------------------------------------------------------

  /**
   * Nothing goes out (audio, or the interruption of an answer playing) until the press holds the
   * API's minimum of audio; a shorter press sends nothing and says "hold to talk".
   */
  startTalking = (): void => {
    const client = this.client;
    if (!client || this.mode !== 'manual') return;
    this.set({ talking: true, talkHint: null });
    const current = new PushToTalkTurn({
      sampleRate: this.sampleRate,
      send: (chunk) => {
        if (client.isConnected() && !client.media) client.appendInputAudio(chunk);
      },
      onEnough: () => (this.wire ? this.wire.interrupt() : void this.stopPlaybackAndTruncate(client)),
      now: this.options.now,
    });
    this.turn = current;
    this.wire?.press();
    if (this.wire) this.recordings.current?.unmuted();
    void this.queue(async () => {
      if (this.client !== client) return;
      const mic = await this.ensureMicrophone();
      if (!mic || mic.getStatus() === 'recording') return;
      await mic.record((chunk) => current.push(chunk.mono));
    });
  };

  stopTalking = (): void => {
    const client = this.client;
    if (!client) return;
    this.set({ talking: false });
    const current = this.turn;
    this.turn = null;
    current?.release();
    void this.queue(async () => {
      const mic = this.recorder;
      if (mic && mic.getStatus() === 'recording') await mic.pause(); // delivers the last chunks
      if (!current) return;
      const end = current.end();
      if (!end.enough) this.set({ talkHint: tooShortMessage(end) });
      if (this.wire) this.wire.release(end.enough);
      else if (end.enough && client.isConnected()) client.createResponse();
    });
  };

  // ---- inside ---------------------------------------------------------------------------

  /** VAD: the microphone streams to the server for as long as the mode and the connection last. */
  private startStreaming(client: AudioClient): void {
    void this.queue(async () => {
      if (this.client !== client || this.mode !== 'vad') return;
      const mic = await this.ensureMicrophone();
      if (!mic || this.client !== client || this.mode !== 'vad' || mic.getStatus() === 'recording') return;
      await mic.record(this.streamTo(client));
    });
  }

  private stopStreaming(client: AudioClient): void {
    void this.queue(async () => {
      const mic = this.recorder;
      if (this.client !== client || !mic || mic.getStatus() !== 'recording') return;
      await mic.pause();
      // Speech cut off by leaving VAD was never committed: drop it, or the next push-to-talk
      // turn would start with it. After the pause, so its last chunk is dropped too.
      if (client.isConnected()) client.clearInputAudio();
    });
  }

  /** The microphone's chunks go to the server while the connection lasts (and half duplex lets them). */
  private streamTo(client: AudioClient): (chunk: { mono: Int16Array }) => void {
    return (chunk) => {
      if (client.isConnected() && !client.media && this.gate.open()) client.appendInputAudio(chunk.mono);
    };
  }

  /** A media wire: no PCM speaker and no appends; the microphone still runs, for its meter and the press minimum. */
  private attachMediaWire(client: AudioClient, media: MediaAudioClient): void {
    const recording = client.recording ? this.recordings.attach(client.recording) : null;
    recording?.tapInput(media.transport.inputTrack);
    const speaker = this.options.createStreamSpeaker?.();
    if (speaker) this.wire = new MediaWireAudio(media, speaker, (message) => this.set({ audioError: message }), (stream) => recording?.tapOutput(stream));
    this.wire?.start(this.mode);
    this.unsubscribe = [
      client.on('input.too_short', ({ message }) => this.set({ talkHint: message })),
      () => {
        this.wire?.close();
        this.wire = null;
        recording?.close();
      },
    ];
    if (this.mode === 'vad') this.startStreaming(client);
  }

  private async ensureMicrophone(): Promise<Microphone | null> {
    const mic = this.recorder ?? (this.recorder = this.options.createMicrophone(this.sampleRate));
    if (mic.getStatus() !== 'ended') return mic;
    try {
      const chosen = this.microphone;
      this.openedDevice = chosen.deviceId;
      await beginOnChosenDevice(mic, chosen.deviceId, (gone) => {
        this.openedDevice = null;
        chosen.onDeviceGone?.(gone);
      });
      this.set({ audioError: null });
      chosen.onBegun?.();
      return mic;
    } catch (error) {
      this.set({ audioError: `Microphone unavailable: ${errorMessage(error)}` });
      return null;
    }
  }

  private async stopPlaybackAndTruncate(client: AudioClient): Promise<void> {
    const heard = await this.player?.interrupt();
    const trackId = heard?.trackId;
    if (!heard || !trackId) return;
    this.options.observer?.interrupted?.({ ...heard, trackId });
    if (!client.isConnected()) return;
    try {
      client.cancelResponse(trackId, heard.offset);
    } catch {
      // The item was deleted meanwhile: nothing left to truncate.
    }
  }

  private onPlayback(notice: PlaybackNotice): void {
    this.gate.playback(notice.type === 'started');
    this.options.observer?.playback?.(notice);
  }

  private set(patch: Partial<ConversationAudioState>): void {
    const next = { ...this.current, ...patch };
    if ((Object.keys(patch) as Array<keyof ConversationAudioState>).every((key) => next[key] === this.current[key])) return;
    this.current = next;
    this.listeners.forEach((listener) => listener());
  }
}

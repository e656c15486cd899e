// Plays a remote media stream (the model's audio over WebRTC) through an <audio> element the
// caller owns, and taps it with an AnalyserNode for the frequency bars and a level. The element
// plays it, not Web Audio: a media element fed by a peer connection is what the browser's echo
// canceller hears as far-end audio. The analyser only listens (it is not connected onward), so
// nothing plays twice.
import { AudioAnalysis, silentBins } from './analysis';
import type { FrequencyBins, FrequencyKind } from './spectrum';

/** The part of HTMLAudioElement used here. */
export interface AudioElementLike {
  srcObject: MediaProvider | null;
  autoplay: boolean;
  play(): Promise<void>;
  pause(): void;
}

export interface MediaStreamPlayerOptions {
  /** FFT size of the analyser (a power of two). */
  fftSize?: number;
  /** Default: a new AudioContext the first time a stream is attached. */
  createContext?: () => AudioContext;
}

export class MediaStreamPlayer {
  private context: AudioContext | null = null;
  private source: MediaStreamAudioSourceNode | null = null;
  private analysis: AudioAnalysis | null = null;
  private stream: MediaStream | null = null;

  constructor(private readonly element: AudioElementLike, private readonly options: MediaStreamPlayerOptions = {}) {}

  /** Plays `stream` (null: stops). Autoplay refusals are reported, not thrown: the caller decides. */
  async attach(stream: MediaStream | null): Promise<void> {
    this.detachAnalyser();
    this.stream = stream;
    this.element.srcObject = stream;
    if (!stream) {
      this.element.pause();
      return;
    }
    this.element.autoplay = true;
    const context = (this.context ??= (this.options.createContext ?? (() => new AudioContext()))());
    const analyser = context.createAnalyser();
    analyser.fftSize = this.options.fftSize ?? 1024;
    analyser.smoothingTimeConstant = 0.1;
    this.source = context.createMediaStreamSource(stream);
    this.source.connect(analyser);
    this.analysis = AudioAnalysis.fromNode(analyser);
    if (context.state === 'suspended') await context.resume().catch(() => undefined);
    await this.element.play();
  }

  get playing(): boolean {
    return this.stream !== null;
  }

  getFrequencies(kind: FrequencyKind = 'frequency'): FrequencyBins {
    return this.analysis ? this.analysis.getFrequencies(kind) : silentBins(kind);
  }

  /** RMS level 0..1 of what is playing now. */
  getVolume(): number {
    return this.analysis?.getVolume() ?? 0;
  }

  /** Stops playback and releases the audio context. */
  async close(): Promise<void> {
    await this.attach(null);
    const context = this.context;
    this.context = null;
    await context?.close().catch(() => undefined);
  }

  private detachAnalyser(): void {
    this.source?.disconnect();
    this.source = null;
    this.analysis = null;
  }
}

// Microphone capture for the Realtime API: 24 kHz mono PCM16 in small fixed-size chunks.
// The AudioContext runs at the device's own rate (a forced 24 kHz context breaks on Firefox
// and on many devices); the capture worklet forwards device-rate frames and the main thread
// resamples them with a windowed-sinc low-pass (capture-pipeline.ts). Nothing is kept unless
// `keepAudio` asks for it, and then only up to `maxKeptSeconds`.
import { AudioAnalysis, silentBins } from './analysis';
import { CapturePipeline } from './capture-pipeline';
import { concatInt16 } from '../audio-codec/pcm';
import type { FrequencyBins, FrequencyKind } from './spectrum';
import { WavPacker } from './wav-packer';
import { addWorkletModule } from './worklets/load-worklet';
import { CAPTURE_PROCESSOR_NAME, CAPTURE_PROCESSOR_SOURCE, type CaptureCommand, type CaptureEvent, type CaptureProcessorOptions } from './worklets/capture-processor';

export interface RecorderChunk {
  /** PCM16 mono at the recorder's `sampleRate`. */
  mono: Int16Array;
  /** AudioContext time (s) just after the last device frame that went into this chunk. */
  endTime: number;
}

export type RecorderStatus = 'ended' | 'paused' | 'recording';

export interface WavRecorderOptions {
  /** Output rate of the chunks (the Realtime API takes 24 kHz). */
  sampleRate?: number;
  /** Samples per chunk; default DEFAULT_CHUNK_MS (720 samples = 30 ms at 24 kHz). */
  chunkSamples?: number;
  /** Keep everything recorded, for `save()`. */
  keepAudio?: boolean;
  /** With `keepAudio`: the oldest audio is dropped beyond this length. */
  maxKeptSeconds?: number;
  /** getUserMedia audio constraints (the deviceId passed to `begin` is added). */
  audioConstraints?: MediaTrackConstraints;
  /** Device frames per message from the capture worklet (latency vs. message count). */
  captureBatchFrames?: number;
  /** FFT size of the analyser behind `getFrequencies`. */
  analyserFftSize?: number;
}

export const DEFAULT_RECORDER_SAMPLE_RATE = 24000;
/** Chunk length: short enough for prompt server VAD, long enough to keep messages few. */
export const DEFAULT_CHUNK_MS = 30;
export const DEFAULT_CHUNK_SAMPLES = (DEFAULT_RECORDER_SAMPLE_RATE * DEFAULT_CHUNK_MS) / 1000;
export const DEFAULT_MAX_KEPT_SECONDS = 600;
export const DEFAULT_CAPTURE_BATCH_FRAMES = 256;
export const DEFAULT_ANALYSER_FFT_SIZE = 2048;
/** pause() waits this long at most for the worklet's last frames (a suspended context sends none). */
export const FLUSH_TIMEOUT_MS = 500;
/** begin() waits this long at most for a suspended context to resume (no user gesture yet). */
export const RESUME_WAIT_MS = 1000;
export const DEFAULT_AUDIO_CONSTRAINTS: MediaTrackConstraints = {
  channelCount: 1,
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

interface Session {
  context: AudioContext;
  stream: MediaStream;
  source: MediaStreamAudioSourceNode;
  node: AudioWorkletNode;
  analyser: AnalyserNode;
  analysis: AudioAnalysis;
}

export class WavRecorder {
  readonly sampleRate: number;
  private readonly options: Required<Omit<WavRecorderOptions, 'sampleRate'>>;
  private session: Session | null = null;
  private status: RecorderStatus = 'ended';
  private pipeline: CapturePipeline | null = null;
  private onChunk: ((chunk: RecorderChunk) => void) | null = null;
  private lastEndTime = 0;
  private kept: Int16Array[] = [];
  private keptSamples = 0;
  private flushes = new Map<number, () => void>();
  private nextFlushId = 1;

  constructor(options: WavRecorderOptions = {}) {
    this.sampleRate = options.sampleRate ?? DEFAULT_RECORDER_SAMPLE_RATE;
    this.options = {
      chunkSamples: options.chunkSamples ?? Math.round((this.sampleRate * DEFAULT_CHUNK_MS) / 1000),
      keepAudio: options.keepAudio ?? false,
      maxKeptSeconds: options.maxKeptSeconds ?? DEFAULT_MAX_KEPT_SECONDS,
      audioConstraints: options.audioConstraints ?? DEFAULT_AUDIO_CONSTRAINTS,
      captureBatchFrames: options.captureBatchFrames ?? DEFAULT_CAPTURE_BATCH_FRAMES,
      analyserFftSize: options.analyserFftSize ?? DEFAULT_ANALYSER_FFT_SIZE,
    };
  }

  /** Audio input devices; labels are empty until the page has microphone permission. */
  static async listDevices(): Promise<MediaDeviceInfo[]> {
    if (!navigator.mediaDevices?.enumerateDevices) return [];
    const devices = await navigator.mediaDevices.enumerateDevices();
    const inputs = devices.filter((device) => device.kind === 'audioinput');
    // The system default first.
    return inputs.sort((a, b) => Number(b.deviceId === 'default') - Number(a.deviceId === 'default'));
  }

  /** Calls `callback` with the input devices now and whenever they change; returns the unsubscribe. */
  static listenForDeviceChange(callback: (devices: MediaDeviceInfo[]) => void): () => void {
    const media = navigator.mediaDevices;
    if (!media) return () => undefined;
    let active = true;
    const update = () => {
      WavRecorder.listDevices().then((devices) => active && callback(devices), () => undefined);
    };
    media.addEventListener('devicechange', update);
    update();
    return () => {
      active = false;
      media.removeEventListener('devicechange', update);
    };
  }

  getStatus(): RecorderStatus {
    return this.status;
  }

  /** The AudioContext's rate (the device's), once begun. */
  get deviceSampleRate(): number | null {
    return this.session?.context.sampleRate ?? null;
  }

  /** The AudioContext while begun (its clock is the one `RecorderChunk.endTime` uses). */
  get context(): AudioContext | null {
    return this.session?.context ?? null;
  }

  /** The microphone stream while begun (e.g. for the device label). */
  get mediaStream(): MediaStream | null {
    return this.session?.stream ?? null;
  }

  /** Opens the microphone (the given device, or the default) and prepares the audio graph. */
  async begin(deviceId?: string): Promise<void> {
    if (this.session) throw new Error('already begun: call end() first');
    const audio: MediaTrackConstraints = { ...this.options.audioConstraints };
    if (deviceId) audio.deviceId = { exact: deviceId };
    const stream = await navigator.mediaDevices.getUserMedia({ audio });
    let context: AudioContext | null = null;
    try {
      context = new AudioContext();
      await addWorkletModule(context, CAPTURE_PROCESSOR_SOURCE);
      const source = context.createMediaStreamSource(stream);
      const processorOptions: CaptureProcessorOptions = { batchFrames: this.options.captureBatchFrames };
      const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], processorOptions });
      const analyser = context.createAnalyser();
      analyser.fftSize = this.options.analyserFftSize;
      source.connect(analyser);
      source.connect(node);
      // The worklet writes nothing to its output; connecting it keeps it rendered everywhere.
      node.connect(context.destination);
      node.port.onmessage = (event: MessageEvent<CaptureEvent>) => this.receive(event.data);
      // Without a user gesture resume() may never settle: capture then starts when it does.
      if (context.state === 'suspended') await Promise.race([context.resume(), new Promise((done) => setTimeout(done, RESUME_WAIT_MS))]);
      this.session = { context, stream, source, node, analyser, analysis: AudioAnalysis.fromNode(analyser) };
      this.pipeline = new CapturePipeline(context.sampleRate, this.sampleRate, this.options.chunkSamples);
      this.kept = [];
      this.keptSamples = 0;
      this.status = 'paused';
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      if (context) await context.close().catch(() => undefined);
      throw error;
    }
  }

  /** Starts (or resumes) delivering chunks of `chunkSamples` (default: the constructor's). */
  async record(onChunk: (chunk: RecorderChunk) => void, chunkSamples?: number): Promise<void> {
    const session = this.session;
    if (!session) throw new Error('not begun: call begin() first');
    if (this.status === 'recording') throw new Error('already recording: call pause() first');
    if (chunkSamples !== undefined && chunkSamples !== this.pipeline?.chunkSamples) {
      this.pipeline = new CapturePipeline(session.context.sampleRate, this.sampleRate, chunkSamples);
    }
    this.onChunk = onChunk;
    this.status = 'recording';
    this.command({ type: 'capture', on: true });
  }

  /** Stops delivering; the audio captured up to now is delivered first (the last chunk may be short). */
  async pause(): Promise<void> {
    if (!this.session) throw new Error('not begun: call begin() first');
    if (this.status !== 'recording') return;
    const id = this.nextFlushId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flushed = new Promise<void>((done) => {
      this.flushes.set(id, done);
      timer = setTimeout(done, FLUSH_TIMEOUT_MS);
    });
    this.command({ type: 'flush', id });
    this.command({ type: 'capture', on: false });
    await flushed;
    clearTimeout(timer);
    this.flushes.delete(id);
    for (const chunk of this.pipeline?.flush() ?? []) this.deliver(chunk);
    this.status = 'paused';
  }

  /** Drops the kept audio and whatever is buffered for the next chunk. */
  async clear(): Promise<void> {
    this.pipeline?.clear();
    this.kept = [];
    this.keptSamples = 0;
  }

  /** Stops recording and releases the microphone, the audio nodes and the AudioContext. */
  async end(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (this.status === 'recording') await this.pause();
    session.node.port.onmessage = null;
    session.source.disconnect();
    session.node.disconnect();
    session.analyser.disconnect();
    session.stream.getTracks().forEach((track) => track.stop());
    await session.context.close();
    this.session = null;
    this.pipeline = null;
    this.onChunk = null;
    this.status = 'ended';
  }

  /** A WAV of the kept audio (needs `keepAudio: true`); works after `end()` too. */
  async save(): Promise<Blob> {
    if (!this.options.keepAudio) throw new Error('nothing kept: construct the recorder with keepAudio: true');
    return WavPacker.pack(concatInt16(this.kept), { sampleRate: this.sampleRate });
  }

  /** Live microphone spectrum (silence before `begin`). */
  getFrequencies(kind: FrequencyKind = 'frequency'): FrequencyBins {
    return this.session ? this.session.analysis.getFrequencies(kind) : silentBins(kind);
  }

  private command(message: CaptureCommand): void {
    this.session?.node.port.postMessage(message);
  }

  private receive(message: CaptureEvent): void {
    if (message.type === 'flushed') {
      this.flushes.get(message.id)?.();
      this.flushes.delete(message.id);
      return;
    }
    if (this.status !== 'recording' || !this.pipeline || !this.session) return;
    this.lastEndTime = message.endFrame / this.session.context.sampleRate;
    for (const chunk of this.pipeline.push(message.frames)) this.deliver(chunk);
  }

  private deliver(mono: Int16Array): void {
    if (this.options.keepAudio) this.keep(mono);
    this.onChunk?.({ mono, endTime: this.lastEndTime });
  }

  private keep(chunk: Int16Array): void {
    this.kept.push(chunk);
    this.keptSamples += chunk.length;
    const limit = this.options.maxKeptSeconds * this.sampleRate;
    while (this.keptSamples - this.kept[0].length >= limit) {
      this.keptSamples -= this.kept.shift()!.length;
    }
  }
}

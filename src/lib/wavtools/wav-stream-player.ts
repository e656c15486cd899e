// Streams 24 kHz PCM16 (the Realtime API's output audio) to the speakers as it arrives, and
// tells on interrupt() how many samples of the current track were really heard, so the
// client can truncate the assistant's item at the right point. The counting happens in the
// playback worklet, per output frame, so it is exact across underruns and network gaps; what
// is still between the graph and the speaker (the context's base and output latency) is not
// counted as heard.
import { AudioAnalysis, silentBins } from './analysis';
import { audibleNotice, heardOffset, outputLatencySeconds, type AudibleNotice } from './heard-offset';
import { designKernel, type KernelOptions } from '../audio-codec/resampler';
import type { FrequencyBins, FrequencyKind } from './spectrum';
import { addWorkletModule } from './worklets/load-worklet';
import { directOutput, type OutputRoute } from './loopback-output';
import {
  PLAYBACK_PROCESSOR_NAME, PLAYBACK_PROCESSOR_SOURCE,
  type InterruptReply, type PlaybackCommand, type PlaybackEvent, type PlaybackProcessorOptions,
} from './worklets/playback-processor';

export interface InterruptResult {
  trackId: string | null;
  /** Samples (at `sampleRate`) of `trackId` heard: output, less what the output latency still held. */
  offset: number;
  /** Samples of `trackId` the worklet had handed to the audio graph (heard or still on their way). */
  sentOffset: number;
  /** The latency compensated, in seconds (`baseLatency + outputLatency`, 0 when switched off). */
  latencySeconds: number;
  /** AudioContext time of the interruption. */
  currentTime: number;
}

export type { AudibleNotice };

export type PlaybackNotice =
  | { type: 'started'; trackId: string; contextTime: number }
  | { type: 'idle'; trackId: string | null; offset: number; contextTime: number };

export interface WavStreamPlayerOptions {
  /** Rate of the PCM given to add16BitPCM. */
  sampleRate?: number;
  /** Audio held back when playback starts (or resumes after running dry); waits at most this long. */
  jitterMs?: number;
  /** AudioContext rate; default: the device's (the worklet converts). */
  contextSampleRate?: number;
  kernel?: KernelOptions;
  analyserFftSize?: number;
  /** Playback started after silence, or ran dry. */
  onPlayback?: (notice: PlaybackNotice) => void;
  /** The first sample of each track was played (once per track). */
  onAudible?: (notice: AudibleNotice) => void;
  /**
   * Subtract the context's `baseLatency + outputLatency` from interrupt offsets (default true):
   * samples still in the device's buffer have not been heard.
   */
  compensateOutputLatency?: boolean;
  /** The longest latency compensated, in ms (playback history kept in the worklet). */
  maxOutputLatencyMs?: number;
  /**
   * Connects the played audio to the speakers; default: the context's destination. The console
   * passes `loopbackOutput` (loopback-output.ts) so the browser's echo canceller hears it.
   */
  routeOutput?(context: AudioContext, output: AudioNode): OutputRoute | Promise<OutputRoute>;
}

export const DEFAULT_PLAYER_SAMPLE_RATE = 24000;
export const DEFAULT_JITTER_MS = 40;
/** Bluetooth output can add a few hundred ms; beyond 2 s the latency is taken as 2 s. */
export const DEFAULT_MAX_OUTPUT_LATENCY_MS = 2000;
export const DEFAULT_TRACK_ID = 'default';
/** Interrupted track ids remembered (their late chunks are dropped). */
export const MAX_INTERRUPTED_TRACKS = 256;
/** interrupt() gives up (null) after this long without the worklet's answer (e.g. a suspended context). */
export const INTERRUPT_TIMEOUT_MS = 1000;

interface Connection {
  context: AudioContext;
  node: AudioWorkletNode;
  analyser: AnalyserNode;
  analysis: AudioAnalysis;
  route: OutputRoute;
}

export class WavStreamPlayer {
  readonly sampleRate: number;
  private readonly options: WavStreamPlayerOptions;
  private connection: Connection | null = null;
  private connecting: Promise<void> | null = null;
  private readonly interrupted = new Set<string>();
  private readonly pending = new Map<number, (reply: InterruptReply | null) => void>();
  private nextRequestId = 1;

  constructor(options: WavStreamPlayerOptions = {}) {
    this.sampleRate = options.sampleRate ?? DEFAULT_PLAYER_SAMPLE_RATE;
    this.options = options;
  }

  /** The AudioContext, once connected (e.g. to read currentTime or outputLatency). */
  get context(): AudioContext | null {
    return this.connection?.context ?? null;
  }

  /** The node that outputs the played audio (for taps and custom visualisations). */
  get outputNode(): AudioNode | null {
    return this.connection?.node ?? null;
  }

  /** How the audio reaches the speakers, once connected. */
  get outputRoute(): Omit<OutputRoute, 'close'> | null {
    const route = this.connection?.route;
    return route ? { echoCancelled: route.echoCancelled, reason: route.reason } : null;
  }

  isConnected(): boolean {
    return this.connection !== null;
  }

  async connect(): Promise<void> {
    if (this.connection) return;
    if (!this.connecting) this.connecting = this.open().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const rate = this.options.contextSampleRate;
    const context = rate ? new AudioContext({ sampleRate: rate }) : new AudioContext();
    try {
      await addWorkletModule(context, PLAYBACK_PROCESSOR_SOURCE);
      const kernel = designKernel(this.sampleRate, context.sampleRate, this.options.kernel);
      const jitterMs = this.options.jitterMs ?? DEFAULT_JITTER_MS;
      const processorOptions: PlaybackProcessorOptions = {
        inRate: this.sampleRate,
        outRate: context.sampleRate,
        table: kernel.table,
        phasesPerSample: kernel.phasesPerSample,
        width: kernel.width,
        jitterSamples: Math.round((jitterMs * this.sampleRate) / 1000),
        maxWaitFrames: Math.round((jitterMs * context.sampleRate) / 1000),
        historyFrames: this.historyFrames(context),
      };
      const node = new AudioWorkletNode(context, PLAYBACK_PROCESSOR_NAME, { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1], processorOptions });
      const analyser = context.createAnalyser();
      analyser.fftSize = this.options.analyserFftSize ?? 2048;
      node.connect(analyser);
      const route = await (this.options.routeOutput ?? directOutput)(context, analyser);
      node.port.onmessage = (event: MessageEvent<PlaybackEvent>) => this.receive(event.data, context);
      // Without a user gesture the context may stay suspended; audio then starts on resume.
      if (context.state === 'suspended') context.resume().catch(() => undefined);
      this.connection = { context, node, analyser, analysis: AudioAnalysis.fromNode(analyser), route };
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  /** Queues PCM16 of `trackId` (e.g. a response item id). Chunks of interrupted tracks are dropped. */
  add16BitPCM(data: Int16Array | ArrayBuffer, trackId: string = DEFAULT_TRACK_ID): void {
    const connection = this.connection;
    if (!connection) throw new Error('not connected: call connect() first');
    if (this.interrupted.has(trackId)) return;
    // A copy we can transfer: the caller keeps its buffer.
    const samples = data instanceof Int16Array ? data.slice() : new Int16Array(data.slice(0, data.byteLength & ~1));
    const message: PlaybackCommand = { type: 'pcm', trackId, samples };
    connection.node.port.postMessage(message, [samples.buffer]);
  }

  /**
   * Stops playback and drops everything queued. Resolves to the track that was playing (or
   * waiting to) and how many of its samples were output, or null when the player was idle.
   */
  async interrupt(): Promise<InterruptResult | null> {
    const connection = this.connection;
    if (!connection) return null;
    const id = this.nextRequestId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = await new Promise<InterruptReply | null>((resolve) => {
      this.pending.set(id, resolve);
      timer = setTimeout(() => resolve(null), INTERRUPT_TIMEOUT_MS);
      const message: PlaybackCommand = { type: 'interrupt', id };
      connection.node.port.postMessage(message);
    });
    clearTimeout(timer);
    this.pending.delete(id);
    if (!reply) return null;
    for (const track of reply.tracks) this.markInterrupted(track);
    if (reply.trackId === null) return null;
    this.markInterrupted(reply.trackId);
    const { context } = connection;
    const latencySeconds = this.options.compensateOutputLatency === false ? 0 : outputLatencySeconds(context);
    const latencyFrames = Math.min(latencySeconds * context.sampleRate, this.historyFrames(context));
    return {
      trackId: reply.trackId,
      offset: heardOffset(reply.marks, reply.trackId, reply.offset, reply.frame, latencyFrames),
      sentOffset: reply.offset,
      latencySeconds: latencyFrames / context.sampleRate,
      currentTime: reply.frame / context.sampleRate,
    };
  }

  private historyFrames(context: BaseAudioContext): number {
    return Math.round(((this.options.maxOutputLatencyMs ?? DEFAULT_MAX_OUTPUT_LATENCY_MS) * context.sampleRate) / 1000);
  }

  /** Live spectrum of what is playing (silence when not connected). */
  getFrequencies(kind: FrequencyKind = 'frequency'): FrequencyBins {
    return this.connection ? this.connection.analysis.getFrequencies(kind) : silentBins(kind);
  }

  /** Stops playback and releases the worklet, the nodes and the AudioContext. */
  async disconnect(): Promise<void> {
    if (this.connecting) await this.connecting.catch(() => undefined);
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    for (const resolve of Array.from(this.pending.values())) resolve(null);
    this.pending.clear();
    connection.node.port.onmessage = null;
    connection.node.disconnect();
    connection.route.close();
    await connection.context.close();
  }

  private markInterrupted(trackId: string): void {
    // The default id is shared by every untagged chunk: blocking it would mute the player for good.
    if (trackId === DEFAULT_TRACK_ID) return;
    this.interrupted.delete(trackId);
    this.interrupted.add(trackId);
    if (this.interrupted.size > MAX_INTERRUPTED_TRACKS) this.interrupted.delete(this.interrupted.values().next().value as string);
  }

  private receive(message: PlaybackEvent, context: AudioContext): void {
    if (message.type === 'interrupted') {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    } else if (message.type === 'started') {
      this.options.onPlayback?.({ type: 'started', trackId: message.trackId, contextTime: message.frame / context.sampleRate });
    } else if (message.type === 'idle') {
      this.options.onPlayback?.({ type: 'idle', trackId: message.trackId, offset: message.offset, contextTime: message.frame / context.sampleRate });
    } else if (message.type === 'first') {
      void this.audible(audibleNotice(message.trackId, message.time, context));
    }
  }

  /**
   * Told once the listener can hear it: through the loopback, when its element played the sound
   * (the loopback's hop added, at least 0); else at once.
   */
  private async audible(notice: AudibleNotice): Promise<void> {
    const playout = this.connection?.route.playout;
    const played = playout ? await playout(notice.renderedAt).catch(() => null) : null;
    const loopbackMs = played === null ? undefined : Math.max(0, played - notice.time);
    this.options.onAudible?.(loopbackMs === undefined ? notice : { ...notice, time: notice.time + loopbackMs, loopbackMs });
  }
}

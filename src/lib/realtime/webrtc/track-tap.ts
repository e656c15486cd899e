// The browser half of a media wire's recording: an AudioContext with one capture worklet per
// track (wavtools' capture processor), both on the context's one frame counter, resampled to
// 24 kHz into RecordedTracks. An AudioWorklet rather than MediaRecorder: MediaRecorder gives
// compressed blobs with no sample-accurate timestamps, and both tracks would need decoding and
// aligning afterwards; the worklet gives PCM stamped with the frame it was rendered at.
// Listening only: the worklets' outputs are silent, so nothing plays twice.
import { floatTo16BitPCM } from '../../audio-codec/pcm';
import { StreamingResampler } from '../../audio-codec/resampler';
import { addWorkletModule } from '../../wavtools/worklets/load-worklet';
import { CAPTURE_PROCESSOR_NAME, CAPTURE_PROCESSOR_SOURCE, type CaptureEvent, type CaptureProcessorOptions } from '../../wavtools/worklets/capture-processor';
import { RECORDED_RATE, type RecordedTracks, type TrackName } from './recorded-tracks';

/** Device frames per worklet message: about 43 ms at 48 kHz (few messages, still prompt). */
export const TAP_BATCH_FRAMES = 2048;

export interface TrackTapOptions {
  createContext?: () => AudioContext;
  /** Page time of a batch's arrival; default Date.now (the clock events are stamped with). */
  now?: () => number;
}

interface Tapped {
  source: MediaStreamAudioSourceNode;
  node: AudioWorkletNode;
}

export class TrackTap {
  private ready: Promise<AudioContext> | null = null;
  private readonly taps = new Map<TrackName, Tapped>();
  private closed = false;

  constructor(private readonly tracks: RecordedTracks, private readonly options: TrackTapOptions = {}) {}

  /** Opens the context and loads the worklet now, so a track given later is recorded at once. */
  prepare(): void {
    this.open().catch(() => undefined); // tap() reports the failure
  }

  /** Records `track` as `name` from now on (replacing what was tapped as `name`). */
  async tap(name: TrackName, track: MediaStreamTrack): Promise<void> {
    const context = await this.open();
    if (this.closed) return;
    this.untap(name);
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const processorOptions: CaptureProcessorOptions = { batchFrames: TAP_BATCH_FRAMES };
    const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], processorOptions });
    const resampler = new StreamingResampler(context.sampleRate, RECORDED_RATE);
    const now = this.options.now ?? Date.now;
    const store = this.tracks.track(name);
    const ratio = RECORDED_RATE / context.sampleRate;
    let next: number | null = null;
    node.port.onmessage = (event: MessageEvent<CaptureEvent>) => {
      const message = event.data;
      if (message.type !== 'frames') return;
      const endSample = message.endFrame * ratio;
      this.tracks.clock.observe(endSample, now());
      const samples = floatTo16BitPCM(resampler.process(message.frames));
      // Batches follow each other; the first one places the track on the shared timeline.
      const start = next ?? Math.round(endSample - samples.length);
      store.push(start, samples);
      next = start + samples.length;
    };
    source.connect(node);
    // The worklet writes silence; connected, it is rendered everywhere.
    node.connect(context.destination);
    node.port.postMessage({ type: 'capture', on: true });
    this.taps.set(name, { source, node });
  }

  /** Stops both taps and closes the context; what was recorded stays in RecordedTracks. */
  async close(): Promise<void> {
    this.closed = true;
    for (const name of Array.from(this.taps.keys())) this.untap(name);
    // A context still opening is closed once it is open.
    const context = this.ready ? await this.ready.catch(() => null) : null;
    await context?.close().catch(() => undefined);
  }

  private untap(name: TrackName): void {
    const tapped = this.taps.get(name);
    if (!tapped) return;
    this.taps.delete(name);
    tapped.node.port.onmessage = null;
    tapped.source.disconnect();
    tapped.node.disconnect();
  }

  private open(): Promise<AudioContext> {
    this.ready ??= (async () => {
      const context = (this.options.createContext ?? (() => new AudioContext()))();
      await addWorkletModule(context, CAPTURE_PROCESSOR_SOURCE);
      // No user gesture needed to record a stream in Chromium; resume anyway, without waiting on it.
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      return context;
    })();
    return this.ready;
  }
}

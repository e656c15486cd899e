// Source of the playback AudioWorkletProcessor (plain JavaScript in a string, loaded through a
// Blob URL: see capture-processor.ts for why).
//
// It plays queued 24 kHz PCM16 at the context's rate, converting with the windowed-sinc
// kernel designed in resampler.ts (passed in processorOptions), and counts, per track, the
// samples it has really output: offsets stay exact across underruns and gaps, because
// nothing advances while the queue is empty. A small jitter buffer holds playback back (at
// most `maxWaitFrames`) until `jitterSamples` are queued, so bursty delivery does not click.
// At the start of every quantum it also marks which track it was outputting and how far, for
// `historyFrames`: the interrupt reply carries these marks, so the main thread can tell what had
// reached the listener through the output latency (heard-offset.ts). And it says when it renders
// a track's first sample, with the page's clock: the start of the "audible" figure.

import type { PlaybackMarks } from '../heard-offset';

export const PLAYBACK_PROCESSOR_NAME = 'wavtools-playback';

export interface PlaybackProcessorOptions {
  inRate: number;
  outRate: number;
  table: Float32Array;
  phasesPerSample: number;
  width: number;
  jitterSamples: number;
  maxWaitFrames: number;
  /** Context frames of playback marks kept (the longest output latency compensated). */
  historyFrames: number;
}

export type PlaybackCommand =
  | { type: 'pcm'; trackId: string; samples: Int16Array }
  | { type: 'interrupt'; id: number };

export interface InterruptReply {
  type: 'interrupted';
  id: number;
  /** The track being played (or about to be); null when the player was idle. */
  trackId: string | null;
  /** Samples of `trackId` output so far. */
  offset: number;
  /** Every track that still had audio queued (dropped now). */
  tracks: string[];
  frame: number;
  /** How often the queue ran dry (end of a track or an underrun) since connect. */
  drains: number;
  /** Oldest first, ending at `frame`: the track being output and its samples output so far. */
  marks: PlaybackMarks;
}

export type PlaybackEvent =
  | InterruptReply
  /** Output started after silence: the first sample of `trackId` is in the quantum at `frame`. */
  | { type: 'started'; trackId: string; frame: number }
  /** Everything queued has been played. */
  | { type: 'idle'; trackId: string | null; offset: number; frame: number; drains: number }
  /**
   * The first sample of `trackId` (its offset 0) was rendered, at context `frame` and at `time`
   * (Date.now() when the quantum was rendered, plus the frame's place in it): not queued, played.
   */
  | { type: 'first'; trackId: string; frame: number; time: number };

export const PLAYBACK_PROCESSOR_SOURCE = `
const IDLE = 0, WAITING = 1, PLAYING = 2;
const MAX_TRACKS_REMEMBERED = 64;

class WavtoolsPlaybackProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions;
    this.inRate = o.inRate;
    this.outRate = o.outRate;
    this.table = o.table;
    this.phases = o.phasesPerSample;
    this.width = o.width;
    this.passThrough = o.inRate === o.outRate;
    this.reach = this.passThrough ? 0 : Math.ceil(o.width);
    this.jitterSamples = o.jitterSamples;
    this.maxWaitFrames = o.maxWaitFrames;
    let size = 64;
    while (size < 2 * this.reach + 8) size *= 2;
    this.ringSize = size;
    this.ring = new Float32Array(size);
    this.ringTrack = new Array(size).fill(null);
    this.ringOffset = new Float64Array(size);
    this.drains = 0;
    // Marks survive reset(): an interrupt needs the history from before it.
    this.markSize = Math.ceil((o.historyFrames || 0) / 128) + 2;
    this.markFrames = new Float64Array(this.markSize);
    this.markPlayed = new Float64Array(this.markSize);
    this.markTracks = new Array(this.markSize).fill(null);
    this.markCount = 0;
    this.reset();
    this.port.onmessage = (event) => this.command(event.data);
  }

  reset() {
    this.segments = [];
    this.queued = 0;
    this.state = IDLE;
    this.waited = 0;
    this.starting = false;
    this.ring.fill(0);
    this.ringTrack.fill(null);
    this.fedEnd = 0;
    this.realEnd = 0;
    for (let i = 0; i < this.reach; i++) this.feedPad();
    this.anchor = this.fedEnd; // input time of output step 0
    this.steps = 0;
    this.received = new Map(); // track -> samples received (the next segment's first offset)
    this.played = new Map(); // track -> samples output, for tracks before lastTrack
    this.lastTrack = null; // the track of the last real sample output ...
    this.lastPlayed = 0; // ... and how many of its samples have been output
  }

  command(message) {
    if (message.type === 'pcm') {
      if (message.samples.length === 0) return;
      const start = this.received.get(message.trackId) || 0;
      this.remember(this.received, message.trackId, start + message.samples.length);
      this.segments.push({ trackId: message.trackId, data: message.samples, read: 0, start });
      this.queued += message.samples.length;
    } else if (message.type === 'interrupt') {
      const trackId = this.currentTrack();
      const tracks = new Set();
      for (const segment of this.segments) tracks.add(segment.trackId);
      for (let n = Math.floor(this.time()); n < this.fedEnd; n++) {
        const track = this.ringTrack[n % this.ringSize];
        if (track !== null) tracks.add(track);
      }
      const offset = this.playedOf(trackId);
      const marks = this.marks(currentFrame);
      this.port.postMessage({ type: 'interrupted', id: message.id, trackId, offset, tracks: Array.from(tracks), frame: currentFrame, drains: this.drains, marks });
      this.reset();
    }
  }

  currentTrack() {
    if (this.state === PLAYING) return this.lastTrack !== null ? this.lastTrack : this.segments.length ? this.segments[0].trackId : null;
    if (this.state === WAITING || this.queued > 0) return this.segments.length ? this.segments[0].trackId : null;
    return null;
  }

  time() {
    return this.anchor + (this.steps * this.inRate) / this.outRate;
  }

  playedOf(trackId) {
    if (trackId === null) return 0;
    return trackId === this.lastTrack ? this.lastPlayed : this.played.get(trackId) || 0;
  }

  mark(frame) {
    const slot = this.markCount % this.markSize;
    this.markFrames[slot] = frame;
    this.markTracks[slot] = this.lastTrack;
    this.markPlayed[slot] = this.lastPlayed;
    this.markCount++;
  }

  marks(now) {
    const frames = [], tracks = [], played = [];
    for (let i = Math.max(0, this.markCount - this.markSize); i < this.markCount; i++) {
      const slot = i % this.markSize;
      frames.push(this.markFrames[slot]);
      tracks.push(this.markTracks[slot]);
      played.push(this.markPlayed[slot]);
    }
    frames.push(now);
    tracks.push(this.lastTrack);
    played.push(this.lastPlayed);
    return { frames, tracks, played };
  }

  remember(map, key, value) {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_TRACKS_REMEMBERED) map.delete(map.keys().next().value);
  }

  feedPad() {
    const slot = this.fedEnd % this.ringSize;
    this.ring[slot] = 0;
    this.ringTrack[slot] = null;
    this.fedEnd++;
  }

  feedOne() {
    if (this.queued === 0) {
      this.feedPad();
      return;
    }
    const segment = this.segments[0];
    const slot = this.fedEnd % this.ringSize;
    this.ringOffset[slot] = segment.start + segment.read;
    this.ring[slot] = segment.data[segment.read++] / 32768;
    this.ringTrack[slot] = segment.trackId;
    this.queued--;
    if (segment.read === segment.data.length) this.segments.shift();
    this.fedEnd++;
    this.realEnd = this.fedEnd;
  }

  interpolate(t) {
    const ring = this.ring, table = this.table, phases = this.phases, size = this.ringSize;
    const tableEnd = table.length - 1;
    const last = Math.floor(t + this.width);
    let sum = 0;
    for (let n = Math.ceil(t - this.width); n <= last; n++) {
      const position = Math.abs(t - n) * phases;
      const index = position | 0;
      if (index >= tableEnd) continue;
      sum += ring[n % size] * (table[index] + (table[index + 1] - table[index]) * (position - index));
    }
    return sum;
  }

  process(inputs, outputs) {
    const output = outputs[0];
    const channel = output[0];
    this.mark(currentFrame);
    for (let i = 0; i < channel.length; i++) {
      if (this.state === IDLE) {
        if (this.queued === 0) { channel[i] = 0; continue; }
        this.state = WAITING;
        this.waited = 0;
      }
      if (this.state === WAITING) {
        if (this.queued < this.jitterSamples && this.waited < this.maxWaitFrames) {
          this.waited++;
          channel[i] = 0;
          continue;
        }
        this.state = PLAYING;
        // Everything fed before has been played: start the new audio right now.
        if (this.time() < this.fedEnd) { this.anchor = this.fedEnd; this.steps = 0; }
        this.starting = true;
      }
      const t = this.time();
      const m = Math.floor(t);
      while (this.fedEnd <= m + this.reach) {
        this.feedOne();
      }
      const slot = m % this.ringSize;
      const track = this.ringTrack[slot];
      if (track !== null) {
        // Per frame only scalars change; the map is written when the track changes.
        const first = track !== this.lastTrack && this.ringOffset[slot] === 0;
        if (track !== this.lastTrack) {
          if (this.lastTrack !== null) this.remember(this.played, this.lastTrack, this.lastPlayed);
          this.lastTrack = track;
        }
        this.lastPlayed = this.ringOffset[slot] + 1;
        if (this.starting) {
          this.starting = false;
          this.port.postMessage({ type: 'started', trackId: track, frame: currentFrame + i });
        }
        // Date is an ECMAScript built-in, so the worklet reads the page's clock; a quantum
        // renders in far less than a millisecond, and its frame i plays i frames after its first.
        if (first) this.port.postMessage({ type: 'first', trackId: track, frame: currentFrame + i, time: Date.now() + (i * 1000) / this.outRate });
      }
      channel[i] = this.passThrough ? this.ring[slot] : this.interpolate(t);
      this.steps++;
      if (this.queued === 0 && Math.floor(this.time()) >= this.realEnd + this.reach) {
        this.state = IDLE;
        this.starting = false;
        this.drains++;
        this.port.postMessage({ type: 'idle', trackId: this.lastTrack, offset: this.playedOf(this.lastTrack), frame: currentFrame + i + 1, drains: this.drains });
      }
    }
    for (let c = 1; c < output.length; c++) output[c].set(channel);
    return true;
  }
}
registerProcessor('${PLAYBACK_PROCESSOR_NAME}', WavtoolsPlaybackProcessor);
`;

// Frequency and volume data for the visualisations, from a live AnalyserNode (recorder,
// player) or from a finished buffer (a recorded or received clip, at a chosen time).
import { binSpectrum, decibelSpectrum, DEFAULT_DECIBEL_RANGE, rms, type DecibelRange, type FrequencyBins, type FrequencyKind } from './spectrum';

/** The part of AnalyserNode that is read here (so a buffer source and tests can stand in). */
export interface AnalyserLike {
  readonly fftSize: number;
  readonly frequencyBinCount: number;
  readonly minDecibels: number;
  readonly maxDecibels: number;
  readonly context: { readonly sampleRate: number };
  getFloatFrequencyData(array: Float32Array): void;
  getFloatTimeDomainData(array: Float32Array): void;
}

export interface BufferAnalysisOptions {
  /** Window length for buffer analysis (a power of two). */
  fftSize?: number;
  decibels?: DecibelRange;
}

export const DEFAULT_BUFFER_FFT_SIZE = 2048;

type Source =
  | { kind: 'node'; analyser: AnalyserLike; spectrum: Float32Array; waveform: Float32Array }
  | { kind: 'buffer'; samples: Float32Array; sampleRate: number; fftSize: number; decibels: DecibelRange };

export class AudioAnalysis {
  private readonly source: Source;

  private constructor(source: Source) {
    this.source = source;
  }

  /** Live analysis of whatever passes through `analyser`. */
  static fromNode(analyser: AnalyserLike): AudioAnalysis {
    return new AudioAnalysis({
      kind: 'node',
      analyser,
      spectrum: new Float32Array(analyser.frequencyBinCount),
      waveform: new Float32Array(analyser.fftSize),
    });
  }

  /** Analysis of a finished clip (float samples in [-1, 1]). */
  static fromBuffer(samples: Float32Array, sampleRate: number, options: BufferAnalysisOptions = {}): AudioAnalysis {
    const fftSize = options.fftSize ?? DEFAULT_BUFFER_FFT_SIZE;
    if (fftSize & (fftSize - 1)) throw new Error(`fftSize ${fftSize} is not a power of two`);
    return new AudioAnalysis({ kind: 'buffer', samples, sampleRate, fftSize, decibels: options.decibels ?? DEFAULT_DECIBEL_RANGE });
  }

  get sampleRate(): number {
    return this.source.kind === 'node' ? this.source.analyser.context.sampleRate : this.source.sampleRate;
  }

  /**
   * Display bins (0..1). For a buffer, `atSeconds` picks the window centred there (default:
   * the start); for a live node it is ignored.
   */
  getFrequencies(kind: FrequencyKind = 'frequency', atSeconds = 0): FrequencyBins {
    const source = this.source;
    if (source.kind === 'node') {
      source.analyser.getFloatFrequencyData(source.spectrum);
      const range = { minDecibels: source.analyser.minDecibels, maxDecibels: source.analyser.maxDecibels };
      return binSpectrum(source.spectrum, this.sampleRate, kind, range);
    }
    return binSpectrum(decibelSpectrum(this.window(atSeconds)), source.sampleRate, kind, source.decibels);
  }

  /** RMS level 0..1 of the current (or `atSeconds`) window. */
  getVolume(atSeconds = 0): number {
    const source = this.source;
    if (source.kind === 'node') {
      source.analyser.getFloatTimeDomainData(source.waveform);
      return rms(source.waveform);
    }
    return rms(this.window(atSeconds));
  }

  private window(atSeconds: number): Float32Array {
    const source = this.source as Extract<Source, { kind: 'buffer' }>;
    const out = new Float32Array(source.fftSize);
    const start = Math.round(atSeconds * source.sampleRate) - source.fftSize / 2;
    for (let i = 0; i < source.fftSize; i++) {
      const index = start + i;
      if (index >= 0 && index < source.samples.length) out[i] = source.samples[index];
    }
    return out;
  }
}

/** Bins of silence, for a visualisation asked before any audio exists. */
export function silentBins(kind: FrequencyKind, sampleRate = 24000, fftSize = DEFAULT_BUFFER_FFT_SIZE): FrequencyBins {
  return binSpectrum(new Float32Array(fftSize / 2).fill(-Infinity), sampleRate, kind);
}

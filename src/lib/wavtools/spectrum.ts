// Pure spectrum maths for the visualisations: an FFT with the same window and decibel scale
// as the Web Audio AnalyserNode, and the grouping of FFT bins into musical-note bins (all
// notes, or the voice range). Runs in Node, so the bins are unit-tested.

export type FrequencyKind = 'frequency' | 'music' | 'voice';

export interface FrequencyBins {
  /** Normalised 0..1 (minDecibels -> 0, maxDecibels -> 1). */
  values: Float32Array;
  labels: string[];
}

export interface DecibelRange {
  minDecibels: number;
  maxDecibels: number;
}

/** The AnalyserNode's defaults. */
export const DEFAULT_DECIBEL_RANGE: DecibelRange = { minDecibels: -100, maxDecibels: -30 };

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
/** Octaves shown for 'music': C1 (32.7 Hz) .. B8 (7902 Hz). */
export const MUSIC_OCTAVES = { first: 1, last: 8 };
/** Fundamentals and the lower formants of speech: shown for 'voice'. */
export const VOICE_RANGE_HZ = { min: 80, max: 3000 };
const A4_HZ = 440;

export interface Note {
  name: string;
  frequency: number;
}

/** Equal-tempered notes, A4 = 440 Hz, from C of `first` to B of `last`. */
export function noteTable(first = MUSIC_OCTAVES.first, last = MUSIC_OCTAVES.last): Note[] {
  const notes: Note[] = [];
  for (let octave = first; octave <= last; octave++) {
    for (let i = 0; i < 12; i++) {
      const midi = 12 * (octave + 1) + i; // C4 = 60, A4 = 69
      notes.push({ name: `${NOTE_NAMES[i]}${octave}`, frequency: A4_HZ * Math.pow(2, (midi - 69) / 12) });
    }
  }
  return notes;
}

const MUSIC_NOTES = noteTable();
const VOICE_NOTES = MUSIC_NOTES.filter((note) => note.frequency >= VOICE_RANGE_HZ.min && note.frequency <= VOICE_RANGE_HZ.max);

export function notesFor(kind: 'music' | 'voice'): Note[] {
  return kind === 'music' ? MUSIC_NOTES : VOICE_NOTES;
}

/** In-place radix-2 FFT of (re, im); the length must be a power of two. */
export function fft(re: Float32Array | Float64Array, im: Float32Array | Float64Array): void {
  const n = re.length;
  if (n & (n - 1)) throw new Error(`FFT size ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const step = (-2 * Math.PI) / size;
    const half = size >> 1;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = Math.cos(step * k);
        const wi = Math.sin(step * k);
        const a = start + k;
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

/**
 * Decibel magnitudes of `samples` (length = a power of two), Blackman-windowed and scaled
 * like AnalyserNode.getFloatFrequencyData (without its time smoothing): fftSize/2 bins.
 */
export function decibelSpectrum(samples: Float32Array): Float32Array {
  const n = samples.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i / n;
    const blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * x) + 0.08 * Math.cos(4 * Math.PI * x);
    re[i] = samples[i] * blackman;
  }
  fft(re, im);
  const out = new Float32Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    const magnitude = Math.hypot(re[k], im[k]) / n;
    out[k] = magnitude > 0 ? 20 * Math.log10(magnitude) : -Infinity;
  }
  return out;
}

function normalise(db: number, range: DecibelRange): number {
  if (!(db > range.minDecibels)) return 0;
  const value = (db - range.minDecibels) / (range.maxDecibels - range.minDecibels);
  return value > 1 ? 1 : value;
}

/**
 * Groups a decibel spectrum (bin k at k * sampleRate / fftSize Hz) into display bins.
 * 'frequency': one value per FFT bin. 'music' / 'voice': one per note, the loudest FFT bin
 * within a quarter tone of it (or the nearest bin when the FFT is coarser than that).
 */
export function binSpectrum(decibels: Float32Array, sampleRate: number, kind: FrequencyKind = 'frequency', range: DecibelRange = DEFAULT_DECIBEL_RANGE): FrequencyBins {
  const binHz = sampleRate / (decibels.length * 2);
  if (kind === 'frequency') {
    const values = new Float32Array(decibels.length);
    const labels: string[] = new Array(decibels.length);
    for (let k = 0; k < decibels.length; k++) {
      values[k] = normalise(decibels[k], range);
      labels[k] = `${Math.round(k * binHz)} Hz`;
    }
    return { values, labels };
  }
  const notes = notesFor(kind);
  const values = new Float32Array(notes.length);
  const quarterTone = Math.pow(2, 1 / 24);
  notes.forEach((note, i) => {
    const low = Math.ceil(note.frequency / quarterTone / binHz);
    const high = Math.min(decibels.length - 1, Math.floor((note.frequency * quarterTone) / binHz));
    let loudest = -Infinity;
    for (let k = low; k <= high; k++) loudest = Math.max(loudest, decibels[k]);
    if (low > high) loudest = decibels[Math.min(decibels.length - 1, Math.round(note.frequency / binHz))];
    values[i] = normalise(loudest, range);
  });
  return { values, labels: notes.map((note) => note.name) };
}

/** Root-mean-square level of a block, 0..1 for full-scale float audio. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

// Signal helpers shared by the Node tests and the e2e page checks: tones and tone measurement.

export function tone(frequency: number, sampleRate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

/** A 220 Hz PCM16 tone (amplitude 0.6) between stretches of silence: loud enough for the simulator's VAD. */
export function toneBurst(silenceBeforeMs: number, toneMs: number, silenceAfterMs: number, sampleRate = 24_000): Int16Array {
  const samples = (ms: number): number => Math.round((ms * sampleRate) / 1000);
  const out = new Int16Array(samples(silenceBeforeMs + toneMs + silenceAfterMs));
  const start = samples(silenceBeforeMs);
  const burst = tone(220, sampleRate, samples(toneMs) / sampleRate, 0.6);
  for (let i = 0; i < burst.length; i++) out[start + i] = Math.round(burst[i] * 32767);
  return out;
}

export interface ToneFit {
  /** Amplitude of the best-fitting sinusoid at the given frequency. */
  amplitude: number;
  /** RMS of what is left after removing that sinusoid, relative to its RMS, in dB. */
  residualDb: number;
}

/** Least-squares fit of a sinusoid of a known frequency (DC removed). */
export function fitTone(samples: Float32Array | Int16Array, frequency: number, sampleRate: number, scale = 1): ToneFit {
  const n = samples.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += samples[i] * scale;
  mean /= n;
  let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
  for (let i = 0; i < n; i++) {
    const w = (2 * Math.PI * frequency * i) / sampleRate;
    const s = Math.sin(w), c = Math.cos(w), y = samples[i] * scale - mean;
    ss += s * s; cc += c * c; sc += s * c; ys += y * s; yc += y * c;
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  let residual = 0;
  for (let i = 0; i < n; i++) {
    const w = (2 * Math.PI * frequency * i) / sampleRate;
    const e = samples[i] * scale - mean - a * Math.sin(w) - b * Math.cos(w);
    residual += e * e;
  }
  const amplitude = Math.hypot(a, b);
  const residualRms = Math.sqrt(residual / n);
  return { amplitude, residualDb: 20 * Math.log10(residualRms / (amplitude / Math.SQRT2)) };
}

export function rmsOf(samples: Float32Array | Int16Array, scale = 1): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] * scale) ** 2;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}

/** Frequency estimated from zero crossings (rising), for a clean tone. */
export function zeroCrossingFrequency(samples: Float32Array | Int16Array, sampleRate: number): number {
  let first = -1, last = -1, count = 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i - 1] < 0 && samples[i] >= 0) {
      const crossing = i - 1 + samples[i - 1] / (samples[i - 1] - samples[i]);
      if (first < 0) first = crossing;
      else count++;
      last = crossing;
    }
  }
  return count > 0 ? (count * sampleRate) / (last - first) : 0;
}

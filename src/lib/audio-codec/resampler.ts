// Band-limited sample-rate conversion (windowed-sinc interpolation, Kaiser window), for any
// pair of rates. The kernel is tabulated once (many phases per input sample, linearly
// interpolated), so 44.1 kHz -> 24 kHz costs the same as 48 kHz -> 24 kHz. When downsampling
// the low-pass cutoff follows the *output* Nyquist, so nothing above it folds back (aliasing).
// The same kernel table is handed to the playback worklet, which upsamples 24 kHz to the
// device rate with the same formula.

export interface KernelOptions {
  /** Zero crossings of the sinc on each side: more = sharper transition band, more work. */
  zeroCrossings?: number;
  /** Cutoff as a fraction of the lower Nyquist frequency (the centre of the transition band). */
  rolloff?: number;
  /** Kaiser window shape: 8 gives about 80 dB of stop-band attenuation. */
  kaiserBeta?: number;
  /** Table entries per input sample (the kernel is linearly interpolated between them). */
  phasesPerSample?: number;
}

/** Above this many phases the tabulated kernel is interpolated instead of a bank per phase. */
export const MAX_EXACT_PHASES = 1024;

export const DEFAULT_KERNEL_OPTIONS: Required<KernelOptions> = {
  zeroCrossings: 24,
  rolloff: 0.92,
  kaiserBeta: 8,
  phasesPerSample: 256,
};

/** A tabulated, symmetric low-pass interpolation kernel h(x), x in input samples. */
export interface ResamplerKernel {
  inRate: number;
  outRate: number;
  /** h(k / phasesPerSample) for k = 0 .. table.length - 1 (the right half; h is even). */
  table: Float32Array;
  phasesPerSample: number;
  /** Half-width in input samples: h(x) = 0 for |x| >= width. */
  width: number;
}

/** Zeroth-order modified Bessel function of the first kind (for the Kaiser window). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const half = x / 2;
  for (let k = 1; k < 64; k++) {
    term *= (half / k) * (half / k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** The continuous kernel h(x) (x in input samples) and its half-width. */
export function kernelFunction(inRate: number, outRate: number, options: KernelOptions = {}): { h: (x: number) => number; width: number } {
  if (!(inRate > 0 && outRate > 0)) throw new Error(`invalid rates ${inRate} -> ${outRate}`);
  const { zeroCrossings, rolloff, kaiserBeta } = { ...DEFAULT_KERNEL_OPTIONS, ...options };
  // Cutoff in cycles per input sample.
  const cutoff = (Math.min(inRate, outRate) / 2) * rolloff / inRate;
  const width = zeroCrossings / (2 * cutoff);
  const i0Beta = besselI0(kaiserBeta);
  const h = (x: number) => {
    const distance = Math.abs(x);
    if (distance >= width) return 0;
    const arg = 2 * cutoff * distance;
    const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    const r = distance / width;
    return 2 * cutoff * sinc * (besselI0(kaiserBeta * Math.sqrt(1 - r * r)) / i0Beta);
  };
  return { h, width };
}

export function designKernel(inRate: number, outRate: number, options: KernelOptions = {}): ResamplerKernel {
  const { phasesPerSample } = { ...DEFAULT_KERNEL_OPTIONS, ...options };
  const { h, width } = kernelFunction(inRate, outRate, options);
  const size = Math.ceil(width * phasesPerSample) + 2; // +2: the interpolation reads one past the end
  const table = new Float32Array(size);
  for (let k = 0; k < size; k++) table[k] = h(k / phasesPerSample);
  return { inRate, outRate, table, phasesPerSample, width };
}

/** h(distance) from the table, linearly interpolated; 0 outside the kernel. */
export function kernelAt(kernel: ResamplerKernel, distance: number): number {
  const position = Math.abs(distance) * kernel.phasesPerSample;
  const index = Math.floor(position);
  if (index >= kernel.table.length - 1) return 0;
  const fraction = position - index;
  return kernel.table[index] + (kernel.table[index + 1] - kernel.table[index]) * fraction;
}

/**
 * Streaming converter: feed blocks of any size, get every output sample whose input window
 * is complete. Output sample j sits at input time j * inRate / outRate (no phase shift);
 * the cost is `width` input samples of look-ahead latency. `flush()` emits the tail.
 */
export class StreamingResampler {
  readonly kernel: ResamplerKernel;
  readonly inRate: number;
  readonly outRate: number;
  private readonly passThrough: boolean;
  private readonly reach: number;
  // Exact polyphase bank (rational ratios with few phases): output j uses phase (j * step) mod phases.
  private readonly phases: number;
  private readonly step: number;
  private readonly bank: Float32Array | null;
  private buffer: Float32Array;
  private length = 0; // valid samples in buffer
  private base = 0; // absolute input index of buffer[0]
  private produced = 0; // output samples produced so far
  private consumed = 0; // real input samples received so far

  constructor(inRate: number, outRate: number, options: KernelOptions = {}) {
    this.inRate = inRate;
    this.outRate = outRate;
    this.kernel = designKernel(inRate, outRate, options);
    this.passThrough = inRate === outRate;
    this.reach = this.passThrough ? 0 : Math.ceil(this.kernel.width);
    const divisor = gcd(inRate, outRate);
    this.phases = outRate / divisor;
    this.step = inRate / divisor;
    this.bank = null;
    if (!this.passThrough && Number.isInteger(this.phases) && this.phases <= MAX_EXACT_PHASES) {
      const { h } = kernelFunction(inRate, outRate, options);
      const taps = 2 * this.reach;
      this.bank = new Float32Array(this.phases * taps);
      for (let p = 0; p < this.phases; p++) {
        // Tap i multiplies input floor(t) - reach + 1 + i.
        for (let i = 0; i < taps; i++) this.bank[p * taps + i] = h(p / this.phases + this.reach - 1 - i);
      }
    }
    this.buffer = new Float32Array(4096);
    this.reset();
  }

  /** Forgets all input: the next block starts a new signal (history is silence). */
  reset(): void {
    this.buffer.fill(0);
    this.base = -this.reach;
    this.length = this.reach;
    this.produced = 0;
    this.consumed = 0;
  }

  /** Input samples this converter delays its output by. */
  get latencySamples(): number {
    return this.reach;
  }

  process(input: Float32Array): Float32Array {
    this.append(input);
    this.consumed += input.length;
    return this.drain(Infinity);
  }

  /** Emits the remaining output (as if silence followed the input), then resets. */
  flush(): Float32Array {
    // Every output sample whose time lies inside the real input.
    const total = Math.ceil((this.consumed * this.outRate) / this.inRate);
    this.append(new Float32Array(this.reach + 1));
    const out = this.drain(total - this.produced);
    this.reset();
    return out;
  }

  private append(input: Float32Array): void {
    if (this.length + input.length > this.buffer.length) {
      const grown = new Float32Array(Math.max(this.buffer.length * 2, this.length + input.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(input, this.length);
    this.length += input.length;
  }

  private drain(limit: number): Float32Array {
    const end = this.base + this.length; // one past the last absolute input index
    // Output j is ready when input index floor(t_j) + reach exists.
    const lastTime = end - 1 - this.reach;
    // Integer arithmetic: the count of j with j * inRate < (lastTime + 1) * outRate.
    const bound = (lastTime + 1) * this.outRate;
    const ready = bound <= 0 ? 0 : Math.floor((bound + this.inRate - 1) / this.inRate) - this.produced;
    const count = Math.max(0, Math.min(ready, limit));
    const out = new Float32Array(count);
    const { table, phasesPerSample, width } = this.kernel;
    const tableEnd = table.length - 1;
    const buffer = this.buffer;
    const bank = this.bank;
    if (bank) {
      const taps = 2 * this.reach;
      for (let k = 0; k < count; k++) {
        const position = (this.produced + k) * this.step;
        const m = Math.floor(position / this.phases);
        const phase = position - m * this.phases;
        const first = m - this.reach + 1 - this.base;
        const offset = phase * taps;
        let sum = 0;
        for (let i = 0; i < taps; i++) sum += buffer[first + i] * bank[offset + i];
        out[k] = sum;
      }
    }
    for (let k = 0; k < count && !bank; k++) {
      const j = this.produced + k;
      const t = (j * this.inRate) / this.outRate;
      if (this.passThrough) {
        out[k] = buffer[t - this.base];
        continue;
      }
      const first = Math.ceil(t - width);
      const last = Math.floor(t + width);
      let sum = 0;
      for (let n = first; n <= last; n++) {
        const position = Math.abs(t - n) * phasesPerSample;
        const index = position | 0;
        if (index >= tableEnd) continue;
        const h = table[index] + (table[index + 1] - table[index]) * (position - index);
        sum += buffer[n - this.base] * h;
      }
      out[k] = sum;
    }
    this.produced += count;
    // Drop input no future output needs.
    const nextTime = (this.produced * this.inRate) / this.outRate;
    const keepFrom = Math.min(end, Math.floor(nextTime) - this.reach);
    const drop = keepFrom - this.base;
    if (drop > 0) {
      this.buffer.copyWithin(0, drop, this.length);
      this.length -= drop;
      this.base += drop;
    }
    return out;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** One-shot conversion of a whole signal (e.g. a decoded file). */
export function resample(samples: Float32Array, inRate: number, outRate: number, options: KernelOptions = {}): Float32Array {
  if (inRate === outRate) return samples.slice();
  const resampler = new StreamingResampler(inRate, outRate, options);
  const head = resampler.process(samples);
  const tail = resampler.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

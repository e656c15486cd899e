// Speech-like audio for a reply: voiced syllables (harmonics shaped by vowel formants, falling
// pitch, consonant noise bursts) and pauses at word and sentence boundaries. Deterministic.
// It only has to sound and look like speech (level meters, VAD, waveform views), not be words.

export const SYNTH_SAMPLE_RATE = 24000;

export interface SynthOptions {
  sampleRate?: number;
  /** Fundamental frequency in Hz; voices differ by it. */
  pitchHz?: number;
  /** Speaking rate multiplier (session `audio.output.speed`). */
  speed?: number;
}

export interface WordTiming {
  /** The transcript delta for this word (leading space included after the first). */
  text: string;
  startSample: number;
  endSample: number;
}

export interface SynthesizedSpeech {
  samples: Int16Array;
  words: WordTiming[];
}

const SYLLABLE_MS = 150;
const SYLLABLE_GAP_MS = 25;
const WORD_GAP_MS = 70;
const COMMA_PAUSE_MS = 220;
const SENTENCE_PAUSE_MS = 380;
const ATTACK_MS = 18;
const RELEASE_MS = 35;
const BURST_MS = 22;
const PEAK_LEVEL = 0.32;
const MAX_HARMONIC_HZ = 4000;
const WAVETABLE_SIZE = 2048;
const SINE = Float32Array.from({ length: WAVETABLE_SIZE }, (_, i) => Math.sin((2 * Math.PI * i) / WAVETABLE_SIZE));

/** First and second formants (Hz) by vowel letter. */
const FORMANTS: Record<string, [number, number]> = {
  a: [730, 1090],
  e: [530, 1840],
  i: [300, 2250],
  o: [570, 840],
  u: [320, 900],
  y: [300, 2100],
};

const VOICE_PITCH: Record<string, number> = {
  alloy: 170, ash: 120, ballad: 130, coral: 200, echo: 115, sage: 190, shimmer: 210, verse: 125, marin: 195, cedar: 110,
};

export function pitchForVoice(voice: unknown): number {
  return typeof voice === 'string' ? VOICE_PITCH[voice] ?? 160 : 160;
}

/** Splits text into the word deltas the transcript streams. */
export function splitWords(text: string): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : ` ${w}`));
}

function syllableVowels(word: string): string[] {
  const groups = word.toLowerCase().match(/[aeiouy]+/g) ?? [];
  const vowels = groups.map((g) => g[0]);
  return vowels.length ? vowels : ['a'];
}

/** A small deterministic noise source (LCG), so the same text gives the same audio. */
function noiseSource(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x80000000 - 1;
  };
}

function formantGain(frequency: number, [f1, f2]: [number, number]): number {
  const peak = (center: number, width: number): number => Math.exp(-(((frequency - center) / width) ** 2));
  return 0.15 + peak(f1, 180) + 0.7 * peak(f2, 260) + 0.25 * peak(2600, 400);
}

export function synthesizeSpeech(text: string, options: SynthOptions = {}): SynthesizedSpeech {
  const rate = options.sampleRate ?? SYNTH_SAMPLE_RATE;
  const tempo = options.speed && options.speed > 0 ? options.speed : 1;
  const basePitch = options.pitchHz ?? 160;
  const ms = (value: number): number => Math.round(((value / tempo) * rate) / 1000);
  const words = splitWords(text);
  const noise = noiseSource(text.length * 7919 + 17);

  // First pass: lay out syllables and pauses to know the total length.
  interface Syllable { start: number; length: number; vowel: string; pitch: number; burst: boolean }
  const syllables: Syllable[] = [];
  const timings: WordTiming[] = [];
  let cursor = 0;
  words.forEach((word, wordIndex) => {
    const start = cursor;
    const vowels = syllableVowels(word);
    vowels.forEach((vowel, i) => {
      // Pitch falls across the reply and rises slightly at each word start, like intonation.
      const progress = words.length > 1 ? wordIndex / (words.length - 1) : 0;
      const pitch = basePitch * (1.12 - 0.22 * progress) * (i === 0 ? 1.05 : 1);
      syllables.push({ start: cursor, length: ms(SYLLABLE_MS), vowel, pitch, burst: /^[^aeiouy]/i.test(word.trim()) && i === 0 });
      cursor += ms(SYLLABLE_MS) + (i < vowels.length - 1 ? ms(SYLLABLE_GAP_MS) : 0);
    });
    timings.push({ text: word, startSample: start, endSample: cursor });
    cursor += /[.!?]$/.test(word) ? ms(SENTENCE_PAUSE_MS) : /[,;:]$/.test(word) ? ms(COMMA_PAUSE_MS) : ms(WORD_GAP_MS);
  });

  const out = new Float32Array(cursor);
  const attack = Math.max(1, ms(ATTACK_MS));
  const release = Math.max(1, ms(RELEASE_MS));
  const burst = ms(BURST_MS);
  for (const s of syllables) {
    // One period of the vowel's waveform, read back with a phase accumulator: O(1) per sample.
    const formants = FORMANTS[s.vowel] ?? FORMANTS.a;
    const table = new Float32Array(WAVETABLE_SIZE);
    let norm = 0;
    for (let k = 1; k * s.pitch < MAX_HARMONIC_HZ; k++) {
      const gain = formantGain(k * s.pitch, formants) / k ** 0.6;
      norm += gain;
      for (let i = 0; i < WAVETABLE_SIZE; i++) table[i] += gain * SINE[(k * i) % WAVETABLE_SIZE];
    }
    norm = norm || 1;
    let phase = 0;
    for (let n = 0; n < s.length; n++) {
      const envelope = Math.min(1, n / attack, (s.length - n) / release);
      const vibrato = 1 + 0.015 * Math.sin((2 * Math.PI * 5.5 * n) / rate);
      phase = (phase + (s.pitch * vibrato * WAVETABLE_SIZE) / rate) % WAVETABLE_SIZE;
      out[s.start + n] += (PEAK_LEVEL * envelope * table[phase | 0]) / norm;
    }
    if (s.burst) {
      for (let n = 0; n < burst && s.start + n < out.length; n++) out[s.start + n] += 0.08 * noise() * (1 - n / burst);
    }
  }
  const samples = new Int16Array(out.length);
  for (let i = 0; i < out.length; i++) samples[i] = Math.max(-32768, Math.min(32767, Math.round(out[i] * 32767)));
  return { samples, words: timings };
}

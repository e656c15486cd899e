// The assistant's lane: one continuous output track cut in 100 ms deltas on the session clock,
// silence between utterances, and the words of what is spoken gathered per 200 ms transcript
// bucket. GPT-Live has no responses to cancel and no truncation: when the user talks over the
// model it keeps speaking a little (the overlap), then yields and drops what it had left to say.
import { synthesizeSpeech, pitchForVoice, type WordTiming } from '../speech-synth';
import { SAMPLES_PER_MS } from '../audio-buffer';

/** Length of each `session.output_audio.delta`. */
export const OUTPUT_CHUNK_MS = 100;
/** Length of each transcript bucket (input and output). */
export const TRANSCRIPT_BUCKET_MS = 200;
/** How long the model keeps speaking over the user before it yields (a barge-in is an overlap). */
export const BARGE_IN_YIELD_MS = 300;

export type UtteranceKind = 'reply' | 'acknowledgement' | 'commentary' | 'fixture';

interface Utterance {
  kind: UtteranceKind;
  samples: Int16Array;
  words: WordTiming[];
  /** Samples already played. */
  played: number;
  nextWord: number;
  /** Session ms of its first sample, once it started. */
  startMs: number | null;
  onDone?: () => void;
}

export interface TimedText {
  text: string;
  startMs: number;
  endMs: number;
}

export interface OutputWindow {
  /** 24 kHz PCM16 for [startMs, startMs + OUTPUT_CHUNK_MS). */
  samples: Int16Array;
  /** A finished transcript bucket, when this window closed one that had words. */
  transcript: TimedText | null;
  /** Kinds of the utterances that started in this window (the session logs them). */
  started: UtteranceKind[];
}

export class OutputLane {
  private readonly queue: Utterance[] = [];
  private bucketWords: string[] = [];
  /** Whether any word went out before: a later utterance then starts with a space. */
  private spokenBefore = false;
  private yieldAtMs: number | null = null;
  private readonly pitchHz: number;

  constructor(voice: unknown) {
    this.pitchHz = pitchForVoice(voice);
  }

  get speaking(): boolean {
    return this.queue.length > 0;
  }

  /** What is left to say, in utterances (the acknowledgement a commentary cancels is one). */
  get pendingKinds(): UtteranceKind[] {
    return this.queue.map((u) => u.kind);
  }

  say(text: string, kind: UtteranceKind, onDone?: () => void): void {
    const speech = synthesizeSpeech(text, { pitchHz: this.pitchHz });
    this.queue.push({ kind, samples: speech.samples, words: speech.words, played: 0, nextWord: 0, startMs: null, onDone });
  }

  play(samples: Int16Array, onDone?: () => void): void {
    this.queue.push({ kind: 'fixture', samples, words: [], played: 0, nextWord: 0, startMs: null, onDone });
  }

  /** Drops queued utterances of a kind that have not started (a cancelled acknowledgement). */
  cancelPending(kind: UtteranceKind): number {
    let dropped = 0;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].kind === kind && this.queue[i].startMs === null) {
        this.queue.splice(i, 1);
        dropped++;
      }
    }
    return dropped;
  }

  /** Stops at once and forgets what was left to say (an audio fixture takes the output). */
  clear(): void {
    for (const dropped of this.queue.splice(0)) dropped.onDone?.();
    this.yieldAtMs = null;
  }

  /** The user started speaking at `atMs`: keep talking BARGE_IN_YIELD_MS, then stop. */
  bargeIn(atMs: number): void {
    if (this.speaking && this.yieldAtMs === null) this.yieldAtMs = atMs + BARGE_IN_YIELD_MS;
  }

  /** The 100 ms window starting at `startMs` (windows must follow one another). */
  next(startMs: number): OutputWindow {
    const out = new Int16Array(OUTPUT_CHUNK_MS * SAMPLES_PER_MS);
    const started: UtteranceKind[] = [];
    let filled = 0;
    while (filled < out.length && this.queue.length) {
      const nowMs = startMs + filled / SAMPLES_PER_MS;
      if (this.yieldAtMs !== null && nowMs >= this.yieldAtMs) {
        for (const dropped of this.queue.splice(0)) dropped.onDone?.();
        break;
      }
      const current = this.queue[0];
      if (current.startMs === null) {
        current.startMs = nowMs;
        started.push(current.kind);
      }
      const room = out.length - filled;
      const untilYield = this.yieldAtMs === null ? room : Math.max(1, Math.round((this.yieldAtMs - nowMs) * SAMPLES_PER_MS));
      const take = Math.min(room, untilYield, current.samples.length - current.played);
      out.set(current.samples.subarray(current.played, current.played + take), filled);
      current.played += take;
      filled += take;
      while (current.nextWord < current.words.length && current.words[current.nextWord].startSample < current.played) {
        const word = current.words[current.nextWord].text;
        // A new utterance's first word has no leading space; the transcript still reads as words,
        // within a bucket and across buckets ("check. It is", not "check.It is").
        this.bucketWords.push((this.bucketWords.length || this.spokenBefore) && !word.startsWith(' ') ? ` ${word}` : word);
        this.spokenBefore = true;
        current.nextWord++;
      }
      if (current.played >= current.samples.length) {
        this.queue.shift();
        current.onDone?.();
      }
    }
    if (!this.queue.length) this.yieldAtMs = null;
    const endMs = startMs + OUTPUT_CHUNK_MS;
    let transcript: TimedText | null = null;
    if (endMs % TRANSCRIPT_BUCKET_MS === 0 && this.bucketWords.length) {
      transcript = { text: this.bucketWords.join(''), startMs: endMs - TRANSCRIPT_BUCKET_MS, endMs };
      this.bucketWords = [];
    }
    return { samples: out, transcript, started };
  }
}

// The level of a client's input audio, 10 ms frame by frame, so a replay can tell whether the
// new client spoke where the recorded one did (between a recorded speech_started's
// `audio_start_ms` and speech_stopped's `audio_end_ms`, on the input audio clock). Levels only,
// not content: no two microphones give the same samples. Measured on 24 kHz PCM16, the clock the
// session runs on: G.711 input is decoded to it first (input-clock.ts), WebRTC media arrives so.
const SAMPLES_PER_FRAME = 240; // 10 ms at 24 kHz
export const FRAME_MS = 10;
/** What silence reads as (no frames, or all zero). */
export const SILENCE_DBFS = -100;
/** A new client this far below the recorded speech level did not speak where the recording did. */
export const SPEECH_LEVEL_TOLERANCE_DB = 20;
/** Frames kept at most (6 hours); later audio is not measured (a placeholder may claim any length). */
export const MAX_LEVEL_FRAMES = 6 * 3600 * 100;

export class FrameLevels {
  /** RMS of each whole 10 ms frame, 0..1 of full scale. */
  private readonly levels: number[] = [];
  private sumSquares = 0;
  private count = 0;

  push(samples: Int16Array): void {
    for (const sample of samples) this.add(sample);
  }

  /** `count` samples of silence (audio whose bytes were not kept), whole frames at once. */
  pushSilence(count: number): void {
    let left = count;
    while (left > 0 && this.count > 0) {
      this.add(0);
      left--;
    }
    const frames = Math.min(Math.floor(left / SAMPLES_PER_FRAME), Math.max(0, MAX_LEVEL_FRAMES - this.levels.length));
    for (let i = 0; i < frames; i++) this.levels.push(0);
    this.count = frames * SAMPLES_PER_FRAME < left ? (left - frames * SAMPLES_PER_FRAME) % SAMPLES_PER_FRAME : 0;
  }

  private add(sample: number): void {
    this.sumSquares += sample * sample;
    if (++this.count < SAMPLES_PER_FRAME) return;
    if (this.levels.length < MAX_LEVEL_FRAMES) this.levels.push(Math.sqrt(this.sumSquares / this.count) / 32768);
    this.sumSquares = 0;
    this.count = 0;
  }

  /** The loudest frame between two points of the input clock, in dBFS (SILENCE_DBFS when none). */
  peakDbfs(fromMs: number, toMs: number): number {
    let peak = 0;
    const end = Math.min(this.levels.length, Math.ceil(toMs / FRAME_MS));
    for (let frame = Math.max(0, Math.floor(fromMs / FRAME_MS)); frame < end; frame++) peak = Math.max(peak, this.levels[frame]);
    return peak > 0 ? Math.max(SILENCE_DBFS, Math.round(20 * Math.log10(peak) * 10) / 10) : SILENCE_DBFS;
  }
}

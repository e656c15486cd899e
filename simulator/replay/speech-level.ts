// The level of a client's input audio, 10 ms frame by frame, so a replay can tell whether the
// new client spoke where the recorded one did (between a recorded speech_started's
// `audio_start_ms` and speech_stopped's `audio_end_ms`, on the input audio clock). Levels only,
// not content: no two microphones give the same samples. PCM16 at 24 kHz (`audio/pcm`) only; a
// G.711 session's speech is not checked (replay-plan.ts says so in a warning).
const SAMPLES_PER_FRAME = 240; // 10 ms at 24 kHz
export const FRAME_MS = 10;
/** What silence reads as (no frames, or all zero). */
export const SILENCE_DBFS = -100;
/** A new client this far below the recorded speech level did not speak where the recording did. */
export const SPEECH_LEVEL_TOLERANCE_DB = 20;

/** A little-endian signed 16-bit sample from its two bytes. */
function int16(low: number, high: number): number {
  const value = (high << 8) | low;
  return value >= 0x8000 ? value - 0x10000 : value;
}

export class FrameLevels {
  /** RMS of each whole 10 ms frame, 0..1 of full scale. */
  private readonly levels: number[] = [];
  private sumSquares = 0;
  private count = 0;
  /** The low byte of a sample split across two appends. */
  private carry: number | null = null;

  push(bytes: Uint8Array): void {
    let index = 0;
    if (this.carry !== null && bytes.length > 0) {
      this.add(int16(this.carry, bytes[0]));
      this.carry = null;
      index = 1;
    }
    for (; index + 1 < bytes.length; index += 2) this.add(int16(bytes[index], bytes[index + 1]));
    if (index < bytes.length) this.carry = bytes[index];
  }

  private add(sample: number): void {
    this.sumSquares += sample * sample;
    if (++this.count < SAMPLES_PER_FRAME) return;
    this.levels.push(Math.sqrt(this.sumSquares / this.count) / 32768);
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

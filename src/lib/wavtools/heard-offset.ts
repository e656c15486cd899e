// How much of a track the listener has heard, as opposed to how much the playback worklet has
// handed to the audio graph. Between the two lie the context's base latency (graph -> audio
// subsystem) and its output latency (subsystem -> device: tens of ms, hundreds on Bluetooth).
// Truncating an assistant item at the worklet's count would make the model believe the user
// heard words still in the device's buffer. The worklet records, at the start of every render
// quantum, which track it was outputting and how many of its samples it had output; the heard
// offset is that count at `interruptFrame - latencyFrames`, interpolated inside a quantum.
// Reading the record instead of subtracting a sample count keeps it exact across underruns
// and track changes inside the latency window.

/** Worklet playback history, oldest first: at context `frames[i]`, `played[i]` samples of `tracks[i]` had been output. */
export interface PlaybackMarks {
  frames: number[];
  tracks: Array<string | null>;
  played: number[];
}

/** Seconds from the audio graph to the device: `baseLatency + outputLatency` (each 0 where the browser lacks it). */
export function outputLatencySeconds(context: { baseLatency?: number; outputLatency?: number }): number {
  const base = Number.isFinite(context.baseLatency) ? (context.baseLatency as number) : 0;
  const output = Number.isFinite(context.outputLatency) ? (context.outputLatency as number) : 0;
  return Math.max(0, base + output);
}

/**
 * Samples of `trackId` heard at `interruptFrame`, given the marks (the last one at
 * `interruptFrame` itself) and the latency in context frames. 0 when the track had not reached
 * the listener yet; never more than the worklet output (`sentOffset`).
 */
export function heardOffset(marks: PlaybackMarks, trackId: string | null, sentOffset: number, interruptFrame: number, latencyFrames: number): number {
  if (trackId === null) return 0;
  if (!(latencyFrames > 0)) return sentOffset;
  const target = interruptFrame - latencyFrames;
  let k = marks.frames.length - 1;
  while (k >= 0 && marks.frames[k] > target) k--;
  // Before the first mark nothing was playing (the history is longer than any latency allowed).
  if (k < 0 || marks.tracks[k] !== trackId) return 0;
  let played = marks.played[k];
  const next = k + 1;
  if (next < marks.frames.length && marks.tracks[next] === trackId && marks.frames[next] > marks.frames[k]) {
    const fraction = (target - marks.frames[k]) / (marks.frames[next] - marks.frames[k]);
    played += (marks.played[next] - played) * fraction;
  }
  return Math.max(0, Math.min(sentOffset, Math.floor(played)));
}

/**
 * The first sample of a track was played: `renderedAt` is when the worklet rendered it (Date.now()
 * clock, ms), `time` when it reaches the listener, `renderedAt` plus the context's
 * `baseLatency + outputLatency` (each 0 where the browser lacks it; both given apart).
 */
export interface AudibleNotice {
  trackId: string;
  time: number;
  renderedAt: number;
  baseLatencyMs: number;
  outputLatencyMs: number;
  /** Through the echo-canceller loopback: what its hop added (its element's playout less the context's). */
  loopbackMs?: number;
}

/** Read when the notice arrives: outputLatency changes with the device (Bluetooth, a new sink). */
export function audibleNotice(trackId: string, renderedAt: number, context: { baseLatency?: number; outputLatency?: number }): AudibleNotice {
  const baseLatencyMs = outputLatencySeconds({ baseLatency: context.baseLatency }) * 1000;
  const outputLatencyMs = outputLatencySeconds({ outputLatency: context.outputLatency }) * 1000;
  return { trackId, renderedAt, time: renderedAt + baseLatencyMs + outputLatencyMs, baseLatencyMs, outputLatencyMs };
}

// When the echo-canceller loopback's <audio> element began to play a sound: the hop the player's
// own mark (worklet render time + the context's latencies) leaves out, seen from the receiving
// peer. `RTCRtpReceiver.getSynchronizationSources()` gives the time the newest frame left the
// jitter buffer for the track (Date.now-like ms) and its audio level (the sender adds the RFC 6464
// level to each packet); getStats' `media-playout` entry gives the average delay from there to the
// output device (`totalPlayoutDelay / totalSamplesCount`). There is no event for either, so the
// receiver is polled: the frame found is one poll later than the first loud one at most, more when
// the page's main thread is busy. Headless Chromium, a tone through the pair: delivered 15–36 ms
// after the context's own output time, plus 29.9 ms of playout delay; `npm run bench:first-audio`
// gives the hop for answers.

/** Polled this often. */
export const PLAYOUT_POLL_MS = 5;
/** Given up after this long: nothing loud reached the element (an empty or silent item). */
export const PLAYOUT_WAIT_MS = 1_000;
/**
 * Linear level (0..1, 1 = 0 dBov) from which a frame is sound: −60 dBov. A frame's level is its
 * RMS in whole dB, so an answer's soft start stays below a sample-peak threshold such as the
 * benches' −46 dBFS for a frame or more; the player's silence is digital zeros (level 0).
 */
export const PLAYOUT_LEVEL = 0.001;

export interface PlayoutSource {
  getSynchronizationSources(): Array<Pick<RTCRtpSynchronizationSource, 'timestamp' | 'audioLevel'>>;
  getStats(): Promise<RTCStatsReport>;
}

export interface PlayoutOptions {
  pollMs?: number;
  waitMs?: number;
  level?: number;
  /** Resolves after `ms` (tests pass their own clock). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The element's average delay from the track to the device, ms (0 when the browser does not say). */
export async function playoutDelayMs(receiver: Pick<PlayoutSource, 'getStats'>): Promise<number> {
  let delay = 0;
  try {
    (await receiver.getStats()).forEach((stats: { type?: string; totalPlayoutDelay?: number; totalSamplesCount?: number }) => {
      if (stats.type === 'media-playout' && stats.totalPlayoutDelay && stats.totalSamplesCount) delay = (1000 * stats.totalPlayoutDelay) / stats.totalSamplesCount;
    });
  } catch {
    // no stats: the delivery time alone
  }
  return delay;
}

/**
 * When the element played the first loud frame delivered at or after `since` (ms, the Date.now
 * clock): its delivery time plus the playout delay; null when none came within the wait.
 */
export async function firstPlayout(receiver: PlayoutSource, since: number, options: PlayoutOptions = {}): Promise<number | null> {
  const pollMs = options.pollMs ?? PLAYOUT_POLL_MS;
  const level = options.level ?? PLAYOUT_LEVEL;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + (options.waitMs ?? PLAYOUT_WAIT_MS);
  for (;;) {
    const loud = receiver.getSynchronizationSources().find((source) => source.timestamp >= since && (source.audioLevel ?? 0) >= level);
    if (loud) return loud.timestamp + (await playoutDelayMs(receiver));
    if (now() >= deadline) return null;
    await sleep(pollMs);
  }
}

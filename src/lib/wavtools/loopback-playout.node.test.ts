// The loopback's playout probe over a scripted receiver: the frames it reports poll by poll (as
// getSynchronizationSources gives only the newest), the playout delay getStats reports, and a
// clock the polls move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstPlayout, playoutDelayMs, type PlayoutSource } from './loopback-playout';

type Frame = { timestamp: number; audioLevel?: number };

/** A receiver whose newest frame is the next of `frames` at each poll (the last one stays). */
function receiver(frames: Frame[], stats: Array<Record<string, unknown>> | Error): PlayoutSource & { polls: number } {
  const source = {
    polls: 0,
    getSynchronizationSources: () => [frames[Math.min(source.polls++, frames.length - 1)]] as RTCRtpSynchronizationSource[],
    getStats: async () => {
      if (stats instanceof Error) throw stats;
      return new Map(stats.map((entry, i) => [String(i), entry])) as unknown as RTCStatsReport;
    },
  };
  return source;
}

function clock() {
  let now = 1_000;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

test('the first loud frame delivered since the render, plus the element\'s average playout delay', async () => {
  const frames = [
    { timestamp: 990, audioLevel: 0.5 }, // a sound from before: not this item's
    { timestamp: 1_010, audioLevel: 0.0005 }, // quieter than −60 dBov
    { timestamp: 1_030 }, // no level at all
    { timestamp: 1_046, audioLevel: 0.2 },
  ];
  const stats = [{ type: 'inbound-rtp', jitterBufferDelay: 9 }, { type: 'media-playout', totalPlayoutDelay: 0.6, totalSamplesCount: 20 }];
  const source = receiver(frames, stats);
  assert.equal(await firstPlayout(source, 1_000, clock()), 1_046 + 30);
  assert.equal(source.polls, 4);
});

test('nothing loud within the wait is null; no playout stats (or none at all) add nothing', async () => {
  assert.equal(await firstPlayout(receiver([{ timestamp: 1_200, audioLevel: 0 }], []), 1_000, { ...clock(), waitMs: 100 }), null);
  assert.equal(await firstPlayout(receiver([{ timestamp: 1_020, audioLevel: 1 }], new Error('closed')), 1_000, clock()), 1_020);
  assert.equal(await playoutDelayMs(receiver([], [{ type: 'media-playout', totalPlayoutDelay: 0, totalSamplesCount: 0 }])), 0);
});

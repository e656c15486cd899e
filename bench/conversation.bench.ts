// Benchmark: one assistant response of 1, 10 and 30 minutes of 24 kHz PCM16 audio, in 50 ms
// deltas, through RealtimeConversation. Prints the time per delta (early vs late in the
// response: flat means O(1) per append) and memory against the raw PCM size.
// Each size runs in a fresh child process so its peak memory is its own.
// Usage: npm run bench   (node --expose-gc --import tsx bench/conversation.bench.ts [minutes...])
import { spawnSync } from 'node:child_process';
import { RealtimeConversation } from '../src/lib/realtime/conversation';
import type { ServerEvent } from '../src/lib/protocol/protocol-types';
import { concatInt16, int16ToBase64 } from '../src/lib/audio-codec/pcm';

const SAMPLE_RATE = 24_000;
const DELTA_MS = 50;
const SAMPLES_PER_DELTA = (SAMPLE_RATE * DELTA_MS) / 1000;
const DEFAULT_MINUTES = [1, 10, 30];
/** Memory is sampled this often (in deltas). */
const MEMORY_EVERY = 200;
/** Each end of the response over which time per delta is averaged. */
const EDGE_FRACTION = 0.1;
/** The quadratic baseline (a new array per append, as the old client did) is run this long only. */
const NAIVE_MINUTES = 1;
const WARM_UP_DELTAS = 2000;

interface Result {
  minutes: number;
  deltas: number;
  rawMB: number;
  /** Medians over the first and last 10% of deltas (robust to a busy machine), and the overall mean. */
  usPerDeltaFirst: number;
  usPerDeltaLast: number;
  usPerDeltaAll: number;
  streamPeakMB: number;
  retainedMB: number;
  joinMs: number;
  joinPeakMB: number;
  afterJoinMB: number;
  naive?: { usPerDeltaFirst: number; usPerDeltaLast: number };
}

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;
function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
function settle(): number {
  gc?.();
  gc?.();
  return memory();
}

function speechLikeDelta(seed: number): string {
  const samples = new Int16Array(SAMPLES_PER_DELTA);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * (180 + seed) * i) / SAMPLE_RATE));
  return int16ToBase64(samples);
}

function edges(times: Float64Array): { first: number; last: number; all: number } {
  const n = times.length;
  const edge = Math.max(1, Math.floor(n * EDGE_FRACTION));
  const median = (from: number, to: number): number => {
    const sorted = Array.from(times.subarray(from, to)).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += times[i];
  return { first: median(0, edge), last: median(n - edge, n), all: sum / n };
}

/** Lets the JIT compile the hot paths before anything is timed. */
function warmUp(): void {
  const conversation = new RealtimeConversation();
  const delta = speechLikeDelta(0);
  for (let i = 0; i < WARM_UP_DELTAS; i++) {
    conversation.processEvent({ type: 'response.output_audio.delta', event_id: 'w', response_id: 'r', item_id: 'warm', output_index: 0, content_index: 0, delta });
  }
  conversation.getItem('warm')?.getAudio();
}

function runConversation(minutes: number): Omit<Result, 'naive'> {
  const deltas = (minutes * 60 * 1000) / DELTA_MS;
  warmUp();
  const payloads = Array.from({ length: 8 }, (_, i) => speechLikeDelta(i * 20));
  const conversation = new RealtimeConversation();
  const base = { response_id: 'resp_bench', item_id: 'item_bench', output_index: 0, content_index: 0 };
  const item = { id: 'item_bench', object: 'realtime.item' as const, type: 'message' as const, role: 'assistant' as const, status: 'in_progress' as const, content: [] };
  conversation.processEvent({ type: 'response.output_item.added', event_id: 'e0', response_id: 'resp_bench', output_index: 0, item });
  const baseline = settle();
  let peak = baseline;
  const times = new Float64Array(deltas);
  for (let i = 0; i < deltas; i++) {
    // A fresh event object per delta, as JSON.parse would give; the payload strings are shared.
    const event: ServerEvent = { type: 'response.output_audio.delta', event_id: `e${i}`, ...base, delta: payloads[i & 7] };
    const start = process.hrtime.bigint();
    conversation.processEvent(event);
    if (i % 10 === 0) conversation.processEvent({ type: 'response.output_audio_transcript.delta', event_id: `t${i}`, ...base, delta: ' word' });
    times[i] = Number(process.hrtime.bigint() - start) / 1000;
    if (i % MEMORY_EVERY === 0) peak = Math.max(peak, memory());
  }
  const streamPeak = Math.max(peak, memory());
  const retained = settle() - baseline;
  const stored = conversation.getItem('item_bench');
  if (!stored) throw new Error('the item is missing');
  const joinStart = process.hrtime.bigint();
  const audio = stored.getAudio();
  const joinMs = Number(process.hrtime.bigint() - joinStart) / 1e6;
  const joinPeak = memory();
  if (audio.length !== deltas * SAMPLES_PER_DELTA) throw new Error(`expected ${deltas * SAMPLES_PER_DELTA} samples, got ${audio.length}`);
  const afterJoin = settle() - baseline;
  const t = edges(times);
  return {
    minutes,
    deltas,
    rawMB: (deltas * SAMPLES_PER_DELTA * 2) / MB,
    usPerDeltaFirst: t.first,
    usPerDeltaLast: t.last,
    usPerDeltaAll: t.all,
    streamPeakMB: (streamPeak - baseline) / MB,
    retainedMB: retained / MB,
    joinMs,
    joinPeakMB: (joinPeak - baseline) / MB,
    afterJoinMB: afterJoin / MB,
  };
}

/** The old client's way: a new array holding everything, on every delta (O(N²) overall). */
function runNaive(minutes: number): { usPerDeltaFirst: number; usPerDeltaLast: number } {
  const deltas = (minutes * 60 * 1000) / DELTA_MS;
  const chunk = new Int16Array(SAMPLES_PER_DELTA).fill(1);
  let audio = new Int16Array(0);
  const times = new Float64Array(deltas);
  for (let i = 0; i < deltas; i++) {
    const start = process.hrtime.bigint();
    audio = concatInt16([audio, chunk]);
    times[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  const t = edges(times);
  return { usPerDeltaFirst: t.first, usPerDeltaLast: t.last };
}

function child(minutes: number): void {
  const result: Result = runConversation(minutes);
  if (minutes === NAIVE_MINUTES) result.naive = runNaive(minutes);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function parent(sizes: number[]): void {
  const f = (n: number, digits = 1): string => n.toFixed(digits);
  console.log(`RealtimeConversation: one response, 24 kHz PCM16 in ${DELTA_MS} ms deltas (${SAMPLES_PER_DELTA} samples), node ${process.version}${gc ? '' : ' (no --expose-gc: memory figures include garbage)'}`);
  console.log('minutes  deltas  µs/delta: p50 first 10%  p50 last 10%  mean   raw PCM MB  streaming peak MB  retained MB  join ms  join peak MB  after join MB');
  for (const minutes of sizes) {
    const run = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', String(minutes)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exit(1);
    }
    const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Result;
    console.log(
      [
        String(r.minutes).padStart(7),
        String(r.deltas).padStart(7),
        f(r.usPerDeltaFirst, 1).padStart(24),
        f(r.usPerDeltaLast, 1).padStart(13),
        f(r.usPerDeltaAll, 1).padStart(6),
        f(r.rawMB).padStart(12),
        f(r.streamPeakMB).padStart(18),
        f(r.retainedMB).padStart(12),
        f(r.joinMs).padStart(8),
        f(r.joinPeakMB).padStart(13),
        f(r.afterJoinMB).padStart(14),
      ].join(' '),
    );
    if (r.naive) {
      console.log(
        `         old approach (a new array per delta), ${r.minutes} min: µs/delta p50 first 10% ${f(r.naive.usPerDeltaFirst, 1)}, p50 last 10% ${f(r.naive.usPerDeltaLast, 1)}`,
      );
    }
  }
  console.log('Memory is heap + array buffers above the start. streaming peak: highest while deltas arrive; retained: after the');
  console.log('response, after GC; join peak: right after getAudio() joins the chunks (chunks + joined copy, before GC);');
  console.log('after join: once the joined array has replaced the chunks, after GC.');
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(Number(args[1]));
else parent(args.length ? args.map(Number) : DEFAULT_MINUTES);

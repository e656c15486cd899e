// Heap held by the event log after a simulated 60-minute VAD session (issue 14, item 8).
// The session: the microphone streams all the time (an append every 30-100 ms, 24 kHz PCM16 in
// base64), the user speaks for 3-12 s, VAD ends the turn (speech events, commit, the item, its
// transcription deltas), and the model answers for 2-20 s (audio deltas of 30-100 ms, a
// transcript delta every third, the response's lifecycle events) while the microphone goes on.
// Server events arrive as the transport gives them: parsed from their text, with the text as
// `raw`. Every audio chunk is a string of its own, as on the wire.
// Each store runs in a fresh child process; the figure is heap used after GC, less the heap
// before the session, with the events given only to the store (nothing else holds them).
// Usage: node --expose-gc --import tsx bench/event-log-heap.bench.ts [--minutes 60]
//          [--store path/to/eventLogStore.ts]   (another tree's store: the old one, say)
// Modes: 'default' (the store's limits), 'unbounded' (no limits: what dropping raw text saves).
// Before the bound (f3be567, the parent of the commit that added it), measured in a worktree:
//   git worktree add --detach /tmp/el-before f3be567 && ln -s "$PWD/node_modules" /tmp/el-before/
//   npm run bench:log-heap -- --store /tmp/el-before/src/components/event-log/eventLogStore.ts
// 60 minutes, Node 20.20: 504 MB before; 373 MB unbounded and 92 MB with the defaults after.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface LoggedEvent {
  time: number;
  source: 'client' | 'server';
  event: Record<string, unknown>;
  raw?: string;
}
interface StoreLike {
  append(event: LoggedEvent): unknown;
  readonly size: number;
  readonly rowCount: number;
  readonly droppedCount?: number;
}
type StoreModule = { EventLogStore: new (options: Record<string, unknown>) => StoreLike };

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const MINUTES = Number(option('minutes') ?? 60);
const STORE_PATH = resolve(option('store') ?? resolve(__dirname, '../src/components/event-log/eventLogStore.ts'));
const BYTES_PER_MS = 48; // 24 kHz PCM16 mono
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

/** A small deterministic PRNG (mulberry32): the same session every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SessionStats {
  events: number;
  appends: number;
  audioDeltas: number;
  audioMB: number;
}

/** Feeds one session's events to `sink`, in time order, one at a time (none is kept here). */
function simulateSession(minutes: number, sink: (event: LoggedEvent) => void): SessionStats {
  const rand = random(14_08);
  const noise = randomBytes(1 << 20);
  const audio = (ms: number): string => {
    const bytes = Math.round(ms * BYTES_PER_MS);
    const offset = Math.floor(rand() * (noise.length - bytes));
    return noise.toString('base64', offset, offset + bytes); // a fresh string per chunk
  };
  const stats: SessionStats = { events: 0, appends: 0, audioDeltas: 0, audioMB: 0 };
  let id = 0;
  const end = minutes * 60_000;
  const between = (low: number, high: number) => low + rand() * (high - low);
  const fromServer = (time: number, event: Record<string, unknown>) => {
    const raw = JSON.stringify({ event_id: `event_${++id}`, ...event });
    stats.events += 1;
    sink({ time, source: 'server', event: JSON.parse(raw) as Record<string, unknown>, raw });
  };
  // The microphone's appends, due at `nextAppend`, interleave with whatever the server sends.
  let nextAppend = 0;
  const micUntil = (time: number) => {
    while (nextAppend <= time && nextAppend < end) {
      const ms = between(30, 100);
      stats.events += 1;
      stats.appends += 1;
      stats.audioMB += (ms * BYTES_PER_MS) / MB;
      sink({ time: nextAppend, source: 'client', event: { event_id: `evt_${++id}`, type: 'input_audio_buffer.append', audio: audio(ms) } });
      nextAppend += ms;
    }
  };

  let now = 0;
  for (let turn = 0; now < end; turn++) {
    const userItem = `item_user_${turn}`;
    const answerItem = `item_answer_${turn}`;
    const responseId = `resp_${turn}`;
    now += between(500, 2000); // silence before speaking
    micUntil(now);
    fromServer(now, { type: 'input_audio_buffer.speech_started', audio_start_ms: Math.round(now), item_id: userItem });
    now += between(3000, 12_000);
    micUntil(now);
    fromServer(now, { type: 'input_audio_buffer.speech_stopped', audio_end_ms: Math.round(now), item_id: userItem });
    fromServer(now, { type: 'input_audio_buffer.committed', previous_item_id: null, item_id: userItem });
    const userMessage = { id: userItem, object: 'realtime.item', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio', transcript: null }] };
    fromServer(now, { type: 'conversation.item.added', previous_item_id: null, item: userMessage });
    fromServer(now, { type: 'conversation.item.done', previous_item_id: null, item: userMessage });
    fromServer(now, { type: 'response.created', response: { id: responseId, object: 'realtime.response', status: 'in_progress', output: [] } });
    const assistant = { id: answerItem, object: 'realtime.item', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
    fromServer(now, { type: 'response.output_item.added', response_id: responseId, output_index: 0, item: assistant });
    fromServer(now, { type: 'conversation.item.added', previous_item_id: userItem, item: assistant });
    const part = { response_id: responseId, item_id: answerItem, output_index: 0, content_index: 0 };
    fromServer(now, { type: 'response.content_part.added', ...part, part: { type: 'audio', transcript: '' } });
    for (const word of ['What ', 'is ', 'the ', 'weather ', 'like?']) {
      fromServer(now, { type: 'conversation.item.input_audio_transcription.delta', item_id: userItem, content_index: 0, delta: word });
    }
    fromServer(now, { type: 'conversation.item.input_audio_transcription.completed', item_id: userItem, content_index: 0, transcript: 'What is the weather like?' });
    const answerEnd = now + between(2000, 20_000);
    for (let delta = 0; now < answerEnd; delta++) {
      const ms = between(30, 100);
      now += ms;
      micUntil(now);
      stats.audioDeltas += 1;
      stats.audioMB += (ms * BYTES_PER_MS) / MB;
      fromServer(now, { type: 'response.output_audio.delta', ...part, delta: audio(ms) });
      if (delta % 3 === 2) fromServer(now, { type: 'response.output_audio_transcript.delta', ...part, delta: 'sunny and ' });
    }
    fromServer(now, { type: 'response.output_audio.done', ...part });
    fromServer(now, { type: 'response.output_audio_transcript.done', ...part, transcript: 'It is sunny.' });
    fromServer(now, { type: 'response.content_part.done', ...part, part: { type: 'audio', transcript: 'It is sunny.' } });
    const done = { ...assistant, status: 'completed', content: [{ type: 'output_audio', transcript: 'It is sunny.' }] };
    fromServer(now, { type: 'response.output_item.done', response_id: responseId, output_index: 0, item: done });
    fromServer(now, { type: 'response.done', response: { id: responseId, object: 'realtime.response', status: 'completed', output: [done] } });
  }
  micUntil(end);
  return stats;
}

interface Result extends SessionStats {
  mode: string;
  heapMB: number;
  kept: number;
  rows: number;
  dropped: number;
  seconds: number;
}

function settle(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function child(mode: string): Promise<void> {
  const { EventLogStore } = (await import(pathToFileURL(STORE_PATH).href)) as StoreModule;
  const limits = mode === 'unbounded' ? { maxEntries: Infinity, maxAudioBytes: Infinity } : {};
  const baseline = settle();
  const started = performance.now();
  const store = new EventLogStore({ loadValidator: null, ...limits });
  const stats = simulateSession(MINUTES, (event) => store.append(event));
  const seconds = (performance.now() - started) / 1000;
  const heap = settle() - baseline;
  const result: Result = { mode, ...stats, heapMB: heap / MB, kept: store.size, rows: store.rowCount, dropped: store.droppedCount ?? 0, seconds };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function parent(): void {
  if (!gc) throw new Error('run with node --expose-gc');
  console.log(`EventLogStore after a simulated ${MINUTES}-minute VAD session, node ${process.version}; store ${STORE_PATH}`);
  for (const mode of ['default', 'unbounded']) {
    const run = spawnSync(process.execPath, [...process.execArgv, __filename, ...args, '--child', mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exit(1);
    }
    const r = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Result;
    console.log(
      `  ${r.mode.padEnd(9)} heap used after GC ${r.heapMB.toFixed(1)} MB; session ${r.events} events (${r.appends} mic appends, ${r.audioDeltas} audio deltas, ` +
        `${r.audioMB.toFixed(0)} MB of PCM); kept ${r.kept} events in ${r.rows} rows, ${r.dropped} dropped; ${r.seconds.toFixed(1)} s`,
    );
  }
}

const childMode = option('child');
if (childMode) {
  child(childMode).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  parent();
}

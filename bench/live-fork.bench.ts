// `npm run bench:live-fork`: forks of stored GPT-Live sessions.
//   1. connect → `session.started`, on loopback, for a new session and for a fork of a stored one,
//      straight to the simulator and through the relay (whose fork policy parses the fork's
//      session.started): p50/p90 over BENCH_FORK_RUNS each (the first fork compiles the fork
//      schema's validators, so its p90 over few runs shows that once).
//   2. the simulator's store at its bounds: 64 sessions whose conversations reached the caps
//      (128 messages, 32,000 characters), its byte count (what the 8 MiB bound counts) and heap.
// Settings: BENCH_FORK_RUNS (40).
import { LiveClient } from '../src/lib/live/live-client';
import type { LiveForkTarget } from '../src/lib/live/live-types';
import { startSimulator } from '../simulator/server';
import { startRelay } from '../relay-server/server';
import { LIVE_STORE_LIMITS, LiveStore } from '../simulator/live/live-store';
import { MAX_SAID_CHARS, SaidLog } from '../simulator/live/said-log';

const RUNS = Number(process.env.BENCH_FORK_RUNS) > 0 ? Number(process.env.BENCH_FORK_RUNS) : 40;
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function connectTimes(url: string, apiKey: string | undefined, fork: () => LiveForkTarget | undefined): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const target = fork();
    const client = new LiveClient({ url, apiKey, session: target ? undefined : { model: 'gpt-live-1' }, fork: target });
    const start = performance.now();
    await client.connect();
    times.push(performance.now() - start);
    await client.close();
  }
  return times;
}

async function latency(): Promise<void> {
  const key = 'sk-bench-fork';
  const simulator = await startSimulator({ apiKey: key });
  const relay = await startRelay({ apiKey: key, port: 0, upstreamUrl: simulator.url, log: () => undefined });
  const direct = `ws://127.0.0.1:${simulator.port}/v1/live/sessions`;
  const seed = new LiveClient({ url: direct, apiKey: key, session: { model: 'gpt-live-1', store: true } });
  const { id } = await seed.connect();
  await seed.close();
  for (const [label, url, apiKey] of [
    ['simulator', direct, key],
    ['through the relay', `${relay.url}/v1/live/sessions`, undefined],
  ] as const) {
    const fresh = await connectTimes(url, apiKey, () => undefined);
    // Not stored again: the store keeps 64 sessions, and the seed must stay in it.
    const forks = await connectTimes(url, apiKey, () => ({ sessionId: id, overrides: { store: false } }));
    const f = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p90 ${percentile(values, 90).toFixed(1)} ms`;
    console.log(`connect → session.started, ${label} (${RUNS} each): new session ${f(fresh)}; fork ${f(forks)}`);
  }
  await relay.close();
  await simulator.close();
}

function storeAtBounds(): void {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const store = new LiveStore();
  for (let n = 0; n < LIVE_STORE_LIMITS.maxSessions; n++) {
    const said = new SaidLog();
    // Alternating turns of 300 characters, twice what the caps keep: only the newest stay.
    for (let turn = 0; turn < (2 * MAX_SAID_CHARS) / 300; turn++) said.add(turn % 2 ? 'assistant' : 'user', 'word '.repeat(60));
    const id = `sess_bench_${n}`;
    store.closed({ id, session: { id, expires_at: 0, model: 'gpt-live-1', status: 'active', store: true, instructions: 'Be brief.' }, history: said.items(), forkedFrom: null });
  }
  global.gc?.();
  const heap = process.memoryUsage().heapUsed - before;
  console.log(
    `store at its bounds: ${store.size} sessions, ${(store.bytes / 1024).toFixed(0)} KiB counted (limit ${LIVE_STORE_LIMITS.maxBytes / 1024 / 1024} MiB), heap +${(heap / 1024 / 1024).toFixed(1)} MiB${global.gc ? '' : ' (run with --expose-gc for a settled figure)'}`,
  );
}

void latency().then(
  () => {
    storeAtBounds();
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// `npm run bench:relay`: what the relay costs compared with a bare ws-to-ws pipe.
//
// One process tree on loopback: this process plays the browsers, a child plays the upstream,
// and two more children are the pipes under test: (a) a bare pipe with no logic and (b) the
// relay (startRelay, default policy), each with N sessions. Phases:
//   0. unloaded round trip: one chunk at a time through one session and the upstream's echo.
//   1. real time: every session streams 24 kHz PCM16 audio both ways in 30 ms chunks (the
//      browser appends, the upstream sends output_audio deltas), both pipes at once so that
//      background load hits them alike. One-way latency per chunk is measured with the send
//      time carried in event_id (process.hrtime reads the same clock in every process).
//   2. saturation: each session keeps a window of chunks in flight through the echo, one pipe
//      at a time in alternating rounds; round trips/s is the pipe's throughput.
// Settings: BENCH_SESSIONS (100), BENCH_SECONDS (10, real-time phase), BENCH_SAT_SECONDS (3),
// BENCH_CHUNK_MS (30), BENCH_WINDOW (8), BENCH_ROUNDS (8), BENCH_PINGS (2000).
import { cpus, loadavg } from 'node:os';
import WebSocket, { type RawData } from 'ws';
import { pace } from './pace';
import { startBenchChild, type BenchChild } from './bench-child';
import { runBarePipe, runRelay, runUpstream, type UpstreamReport } from './relay-bench-roles';
import { CHUNK_MS, PING_COUNT, SAT_SECONDS, SECONDS, SESSIONS, WARMUP_MS, WINDOW, appendFrame, deltaFrame, intEnv, isEcho, now, sentAt } from './relay-bench-wire';

// ---------------------------------------------------------------- browsers and report (main)

/** The pipe's name rides in the upstream URL's query (the relay keeps it) so the upstream can tell them apart. */
function startChild(role: string, upstreamUrl = ''): Promise<BenchChild> {
  return startBenchChild(__filename, role, [upstreamUrl ? `${upstreamUrl}?pipe=${role}` : '']);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}
function summarize(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

/** One pipe under test, its N browser sessions, and what was measured through it. */
class PipeRun {
  readonly sockets: WebSocket[] = [];
  readonly upUs: number[] = [];
  readonly downUs: number[] = [];
  readonly pingUs: number[] = [];
  realtimeBytes = 0;
  realtimeSeconds = 0;
  realtimeMessages = 0;
  realtimeCpuMs = 0;
  private realtimeCpuStart = 0;
  satRoundTrips = 0;
  satSeconds = 0;
  satCpuMs = 0;
  private mode: 'idle' | 'warmup' | 'realtime' | 'saturation' = 'idle';
  private satDeadline = 0n;
  private stops: Array<() => void> = [];

  constructor(readonly name: string, readonly role: string, readonly pipe: BenchChild) {}

  async open(): Promise<void> {
    for (let start = 0; start < SESSIONS; start += 20) {
      const batch = Array.from({ length: Math.min(20, SESSIONS - start) }, () => {
        const ws = new WebSocket(this.pipe.url, { perMessageDeflate: false });
        ws.on('message', (data) => this.onMessage(ws, data));
        ws.on('error', (error) => console.error(`${this.name}: ${error.message}`));
        return new Promise<WebSocket>((resolve, reject) => {
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        });
      });
      this.sockets.push(...(await Promise.all(batch)));
    }
  }

  private onMessage(ws: WebSocket, data: RawData): void {
    if (this.mode === 'realtime') {
      const t = sentAt(data);
      if (t !== null) {
        this.downUs.push(Number(now() - t) / 1000);
        this.realtimeBytes += (data as Buffer).length;
      }
    } else if (this.mode === 'saturation' && isEcho(data)) {
      this.satRoundTrips++;
      if (now() < this.satDeadline) ws.send(appendFrame(`e${now()}`));
    }
  }

  /** Starts streaming both ways in real time, session phases spread over a chunk period. */
  startRealtime(): void {
    this.mode = 'warmup';
    this.sockets.forEach((ws, i) => {
      const phase = Math.floor((i * CHUNK_MS) / SESSIONS);
      ws.send(`{"type":"bench.start","phase":${phase}}`);
      this.stops.push(pace(CHUNK_MS, phase, () => ws.send(appendFrame(`t${now()}`))));
    });
  }

  /** From now on, chunks arriving at the browsers are timed. */
  async beginMeasuring(): Promise<void> {
    this.realtimeCpuStart = (await this.pipe.request<{ cpuMs: number }>('stats')).cpuMs;
    this.mode = 'realtime';
  }

  async stopRealtime(seconds: number, upstream: UpstreamReport | undefined): Promise<void> {
    this.mode = 'idle';
    this.realtimeCpuMs += (await this.pipe.request<{ cpuMs: number }>('stats')).cpuMs - this.realtimeCpuStart;
    for (const stop of this.stops.splice(0)) stop();
    for (const ws of this.sockets) ws.send('{"type":"bench.stop"}');
    for (const v of upstream?.latenciesUs ?? []) this.upUs.push(v);
    this.realtimeBytes += upstream?.bytes ?? 0;
    this.realtimeSeconds += seconds;
    this.realtimeMessages = this.upUs.length + this.downUs.length;
  }

  /** Each session keeps WINDOW chunks in flight through the upstream's echo. */
  async saturate(seconds: number): Promise<void> {
    const cpuBefore = await this.pipe.request<{ cpuMs: number }>('stats');
    this.mode = 'saturation';
    this.satDeadline = now() + BigInt(Math.round(seconds * 1e9));
    const started = now();
    const before = this.satRoundTrips;
    for (const ws of this.sockets) for (let k = 0; k < WINDOW; k++) ws.send(appendFrame(`e${now()}`));
    await sleep(seconds * 1000);
    const elapsed = Number(now() - started) / 1e9;
    const counted = this.satRoundTrips - before;
    const cpuAfter = await this.pipe.request<{ cpuMs: number }>('stats');
    await sleep(200); // let the window drain before the next phase
    this.satRoundTrips = before + counted;
    this.satSeconds += elapsed;
    this.satCpuMs += cpuAfter.cpuMs - cpuBefore.cpuMs;
    this.mode = 'idle';
  }

  /** One session, one chunk at a time through the echo: latency with no queueing at all. */
  async pingPong(count: number): Promise<void> {
    const ws = this.sockets[0];
    for (let i = 0; i < count; i++) {
      const started = now();
      await new Promise<void>((resolve) => {
        const onMessage = (data: RawData) => {
          if (!isEcho(data)) return;
          ws.off('message', onMessage);
          resolve();
        };
        ws.on('message', onMessage);
        ws.send(appendFrame(`e${started}`));
      });
      this.pingUs.push(Number(now() - started) / 1000);
    }
  }

  close(): void {
    for (const ws of this.sockets) ws.close();
  }
}

const percentOfCore = (cpuMs: number, seconds: number) => `${((100 * cpuMs) / (1000 * seconds)).toFixed(0)}%`;
const ms = (us: number) => `${(us / 1000).toFixed(3)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB/s`;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const rounds = intEnv('BENCH_ROUNDS', 8);
  console.log(
    `relay bench: ${SESSIONS} sessions per pipe, 24 kHz PCM16 in ${CHUNK_MS} ms chunks both ways; ` +
    `${SECONDS} s real time (both pipes at once) + ${SAT_SECONDS} s saturation (window ${WINDOW}) per pipe in ${rounds} alternating rounds; ` +
    `load average at start ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs`,
  );
  const upstream = await startChild('upstream');
  const bare = new PipeRun('bare ws pipe', 'bare', await startChild('bare', upstream.url));
  const relay = new PipeRun('relay', 'relay', await startChild('relay', upstream.url));
  const runs = [bare, relay];
  try {
    for (const run of runs) await run.open();
    for (let round = 0; round < rounds; round++) {
      for (const run of round % 2 === 0 ? runs : [...runs].reverse()) await run.pingPong(PING_COUNT / rounds);
    }
    // Real time: both pipes at once, so background load hits them alike.
    runs.forEach((run) => run.startRealtime());
    await sleep(WARMUP_MS);
    await upstream.request('report'); // discards the warm-up
    await Promise.all(runs.map((run) => run.beginMeasuring()));
    const upstreamCpu = (await upstream.request<{ cpuMs: number }>('stats')).cpuMs;
    const browsersCpu = process.cpuUsage();
    const started = now();
    await sleep(SECONDS * 1000);
    const elapsed = Number(now() - started) / 1e9;
    const reports = await upstream.request<Record<string, UpstreamReport>>('report');
    const browsersCpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(browsersCpu));
    const upstreamCpuMs = (await upstream.request<{ cpuMs: number }>('stats')).cpuMs - upstreamCpu;
    await Promise.all(runs.map((run) => run.stopRealtime(elapsed, reports[run.role])));
    await sleep(300);
    // Saturation: alternating rounds, each pipe alone.
    for (let round = 0; round < rounds; round++) {
      for (const run of round % 2 === 0 ? runs : [...runs].reverse()) await run.saturate(SAT_SECONDS / rounds);
    }
    console.log(`\nCPU during real time (both pipes at once): browsers ${percentOfCore(browsersCpuMs, elapsed)}, upstream ${percentOfCore(upstreamCpuMs, elapsed)} of one core`);
    const memory = await Promise.all(runs.map((run) => run.pipe.request<{ peakRss: number }>('stats')));
    runs.forEach((run) => run.close());
    await sleep(200);
    report(runs, memory.map((m) => m.peakRss));
  } finally {
    for (const child of [upstream, bare.pipe, relay.pipe]) {
      child.process.removeAllListeners('exit');
      child.process.kill('SIGKILL');
    }
  }
  if (busy()) {
    console.log(
      `warning: the machine was busy (load average ${LOAD_AT_START.toFixed(1)} before the run, on ${cpus().length} CPUs): latency tails include waiting ` +
      'for a CPU and differ run to run even between two identical pipes; the unloaded round trip and CPU per message compare the pipes best',
    );
  }
  console.log(`done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

function report(runs: PipeRun[], peakRss: number[]): void {
  const perMessageBytes = appendFrame(`e${now()}`).length + deltaFrame(`e${now()}`).length;
  const due = SESSIONS * (1000 / CHUNK_MS) * perMessageBytes;
  const rows = runs.map((run, i) => {
    const ping = summarize(run.pingUs);
    const up = summarize(run.upUs);
    const down = summarize(run.downUs);
    const realtimeBps = run.realtimeBytes / run.realtimeSeconds;
    const satBps = (run.satRoundTrips * perMessageBytes) / run.satSeconds;
    console.log(`\n${run.name}`);
    console.log(`  unloaded round trip       p50 ${ms(ping.p50)}  p99 ${ms(ping.p99)}  (${ping.count} sequential echoes, 1 session)`);
    console.log(`  browser→upstream latency  p50 ${ms(up.p50)}  p99 ${ms(up.p99)}  max ${ms(up.max)}  (${up.count} chunks)`);
    console.log(`  upstream→browser latency  p50 ${ms(down.p50)}  p99 ${ms(down.p99)}  max ${ms(down.max)}  (${down.count} chunks)`);
    console.log(`  real-time throughput      ${mb(realtimeBps)} (audio due: ${mb(due)}), pipe CPU ${((1000 * run.realtimeCpuMs) / run.realtimeMessages).toFixed(1)} µs/message`);
    console.log(`  saturation throughput     ${Math.round(run.satRoundTrips / run.satSeconds)} round trips/s, ${mb(satBps)}, pipe CPU ${((1000 * run.satCpuMs) / (2 * run.satRoundTrips)).toFixed(1)} µs/message`);
    console.log(`  pipe CPU during real time ${percentOfCore(run.realtimeCpuMs, run.realtimeSeconds)} of one core`);
    console.log(`  pipe process peak RSS     ${(peakRss[i] / 1e6).toFixed(0)} MB`);
    return { ping, up, down, realtimeBps, satBps };
  });
  const [bare, relay] = rows;
  const added = (a: number, b: number) => `${((a - b) / 1000).toFixed(3)} ms`;
  console.log('\nadded by the relay (relay − bare)');
  console.log(`  unloaded round trip (2 hops)  p50 ${added(relay.ping.p50, bare.ping.p50)}  p99 ${added(relay.ping.p99, bare.ping.p99)}`);
  console.log(`  browser→upstream  p50 ${added(relay.up.p50, bare.up.p50)}  p99 ${added(relay.up.p99, bare.up.p99)}`);
  console.log(`  upstream→browser  p50 ${added(relay.down.p50, bare.down.p50)}  p99 ${added(relay.down.p99, bare.down.p99)}`);
  console.log(`  real-time throughput  ${(relay.realtimeBps / bare.realtimeBps).toFixed(3)}× bare`);
  console.log(`  saturation throughput ${(relay.satBps / bare.satBps).toFixed(3)}× bare`);
  const worstP99 = Math.max(relay.up.p99 - bare.up.p99, relay.down.p99 - bare.down.p99) / 1000;
  const ratio = Math.min(relay.satBps / bare.satBps, relay.realtimeBps / bare.realtimeBps);
  const verdict = (met: boolean) => `${met ? 'met' : 'NOT met'}${busy() ? ' (machine busy, see below)' : ''}`;
  console.log(
    `\ngoal at ${SESSIONS} sessions: p99 added < 1 ms: ${verdict(worstP99 < 1)} (worst direction ${worstP99.toFixed(3)} ms); ` +
    `throughput ≥ 0.9× bare: ${verdict(ratio >= 0.9)} (lower of the two ratios ${ratio.toFixed(3)}×)`,
  );
}

/** Load average before the bench started its own processes. */
const LOAD_AT_START = loadavg()[0];

/** More runnable processes than CPUs before we began: latency tails then measure the machine, not the pipes. */
function busy(): boolean {
  return LOAD_AT_START > cpus().length;
}

const roleIndex = process.argv.indexOf('--role');
const role = roleIndex >= 0 ? process.argv[roleIndex + 1] : 'main';
const upstreamArg = roleIndex >= 0 ? process.argv[roleIndex + 2] : '';
if (role === 'upstream') runUpstream();
else if (role === 'bare') runBarePipe(upstreamArg);
else if (role === 'relay') void runRelay(upstreamArg);
else
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );

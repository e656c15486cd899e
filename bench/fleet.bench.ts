// `npm run bench:fleet`: what a load balancer in front of the relays costs.
//
// Loopback only. This process plays the browsers; a child plays the upstream (it streams
// output_audio deltas and times the appends it receives); the relays are `npm run relay` child
// processes; nginx is Debian's, with deploy/nginx-relay.conf (only its ports replaced). Phases,
// each streaming 24 kHz PCM16 both ways in BENCH_CHUNK_MS chunks for BENCH_SECONDS:
//   direct-1: BENCH_SESSIONS sessions straight to one relay;
//   direct-3: BENCH_SESSIONS per relay, straight to each of three relays (the same load as below
//             with no balancer, to tell nginx's share from the extra relays');
//   nginx-3:  3 × BENCH_SESSIONS sessions through nginx to the three relays.
// One-way latency per chunk: the send time rides in event_id (process.hrtime reads one clock in
// every process). CPU per message: the relays' (and nginx's) user+system time from /proc over the
// messages both ways. Settings: BENCH_SESSIONS (100), BENCH_SECONDS (6), BENCH_CHUNK_MS (100).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import { startChildRelay, type ChildRelay } from '../relay-server/child-relay';
import { startBenchChild, type BenchChild } from './bench-child';
import { freePort, startNginx, type Balancer } from '../deploy/test-support';
import { pace } from './pace';

const SESSIONS = intEnv('BENCH_SESSIONS', 100);
const SECONDS = intEnv('BENCH_SECONDS', 6);
const CHUNK_MS = intEnv('BENCH_CHUNK_MS', 100);
const WARMUP_MS = 1000;
const CHUNK_SAMPLES = (24_000 * CHUNK_MS) / 1000;
/** Linux's USER_HZ: /proc times are in these ticks. */
const TICKS_PER_SECOND = 100;

function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const now = () => process.hrtime.bigint();
const AUDIO = (() => {
  const pcm = new Int16Array(CHUNK_SAMPLES);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / 24_000) * 8000);
  return Buffer.from(pcm.buffer).toString('base64');
})();
const appendFrame = () => `{"type":"input_audio_buffer.append","event_id":"t${now()}","audio":"${AUDIO}"}`;
const deltaFrame = () => `{"type":"response.output_audio.delta","event_id":"t${now()}","response_id":"resp_b","item_id":"item_b","output_index":0,"content_index":0,"delta":"${AUDIO}"}`;

function sentAt(data: RawData): bigint | null {
  const match = /"event_id":"t(\d+)"/.exec((data as Buffer).toString('latin1', 0, 120));
  return match ? BigInt(match[1]) : null;
}

// ------------------------------------------------------------------ upstream (child)

function runUpstream(): void {
  let latenciesUs: number[] = [];
  let measuring = false;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const http = createServer();
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => {
    let stop: (() => void) | null = null;
    ws.on('error', () => undefined);
    ws.on('close', () => stop?.());
    ws.on('message', (data) => {
      const head = (data as Buffer).toString('latin1', 0, 60);
      if (head.includes('"bench.start"')) stop = pace(CHUNK_MS, Number(/"phase":(\d+)/.exec(head)?.[1] ?? 0), () => ws.send(deltaFrame()));
      else if (measuring) {
        const t = sentAt(data);
        if (t !== null) latenciesUs.push(Number(now() - t) / 1000);
      }
    });
  }));
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'measure') measuring = true;
    if (message.cmd === 'report') {
      measuring = false;
      process.send!({ latenciesUs });
      latenciesUs = [];
    }
  });
  http.listen(0, '127.0.0.1', () => process.send!({ url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/realtime` }));
}

// ------------------------------------------------------------------ main

/** User+system CPU ms of these processes and their children (nginx's workers). */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  const all = new Set(pids);
  for (const pid of pids) {
    try {
      for (const child of execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n')) if (child.trim()) all.add(Number(child));
    } catch {
      // no children
    }
  }
  for (const pid of all) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

interface PhaseResult {
  name: string;
  sessions: number;
  up: { p50: number; p99: number };
  down: { p50: number; p99: number };
  messages: number;
  cpuMsPerKMessages: number;
}

function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000;
  return { p50: at(0.5), p99: at(0.99) };
}

async function phase(name: string, urls: string[], perUrl: number, upstream: BenchChild, cpuPids: number[]): Promise<PhaseResult> {
  console.error(`bench:fleet: ${name}: opening ${urls.length * perUrl} sessions`);
  const sockets: WebSocket[] = [];
  for (const url of urls) {
    for (let i = 0; i < perUrl; i += 25) {
      const batch = Array.from({ length: Math.min(25, perUrl - i) }, () => {
        const ws = new WebSocket(`${url}/v1/realtime`, { perMessageDeflate: false, origin: 'http://localhost:3000' });
        ws.on('error', (error) => console.error(`${name}: ${error.message}`));
        return new Promise<WebSocket>((resolve, reject) => {
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        });
      });
      sockets.push(...(await Promise.all(batch)));
    }
  }
  const down = { measuring: false, us: [] as number[] };
  const onDown = (data: RawData) => {
    if (!down.measuring) return;
    const t = sentAt(data);
    if (t !== null) down.us.push(Number(now() - t) / 1000);
  };
  for (const ws of sockets) ws.on('message', onDown);
  const stops = sockets.map((ws, i) => {
    const phaseMs = Math.floor((i * CHUNK_MS) / sockets.length);
    ws.send(`{"type":"bench.start","phase":${phaseMs}}`);
    return pace(CHUNK_MS, phaseMs, () => ws.send(appendFrame()));
  });
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  console.error(`bench:fleet: ${name}: streaming`);
  const cpuBefore = cpuMs(cpuPids);
  upstream.command('measure');
  down.measuring = true;
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  down.measuring = false;
  const { latenciesUs } = await upstream.request<{ latenciesUs: number[] }>('report');
  const cpu = cpuMs(cpuPids) - cpuBefore;
  stops.forEach((stop) => stop());
  await Promise.all(sockets.map((ws) => new Promise<void>((done) => {
    ws.once('close', () => done());
    ws.close(1000);
  })));
  const messages = down.us.length + latenciesUs.length;
  return { name, sessions: sockets.length, up: percentiles(latenciesUs), down: percentiles(down.us), messages, cpuMsPerKMessages: (cpu / messages) * 1000 };
}

async function main(): Promise<void> {
  const upstream = await startBenchChild(__filename, 'upstream');
  const relays: ChildRelay[] = await Promise.all([0, 1, 2].map(() =>
    startChildRelay({ OPENAI_REALTIME_URL: upstream.url, RELAY_MAX_SESSIONS_PER_CLIENT: String(SESSIONS * 3), RELAY_MAX_SESSIONS: String(SESSIONS * 3), RELAY_MAX_CONNECTIONS: String(SESSIONS * 6), RELAY_UPSTREAM_PROBE_INTERVAL_MS: '0' })));
  const nginx: Balancer = startNginx(await freePort(), relays.map((relay) => relay.port));
  try {
    const relayPids = relays.map((relay) => relay.pid);
    const results = [
      await phase('direct-1', [relays[0].url], SESSIONS, upstream, [relayPids[0]]),
      await phase('direct-3', relays.map((relay) => relay.url), SESSIONS, upstream, relayPids),
      await phase('nginx-3', [nginx.url], SESSIONS * 3, upstream, [...relayPids, nginx.pid]),
    ];
    const [one, three, balanced] = results;
    console.log(`bench:fleet: ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}; ${CHUNK_MS} ms chunks of 24 kHz PCM16 both ways for ${SECONDS} s per phase`);
    for (const r of results) {
      console.log(`${r.name.padEnd(9)} ${String(r.sessions).padStart(4)} sessions: up p50 ${r.up.p50.toFixed(2)} ms p99 ${r.up.p99.toFixed(2)} ms; down p50 ${r.down.p50.toFixed(2)} ms p99 ${r.down.p99.toFixed(2)} ms; ${r.messages} msgs; CPU ${r.cpuMsPerKMessages.toFixed(1)} ms per 1000 msgs`);
    }
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    for (const [label, base] of [['vs direct to one relay', one], ['vs direct to the same three relays', three]] as const) {
      console.log(
        `nginx-3 ${label}: up p50 ×${ratio(balanced.up.p50, base.up.p50)} (+${(balanced.up.p50 - base.up.p50).toFixed(2)} ms) p99 ×${ratio(balanced.up.p99, base.up.p99)}; ` +
          `down p50 ×${ratio(balanced.down.p50, base.down.p50)} (+${(balanced.down.p50 - base.down.p50).toFixed(2)} ms) p99 ×${ratio(balanced.down.p99, base.down.p99)}; ` +
          `CPU per message ×${ratio(balanced.cpuMsPerKMessages, base.cpuMsPerKMessages)}`,
      );
    }
  } finally {
    await nginx.stop();
    await Promise.all(relays.map((relay) => relay.stop()));
    upstream.process.kill();
  }
}

const roleIndex = process.argv.indexOf('--role');
if (roleIndex >= 0 && process.argv[roleIndex + 1] === 'upstream') runUpstream();
else void main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

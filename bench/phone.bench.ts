// `npm run bench:phone`: what the phone bridge costs, with the relay (`npm run relay`, phone line
// on) as a child process between this process's two ends, on loopback:
//   - callers: N lean Twilio stand-ins (signed webhook, /call, `start`), each sending a 20 ms
//     µ-law media frame every 20 ms and echoing every mark at once;
//   - upstream: a Realtime stand-in sending each call a 20 ms `response.output_audio.delta`
//     every 20 ms.
// Every frame carries its call's sequence number in its first audio bytes, so each end checks
// that none was lost or reordered, and the send time is kept by frame, so the one-way time
// caller → upstream (media → append) and upstream → caller (delta → media) is measured. Both
// include the two loopback WebSocket hops; `bench:relay` measures a bare ws-to-ws pipe for
// comparison. CPU per call is the relay process's CPU time (/proc) over the held phase.
// Settings: BENCH_CALLS (100), BENCH_SECONDS (10).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import WebSocket, { WebSocketServer } from 'ws';
import { startChildRelay } from '../relay-server/child-relay';
import { freePort } from '../testing/free-port';
import { postWebhook } from '../scripts/phone/webhook-client';

const CALLS = intEnv('BENCH_CALLS', 100);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const TOKEN = 'bench-twilio-auth-token-0123456789';
const FRAME_BYTES = 160;
const FRAME_MS = 20;

function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** 20 ms of µ-law whose first 8 bytes are the frame's sequence number and its call's index. */
function frame(seq: number, call: number): string {
  const bytes = Buffer.alloc(FRAME_BYTES, 0xff);
  bytes.writeUInt32BE(seq, 0);
  bytes.writeUInt32BE(call, 4);
  return bytes.toString('base64');
}
/** [seq, call] from the first 8 bytes (12 base64 characters) of a payload. */
function tagOf(base64: string): [number, number] {
  const bytes = Buffer.from(base64.slice(0, 12), 'base64');
  return [bytes.readUInt32BE(0), bytes.readUInt32BE(4)];
}

interface Flow {
  sent: Map<number, number>;
  next: number;
  expected: number;
  lost: number;
  reordered: number;
  latencies: number[];
}
const flow = (): Flow => ({ sent: new Map(), next: 0, expected: 0, lost: 0, reordered: 0, latencies: [] });

function receive(f: Flow, seq: number, measuring: boolean): void {
  if (seq < f.expected) f.reordered++;
  else if (seq > f.expected) f.lost += seq - f.expected;
  f.expected = Math.max(f.expected, seq + 1);
  const at = f.sent.get(seq);
  f.sent.delete(seq);
  if (at !== undefined && measuring) f.latencies.push(nowMs() - at);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
}

async function main(): Promise<void> {
  const phase = { measuring: false };
  // --- the upstream stand-in ---
  // By caller index: what each caller sent up, and the upstream socket its call was bridged to
  // (learned from the index in its first append).
  const upstreamFlows: Flow[] = Array.from({ length: CALLS }, flow);
  const upstreamSockets: Array<WebSocket | undefined> = new Array<WebSocket | undefined>(CALLS);
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  let opened = 0;
  wss.on('connection', (socket) => {
    opened++;
    socket.on('message', (data) => {
      const text = String(data);
      if (!text.startsWith('{"type":"input_audio_buffer.append"')) return;
      const [seq, call] = tagOf(text.slice(text.indexOf('"audio":"') + 9));
      upstreamSockets[call] = socket;
      receive(upstreamFlows[call], seq, phase.measuring);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v1/realtime`;

  // --- the relay ---
  const port = await freePort();
  const relay = await startChildRelay({
    RELAY_PORT: String(port), OPENAI_REALTIME_URL: upstreamUrl, TWILIO_AUTH_TOKEN: TOKEN, RELAY_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PHONE_MAX_CALLS: String(CALLS), RELAY_MAX_SESSIONS: String(CALLS + 10), RELAY_UPSTREAM_PROBE_INTERVAL_MS: '0',
  });
  const base = `http://127.0.0.1:${port}`;

  // --- the callers ---
  const callers: Array<{ socket: WebSocket; sid: string; outbound: Flow; inboundSeq: number; open: boolean }> = [];
  for (let i = 0; i < CALLS; i++) {
    const call = await postWebhook({ postUrl: `${base}/twiml`, signedUrl: `${base}/twiml`, authToken: TOKEN });
    const socket = new WebSocket(`${base.replace('http', 'ws')}/call`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const sid = `MZbench${i}`;
    const caller = { socket, sid, outbound: flow(), inboundSeq: 0, open: true };
    socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    socket.send(JSON.stringify({ event: 'start', sequenceNumber: '1', streamSid: sid, start: { streamSid: sid, callSid: call.callSid, accountSid: call.accountSid, tracks: ['inbound'], customParameters: call.parameters, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } }));
    socket.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('{"event":"media"')) receive(caller.outbound, tagOf(text.slice(text.indexOf('"payload":"') + 11))[0], phase.measuring);
      else if (text.startsWith('{"event":"mark"')) socket.send(text.replace('{"event":"mark",', `{"event":"mark","sequenceNumber":"0",`));
    });
    socket.on('close', () => (caller.open = false));
    callers.push(caller);
  }
  const deadline = Date.now() + 10_000;
  while (opened < CALLS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const connected = opened;

  // --- audio both ways, every 20 ms ---
  let tick = 0;
  const clock = setInterval(() => {
    const t = nowMs();
    for (let i = 0; i < callers.length; i++) {
      const caller = callers[i];
      const up = upstreamSockets[i];
      const inbound = upstreamFlows[i];
      if (caller.open) {
        const seq = inbound.next++;
        inbound.sent.set(seq, t);
        caller.socket.send(`{"event":"media","sequenceNumber":"${seq + 2}","streamSid":"${caller.sid}","media":{"track":"inbound","chunk":"${seq + 1}","timestamp":"${tick * FRAME_MS}","payload":"${frame(seq, i)}"}}`);
      }
      if (up?.readyState === WebSocket.OPEN) {
        const seq = caller.outbound.next++;
        caller.outbound.sent.set(seq, t);
        up.send(`{"type":"response.output_audio.delta","event_id":"e${seq}","response_id":"resp_1","item_id":"item_${i}","output_index":0,"content_index":0,"delta":"${frame(seq, i)}"}`);
      }
    }
    tick++;
  }, FRAME_MS);
  await new Promise((r) => setTimeout(r, 1000)); // warm-up
  phase.measuring = true;
  const tickBefore = tick;
  const cpuBefore = cpuSecondsOf(relay.pid);
  const wallBefore = nowMs();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const cpu = cpuSecondsOf(relay.pid) - cpuBefore;
  const wall = (nowMs() - wallBefore) / 1000;
  phase.measuring = false;
  const ticks = tick - tickBefore;
  clearInterval(clock);
  await new Promise((r) => setTimeout(r, 300)); // frames in flight arrive

  const live = callers.filter((c) => c.open).length;
  const up = upstreamFlows;
  const sum = (f: (x: Flow) => number, flows: Flow[]) => flows.reduce((n, x) => n + f(x), 0);
  const outFlows = callers.map((c) => c.outbound);
  const inLat = up.flatMap((f) => f.latencies);
  const outLat = outFlows.flatMap((f) => f.latencies);
  const lostIn = sum((f) => f.lost + f.sent.size, up);
  const lostOut = sum((f) => f.lost + f.sent.size, outFlows);
  console.log(`phone bridge, ${CALLS} calls for ${SECONDS} s, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (other work on the machine slows the 20 ms clock and every figure)`);
  console.log(`20 ms ticks: ${ticks} of ${Math.round((SECONDS * 1000) / FRAME_MS)} due in the held phase; this process (callers + upstream) used ${((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(1)} s CPU in all`);
  console.log(`calls held: ${live} of ${CALLS} (upstream sessions open at start: ${connected})`);
  console.log(`caller → upstream (media → append): ${inLat.length} frames, p50 ${percentile(inLat, 50).toFixed(2)} ms, p99 ${percentile(inLat, 99).toFixed(2)} ms; lost ${lostIn}, reordered ${sum((f) => f.reordered, up)}`);
  console.log(`upstream → caller (delta → media): ${outLat.length} frames, p50 ${percentile(outLat, 50).toFixed(2)} ms, p99 ${percentile(outLat, 99).toFixed(2)} ms; lost ${lostOut}, reordered ${sum((f) => f.reordered, outFlows)}`);
  const frames = inLat.length + outLat.length;
  const perFrameUs = (cpu / frames) * 1e6;
  console.log(`relay CPU: ${((cpu / wall) * 100).toFixed(1)}% of one core over the held phase; ${perFrameUs.toFixed(0)} µs per frame bridged (both ways), so a call at full rate (50 frames/s each way) costs ${((perFrameUs * 100) / 1000).toFixed(2)} ms CPU per second = ${((perFrameUs * 100) / 1e4).toFixed(2)}% of a core`);

  for (const caller of callers) caller.socket.terminate();
  await relay.stop();
  for (const socket of wss.clients) socket.terminate();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

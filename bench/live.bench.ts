// `npm run bench:live`: the GPT-Live client and simulator.
//   1. client throughput: Live server events/s the LiveClient handles (JSON parse, audio decode,
//      transcript grouping, delegation and ledger bookkeeping), fed recorded-shaped frames by an
//      in-process socket so the figure is the client's alone: output audio deltas (100 ms,
//      base64 PCM16) and transcript deltas in the simulator's 10:1 proportion.
//   2. end to end on loopback: one simulator session fed BENCH_LIVE_SECONDS of input at once;
//      server events/s the client receives and handles.
//   3. delegation → commentary appended, in the simulator, client delegation, real-time pacing:
//      the client answers each `session.delegation.created` at once with a commentary append;
//      wall time to `session.commentary.appended` and its timeline distance from the delegation.
//   4. the console's UI in headless Chromium: Live events/s the event log and the timeline sustain
//      (bench/live-console-ui.ts), at BENCH_LIVE_UI_RATES events/s in turn.
// Settings: BENCH_LIVE_EVENTS (100000), BENCH_LIVE_SECONDS (120), BENCH_LIVE_DELEGATIONS (4),
// BENCH_LIVE_UI_RATES (1000,5000,20000,40000,80000,160000), BENCH_LIVE_ONLY=ui for the UI alone.
import { LiveClient } from '../src/lib/live/live-client';
import type { WebSocketConstructorLike, WebSocketLike } from '../src/lib/realtime/websocket';
import { startLiveSimulator, speech } from '../simulator/live/test-support';
import { liveConsoleThroughput } from './live-console-ui';

const EVENTS = intEnv('BENCH_LIVE_EVENTS', 100_000);
const SECONDS = intEnv('BENCH_LIVE_SECONDS', 120);
const DELEGATIONS = intEnv('BENCH_LIVE_DELEGATIONS', 4);

function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** An in-process socket: opens at once, then lets the bench push frames into the client. */
function scriptedSocket(): { Socket: WebSocketConstructorLike; push: (frame: string) => void } {
  let onMessage: (event: { data: unknown }) => void = () => undefined;
  class Scripted implements WebSocketLike {
    readyState = 1;
    constructor() {
      setTimeout(() => {
        this.open();
        onMessage({ data: JSON.stringify({ type: 'session.started', event_id: 'e0', session: { id: 'sess', expires_at: 0, model: 'gpt-live-1', status: 'active' } }) });
      }, 0);
    }
    private open: () => void = () => undefined;
    send(): void {}
    close(): void {}
    addEventListener(type: string, listener: (event: never) => void): void {
      if (type === 'open') this.open = listener as () => void;
      if (type === 'message') onMessage = listener as (event: { data: unknown }) => void;
    }
  }
  return { Socket: Scripted as unknown as WebSocketConstructorLike, push: (frame) => onMessage({ data: frame }) };
}

async function clientThroughput(): Promise<void> {
  const { Socket, push } = scriptedSocket();
  const client = new LiveClient({ url: 'ws://127.0.0.1:1/v1/live/sessions', session: { model: 'gpt-live-1' }, WebSocket: Socket });
  await client.connect();
  let decodedSamples = 0;
  client.on('audio', (s) => (decodedSamples += s.length));
  const audio = Buffer.alloc(4800, 1).toString('base64');
  const frames: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const ms = i * 100;
    frames.push(
      i % 10 === 9
        ? JSON.stringify({ type: 'session.output_transcript.delta', event_id: `e${i}`, delta: ' word', start_ms: ms, end_ms: ms + 200 })
        : JSON.stringify({ type: 'session.output_audio.delta', delta: audio }),
    );
  }
  for (let i = 0; i < 2000; i++) push(frames[i % frames.length]); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) push(frames[i % frames.length]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`client throughput: ${EVENTS} Live events in ${(seconds * 1000).toFixed(0)} ms = ${Math.round(EVENTS / seconds)} events/s (${(decodedSamples / 24000).toFixed(0)} s of audio decoded)`);
}

async function endToEnd(): Promise<void> {
  const live = await startLiveSimulator({ script: [] });
  const client = new LiveClient({ url: live.url, apiKey: 'sk-bench', session: { model: 'gpt-live-1' } });
  await client.connect();
  let received = 0;
  client.on('server.event', () => received++);
  const done = new Promise<void>((resolve) => client.on('server.event', (e) => e.type === 'session.usage.updated' && client.usage!.seconds >= SECONDS && resolve()));
  const started = process.hrtime.bigint();
  const chunk = Buffer.alloc(48_000).toString('base64'); // 1 s of PCM16 silence per append
  for (let s = 0; s < SECONDS; s++) client.send({ type: 'session.input_audio.append', audio: chunk });
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`end to end (simulator → client, loopback): ${received} server events for ${SECONDS} s of session in ${(seconds * 1000).toFixed(0)} ms = ${Math.round(received / seconds)} events/s`);
  await client.close();
  await live.simulator.close();
}

async function delegationToAppended(): Promise<void> {
  const question = "What's the weather in Paris";
  const live = await startLiveSimulator({ script: Array.from({ length: DELEGATIONS }, () => question) });
  const client = new LiveClient({ url: live.url, apiKey: 'sk-bench', session: { model: 'gpt-live-1' } });
  await client.connect();
  const wallMs: number[] = [];
  const timelineMs: number[] = [];
  client.on('delegation', (d) => {
    if (d.state === 'created') client.appendCommentary('It is sunny.', d.id);
    if (d.state === 'answered' || d.state === 'late') {
      wallMs.push(d.answerWallMs ?? NaN);
      timelineMs.push(d.answerMs ?? NaN);
    }
  });
  for (let i = 0; i < DELEGATIONS; i++) {
    client.appendInputAudio(speech(question));
    client.appendInputAudio(new Int16Array(24_000 * 3));
  }
  client.startAudio();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (wallMs.length >= DELEGATIONS) {
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
  console.log(
    `delegation → commentary appended (simulator, real-time pacing, ${DELEGATIONS} delegations): wall p50 ${percentile(wallMs, 50).toFixed(0)} ms, max ${Math.max(...wallMs).toFixed(0)} ms; on the timeline ${timelineMs.join(', ')} ms after the delegation`,
  );
  await client.close();
  await live.simulator.close();
}

const UI_RATES = (process.env.BENCH_LIVE_UI_RATES ?? '1000,5000,20000,40000,80000,160000').split(',').map(Number).filter((n) => n > 0);

async function main(): Promise<void> {
  if (process.env.BENCH_LIVE_ONLY !== 'ui') {
    await clientThroughput();
    await endToEnd();
    await delegationToAppended();
  }
  await liveConsoleThroughput(UI_RATES);
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

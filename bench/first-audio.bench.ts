// Speech end → first model audio heard in the page, WebSocket vs WebRTC, through the relay to
// the simulator on loopback: the built console in headless Chromium, in VAD mode, its fake
// microphone saying a sentence (espeak-ng). Each run is a fresh page: Connect, the simulator's
// VAD hears the sentence (input_audio_buffer.speech_stopped), the model answers; measured from
// speech_stopped, all on the page's Date.now() clock:
//   WebSocket  first response.output_audio.delta received (a reference: received, not heard);
//              the console's '(audible)' record (the player's worklet rendered the item's first
//              sample, plus the context's baseLatency + outputLatency, plus the loopback's hop seen
//              at its receiver: loopback_ms);
//              energy on the echo-canceller loopback's received track (what the page's <audio>
//              element plays: the loopback's own WebRTC hop included).
//   WebRTC     output_audio_buffer.started (the data channel's event);
//              energy on the model's remote track.
// Energy: the first sample above −46 dBFS after 150 ms of quiet, from a worklet tapping the track
// in an AudioContext of its own (first-audio-detector.ts); no output latency added to it.
// A first call of each transport is not counted (the simulator loads its WebRTC stack on its first
// call; Chromium warms up its audio and network stacks).
// Usage: npm run bench:first-audio [-- --runs 10]   (needs a build: npx tsx scripts/ensure-build.ts)
import type { Browser, Page } from 'playwright-core';
import { blockExternalRequests, Cleanup, makeSpeechWav, tempDir } from '../e2e/harness';
import type { AudibleNotice } from '../src/lib/wavtools/wav-stream-player';
import { startBenchConsole } from './console-stack';
import { ONSET_DETECTOR_SCRIPT, type AudioOnset } from './first-audio-detector';
import { stats } from './stats';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
const SPEECH = 'Tell me a short story about the sea.';
const STEP_TIMEOUT_MS = 30_000;
/** How long after the heard mark an energy onset may still come (the loopback or the jitter buffer). */
const ONSET_WAIT_MS = 3000;

type Transport = 'websocket' | 'webrtc';

interface Recorded {
  time: number;
  source: string;
  event: { type: string; item_id?: string };
}

interface PageRecords {
  events: Recorded[];
  audible: AudibleNotice[];
  onsets: AudioOnset[];
}

/** Figures of one run, ms after speech_stopped; undefined when it did not happen. */
interface Run {
  firstDelta?: number;
  mark?: number;
  energy?: number;
  /** The console's context latencies (WebSocket). */
  baseLatencyMs?: number;
  outputLatencyMs?: number;
  /** The loopback's hop the mark includes (WebSocket, echo canceller on). */
  loopbackMs?: number;
}

declare global {
  interface Window {
    __benchAudioOnsets?: AudioOnset[];
  }
}

const records = (page: Page): Promise<PageRecords> =>
  page.evaluate(() => ({
    events: (window.__realtimeConsoleEvents ?? []) as unknown as Recorded[],
    audible: window.__realtimeConsoleAudible ?? [],
    onsets: window.__benchAudioOnsets ?? [],
  }));

/** The mark this transport calls heard, once it is there: ms since the epoch. */
function heardMark(transport: Transport, got: PageRecords, stoppedAt: number): { mark?: number; firstDelta?: number; notice?: AudibleNotice } {
  const after = got.events.filter((e) => e.source === 'server' && e.time >= stoppedAt);
  if (transport === 'webrtc') return { mark: after.find((e) => e.event.type === 'output_audio_buffer.started')?.time };
  const delta = after.find((e) => e.event.type === 'response.output_audio.delta');
  const notice = delta ? got.audible.find((n) => n.trackId === delta.event.item_id) : undefined;
  return { mark: notice === undefined ? undefined : Math.round(notice.time), firstDelta: delta?.time, notice };
}

async function poll<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One spoken turn in a fresh page. */
async function runOnce(browser: Browser, url: string, transport: Transport): Promise<Run> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.addInitScript((kind) => {
      window.__realtimeConsoleEvents = [];
      window.__realtimeConsoleAudible = [];
      localStorage.setItem('realtime-console.transport', kind);
    }, transport);
    await page.addInitScript({ content: ONSET_DETECTOR_SCRIPT });
    await blockExternalRequests(page);
    await page.goto(url);
    // VAD before Connect: the microphone streams (or the WebRTC track is live) from the start.
    await page.locator('label.toggle', { hasText: 'VAD' }).click();
    await page.getByRole('button', { name: 'Connect' }).click();
    const stoppedAt = await poll(async () => (await records(page)).events.find((e) => e.source === 'server' && e.event.type === 'input_audio_buffer.speech_stopped')?.time, STEP_TIMEOUT_MS);
    if (stoppedAt === undefined) throw new Error(`${transport}: no speech_stopped in ${STEP_TIMEOUT_MS} ms`);
    const heard = await poll(async () => {
      const found = heardMark(transport, await records(page), stoppedAt);
      return found.mark === undefined ? undefined : found;
    }, STEP_TIMEOUT_MS);
    if (!heard?.mark) throw new Error(`${transport}: no heard mark in ${STEP_TIMEOUT_MS} ms`);
    const heardAt = heard.mark;
    const onset = await poll(async () => (await records(page)).onsets.find((o) => o.time >= stoppedAt), ONSET_WAIT_MS + Math.max(0, heardAt - Date.now()));
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const since = (time: number | undefined) => (time === undefined ? undefined : time - stoppedAt);
    return {
      firstDelta: since(heard.firstDelta),
      mark: since(heardAt),
      energy: since(onset?.time),
      baseLatencyMs: heard.notice?.baseLatencyMs,
      outputLatencyMs: heard.notice?.outputLatencyMs,
      loopbackMs: heard.notice?.loopbackMs,
    };
  } finally {
    await context.close();
  }
}

const present = (values: Array<number | undefined>): number[] => values.filter((v): v is number => v !== undefined);

function row(transport: string, heardBy: string, values: Array<number | undefined>): string {
  const got = present(values);
  return `| ${transport} | ${heardBy} | ${stats(got)}${got.length < values.length ? ` (${values.length - got.length} runs without)` : ''} |`;
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  try {
    // Half a second of quiet, the sentence, then quiet long enough for the answer to start before the file loops.
    const { app, browser } = await startBenchConsole(cleanup, makeSpeechWav(tempDir(cleanup), SPEECH, 0.5, 8));
    const results = new Map<Transport, Run[]>();
    for (const transport of ['websocket', 'webrtc'] as const) {
      await runOnce(browser, app.url, transport);
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await runOnce(browser, app.url, transport));
      results.set(transport, runs);
    }
    const ws = results.get('websocket') ?? [];
    const rtc = results.get('webrtc') ?? [];
    const latencies = ws.find((run) => run.baseLatencyMs !== undefined);
    console.log(`speech_stopped → first model audio heard in the page: console in headless Chromium, VAD, through the relay, simulator on loopback (speed 1), ${RUNS} runs each after one first call`);
    console.log('| transport | heard by | ms after speech_stopped |');
    console.log('| --- | --- | --- |');
    console.log(row('WebSocket', 'first response.output_audio.delta received (reference, not heard)', ws.map((run) => run.firstDelta)));
    console.log(row('WebSocket', `console (audible) record: first sample rendered + baseLatency ${latencies?.baseLatencyMs ?? '?'} ms + outputLatency ${latencies?.outputLatencyMs ?? '?'} ms`, ws.map((run) => run.mark)));
    console.log(row('WebSocket', 'energy on the echo-canceller loopback track', ws.map((run) => run.energy)));
    console.log(row('WebRTC', 'output_audio_buffer.started', rtc.map((run) => run.mark)));
    console.log(row('WebRTC', 'energy on the remote track', rtc.map((run) => run.energy)));
    // Per run: how far the energy on the track lags the mark (the loopback's own WebRTC hop on WebSocket).
    const lag = (runs: Run[]) => runs.map((run) => (run.energy === undefined || run.mark === undefined ? undefined : run.energy - run.mark));
    console.log(row('WebSocket', 'the loopback\'s hop in the (audible) record (loopback_ms: its receiver\'s first loud frame + playout delay)', ws.map((run) => run.loopbackMs)));
    console.log(row('WebSocket', 'energy on the loopback track − (audible) record, per run', lag(ws)));
    console.log(row('WebSocket', 'energy on the loopback track − (audible) record less loopback_ms (the mark without the hop), per run', ws.map((run) => (run.energy === undefined || run.mark === undefined ? undefined : run.energy - run.mark + (run.loopbackMs ?? 0)))));
    console.log(row('WebRTC', 'energy on the remote track − output_audio_buffer.started, per run', lag(rtc)));
  } finally {
    await cleanup.run();
  }
}

void main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});

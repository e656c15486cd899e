// Connect → session.created in the console, WebSocket vs WebRTC, through the relay, against the
// simulator on loopback: the built app in headless Chromium, the time from the Connect click to
// the `session.created` event in the page's own event record (both read with the page's clock).
// The first call of each transport is reported apart (the simulator loads its WebRTC stack on its
// first call; Chromium warms up its audio and network stacks).
// Usage: npm run bench:webrtc-connect [-- --runs 10]   (needs a build: npx tsx scripts/ensure-build.ts)
import type { Browser } from 'playwright-core';
import { blockExternalRequests, Cleanup, makeSpeechWav, tempDir } from '../e2e/harness';
import { startBenchConsole } from './console-stack';
import { stats } from './stats';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;

interface Recorded {
  time: number;
  source: string;
  event: { type: string };
}

/** One Connect in a fresh page: ms from the click to session.created, then a clean Disconnect. */
async function connectOnce(browser: Browser, url: string, transport: 'websocket' | 'webrtc'): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.addInitScript((kind) => {
      window.__realtimeConsoleEvents = [];
      localStorage.setItem('realtime-console.transport', kind);
    }, transport);
    await blockExternalRequests(page);
    await page.goto(url);
    await page.getByRole('button', { name: 'Connect' }).waitFor();
    const clickedAt = await page.evaluate(() => {
      const button = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Connect');
      const now = Date.now();
      button?.click();
      return now;
    });
    const handle = await page.waitForFunction(
      () => ((window.__realtimeConsoleEvents ?? []) as unknown as Recorded[]).find((e) => e.source === 'server' && e.event.type === 'session.created')?.time ?? 0,
      null,
      { timeout: 30_000, polling: 5 },
    );
    const createdAt = (await handle.jsonValue()) as number;
    await page.getByRole('button', { name: 'Disconnect' }).click();
    return createdAt - clickedAt;
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  try {
    const { app, browser } = await startBenchConsole(cleanup, makeSpeechWav(tempDir(cleanup), 'Hello.', 0));
    console.log(`Connect → session.created through the relay, the console in headless Chromium, the simulator on loopback (${RUNS} runs each, after one first call)`);
    for (const transport of ['websocket', 'webrtc'] as const) {
      const first = await connectOnce(browser, app.url, transport);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await connectOnce(browser, app.url, transport));
      console.log(`${transport.padEnd(9)}  first ${first.toFixed(0)} ms;  then ${stats(times)}`);
    }
  } finally {
    await cleanup.run();
  }
}

void main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});

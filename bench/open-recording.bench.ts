// Opening a 100,000-event recording in the built console (headless Chromium): the time from
// handing the file to the page to the first frame painted with the recording shown, to the
// stereo WAV's player, how long the page's main thread was held meanwhile (the longest task and
// the total blocking time, from the long-task observer: each task's time over 50 ms), and the
// page's JS heap before and after (after a forced GC). The recording is a push-to-talk session
// shaped like a live one (20 ms microphone chunks, 20 ms answer deltas with transcript deltas,
// response.done with usage, rate limits), as the event log's JSONL export writes it.
// Usage: npm run bench:open-recording [-- --events 100000 --runs 3 --zip]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { zipSync, strToU8 } from 'fflate';
import type { Page } from 'playwright-core';
import { Cleanup, blockExternalRequests, launchChromium, serveBuild, tempDir } from '../e2e/harness';
import { recordingLines } from '../src/lib/inspector/test-support/recording-lines';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const EVENTS = option('events', 100_000);
const RUNS = option('runs', 3);
const AS_ZIP = args.includes('--zip');

/** Scrolls the recording's conversation to its end: how long until its last item is in the page. */
async function lastItemReached(page: Page): Promise<string> {
  const recording = page.getByTestId('recording-view');
  const inPage = await recording.getByTestId('conversation-item').count();
  if ((await recording.getByTestId('conversation-scroller').count()) === 0) return `${inPage} conversation items in the page (not virtualised)`;
  const atEnd = await page.evaluate(() => {
    const first = document.querySelector('[data-testid="recording-view"] [data-testid="conversation-item"]');
    return document.querySelector(`[data-testid="recording-view"] [aria-posinset="${first?.getAttribute('aria-setsize') ?? 0}"]`) !== null;
  });
  if (atEnd) return `${inPage} conversation items in the page, the last of them there on opening`;
  const started = performance.now();
  const total = await page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="conversation-scroller"]');
    const first = document.querySelector('[data-testid="recording-view"] [data-testid="conversation-item"]');
    const setSize = Number(first?.getAttribute('aria-setsize') ?? 0);
    // Measured heights move the end as it is approached: scroll until the last item is there.
    for (let tries = 0; scroller && tries < 50; tries++) {
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      if (document.querySelector(`[data-testid="recording-view"] [aria-posinset="${setSize}"]`)) return setSize;
    }
    return -setSize;
  });
  const took = performance.now() - started;
  if (total <= 0) return `last of ${-total} conversation items NOT reached by scrolling`;
  return `${inPage} of ${total} conversation items in the page, the last reached by scrolling in ${took.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  try {
    const dir = tempDir(cleanup, 'open-recording-bench-');
    const jsonl = `${recordingLines(EVENTS).join('\n')}\n`;
    const file = join(dir, AS_ZIP ? 'recording.zip' : 'recording.jsonl');
    writeFileSync(file, AS_ZIP ? zipSync({ 'events.jsonl': strToU8(jsonl) }) : jsonl);
    console.log(`recording: ${EVENTS} events, ${(jsonl.length / 1e6).toFixed(1)} MB of JSONL${AS_ZIP ? ' (zipped)' : ''}`);
    const app = await serveBuild({ runtimeConfig: { relayUrl: 'ws://127.0.0.1:9' } });
    cleanup.add(() => app.close());
    const browser = await launchChromium();
    cleanup.add(() => browser.close());
    for (let run = 1; run <= RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const tasks: number[] = [];
        (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
        new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask', buffered: true });
      });
      await blockExternalRequests(page);
      await page.goto(app.url);
      await page.getByTestId('console-page').waitFor();
      const cdp = await context.newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
      };
      const before = await heap();
      await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));
      const started = performance.now();
      await page.getByTestId('open-session-input').setInputFiles(file);
      await page.getByTestId('recording-banner').waitFor({ timeout: 120_000 });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const painted = performance.now() - started;
      await page.getByTestId('recording-view').getByTestId('recording-audio').waitFor({ timeout: 120_000 });
      const audioReady = performance.now() - started;
      const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));
      const blocking = tasks.reduce((sum, ms) => sum + Math.max(0, ms - 50), 0);
      const longest = tasks.reduce((max, ms) => Math.max(max, ms), 0);
      const rows = await page.getByTestId('recording-view').getByTestId('latency-row').count();
      const conversation = await lastItemReached(page);
      const after = await heap();
      console.log(`run ${run}: first paint ${(painted / 1000).toFixed(2)} s after the file was given, audio player ${(audioReady / 1000).toFixed(2)} s; main thread until then: longest task ${longest.toFixed(0)} ms, total blocking ${blocking.toFixed(0)} ms (${tasks.length} tasks over 50 ms); heap ${before.toFixed(0)} MB → ${after.toFixed(0)} MB (+${(after - before).toFixed(0)} MB); ${rows} latency rows; ${conversation}`);
      await context.close();
    }
  } finally {
    await cleanup.run();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

// What the event log costs.
//  - Node: appending N events to an EventLogStore (grouping included), with and without the
//    schema checks; search and export over the result. These stores have no audio limit, so
//    they hold every event (the sample's 4.8 kB chunks would pass the default 64 MB); one more
//    run appends with the default limits, dropping included (its heap: bench:log-heap).
//  - Headless Chromium: the <EventLog> panel (bundled with esbuild) holding 100,000 events;
//    frame intervals (requestAnimationFrame) while scrolling smoothly, jumping around, and
//    while events stream in at the bottom.
// Usage: npm run bench:ui [-- --events 100000 --frames 300 --runs 5]
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildBenchPage } from './page-build';
import { Cleanup, blockExternalRequests, launchChromium, serveBuild, tempDir, trackPageErrors } from '../e2e/harness';
import { EventLogStore } from '../src/components/event-log/eventLogStore';
import { sampleEventStream } from '../src/components/event-log/test-support/sampleEvents';
import type { Browser, Page } from 'playwright-core';
import type {} from './event-log-page/main';

/** Must equal FRAME_MARK in event-log-page/main.tsx (not imported: that module runs a page). */
const FRAME_MARK = 'event-log-bench-frame';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const BROWSER_EVENTS = option('events', 100_000);
const FRAMES = option('frames', 300);
const RUNS = option('runs', 9);
const NODE_SIZES = [10_000, 100_000];
const SMOOTH_PX_PER_FRAME = 240; // ten rows a frame: a fast wheel scroll
const STREAM_EVENTS_PER_FRAME = [2, 50]; // a live session's rate (~100 events/s), and 25 times that
const VIEWPORT = { width: 1280, height: 800 };

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const median = (values: number[]) => quantile(values, 0.5);
const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);
const frameStats = (intervals: number[]) =>
  `p50 ${fmt(quantile(intervals, 0.5))}  p95 ${fmt(quantile(intervals, 0.95))}  max ${fmt(Math.max(...intervals))} ms/frame (n=${intervals.length})`;

interface TraceEvent {
  name: string;
  ts: number;
  /** Thread time (CPU time of the thread), µs. */
  tts?: number;
}

/**
 * Main-thread CPU time per frame, from a Chromium trace: the renderer main thread's thread-time
 * clock (`tts`) read at the page's FRAME_MARK marks, one per frame. Thread time advances only
 * while the thread runs, so waiting for the next frame, and time the process is descheduled on
 * a busy machine, do not count: this is the work the page did for that frame.
 */
function cpuPerFrame(trace: { traceEvents: TraceEvent[] }): number[] {
  const marks = trace.traceEvents.filter((e) => e.name === FRAME_MARK && e.tts !== undefined).sort((a, b) => a.ts - b.ts);
  return marks.slice(1).map((mark, i) => (mark.tts! - marks[i].tts!) / 1000);
}

async function traced<T>(browser: Browser, page: Page, run: () => Promise<T>): Promise<{ result: T; cpu: number[] }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel'] });
  const result = await run();
  const buffer = await browser.stopTracing();
  return { result, cpu: cpuPerFrame(JSON.parse(buffer.toString('utf8'))) };
}

async function time(run: () => void | Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function nodeBench(): Promise<void> {
  console.log(`Node ${process.version}: EventLogStore, sample GA stream (median of ${RUNS} runs)`);
  for (const size of NODE_SIZES) {
    const events = sampleEventStream(size);
    const plain: number[] = [];
    const validatedAppend: number[] = [];
    const validatedTotal: number[] = [];
    let rows = 0;
    for (let run = 0; run < RUNS; run++) {
      const store = new EventLogStore({ loadValidator: null, maxAudioBytes: Infinity });
      plain.push(await time(() => events.forEach((e) => store.append(e))));
      rows = store.rowCount;

      const checked = new EventLogStore({ scheduleTask: (task) => void setImmediate(task), maxAudioBytes: Infinity });
      checked.append(events[0]);
      await checked.whenValidated(); // validator loaded (and warm) before timing
      checked.clear();
      const start = performance.now();
      events.forEach((e) => checked.append(e));
      validatedAppend.push(performance.now() - start);
      await checked.whenValidated();
      validatedTotal.push(performance.now() - start);
      if (checked.problemCount !== 0) throw new Error(`sample stream has ${checked.problemCount} schema problems`);
    }
    const perEvent = (ms: number) => `${((ms * 1000) / size).toFixed(2)} µs/event`;
    console.log(`  append ${size} events (${rows} rows), no schema check: ${fmt(median(plain))} ms (${perEvent(median(plain))})`);
    console.log(`  append ${size} events with schema checks: append ${fmt(median(validatedAppend))} ms, all validated after ${fmt(median(validatedTotal))} ms (${perEvent(median(validatedTotal))})`);
  }

  const events = sampleEventStream(100_000);
  const bounded: number[] = [];
  let notice: string | null = null;
  for (let run = 0; run < RUNS; run++) {
    const limited = new EventLogStore({ loadValidator: null });
    bounded.push(await time(() => events.forEach((e) => limited.append(e))));
    notice = limited.droppedNotice;
  }
  console.log(`  append 100000 events with the default limits: ${fmt(median(bounded))} ms (${notice ?? 'nothing dropped'})`);

  const store = new EventLogStore({ loadValidator: null, maxAudioBytes: Infinity });
  events.forEach((e) => store.append(e));
  const firstSearch = await time(() => store.setFilter({ search: 'turn 42?' }));
  const found = store.visibleCount;
  const secondSearch = await time(() => store.setFilter({ search: 'turn 43?' }));
  const byType = await time(() => store.setFilter({ search: '', types: new Set(['response.output_audio_transcript.delta']) }));
  store.setFilter({ types: null });
  let lines = 0;
  const exportAll = await time(() => {
    lines = store.exportJsonl({ apiKey: 'sk-bench-key-1234567890' }).length;
  });
  console.log(`  100000 events: first search ${fmt(firstSearch)} ms (${found} rows match; builds the search text), next search ${fmt(secondSearch)} ms, type filter ${fmt(byType)} ms`);
  console.log(`  export ${lines} JSONL lines (full audio, redacted): ${fmt(exportAll)} ms`);
}

async function browserBench(): Promise<void> {
  const cleanup = new Cleanup();
  try {
    const dir = tempDir(cleanup, 'event-log-bench-');
    await buildBenchPage(join(__dirname, 'event-log-page', 'main.tsx'), dir, 'event log bench');
    const server = await serveBuild({ buildDir: dir });
    cleanup.add(() => server.close());
    const browser = await launchChromium();
    cleanup.add(() => browser.close());
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = trackPageErrors(page);
    await blockExternalRequests(page);
    await page.goto(server.url);
    await page.waitForFunction(() => Boolean(window.eventLogBench));
    console.log(`Chromium ${browser.version()} headless, ${VIEWPORT.width}x${VIEWPORT.height}, production React build`);

    const fill = await page.evaluate((count) => window.eventLogBench.fill(count), BROWSER_EVENTS);
    console.log(
      `  fill ${BROWSER_EVENTS} events (${fill.rows} rows): append ${fmt(fill.appendMs)} ms, next render ${fmt(fill.renderMs)} ms, ` +
        `schema checks done after ${fmt(fill.validationMs)} ms (${fill.problems} problems)${fill.heapMb === null ? '' : `, JS heap ${fill.heapMb.toFixed(0)} MB`}`,
    );
    const scenarios = [
      { label: 'idle (no scrolling: the machine\'s own frame jitter)', run: () => page.evaluate((o) => window.eventLogBench.scroll(o), { frames: FRAMES, mode: 'smooth' as const, pxPerFrame: 0 }) },
      { label: `smooth scroll, ${SMOOTH_PX_PER_FRAME} px/frame`, run: () => page.evaluate((o) => window.eventLogBench.scroll(o), { frames: FRAMES, mode: 'smooth' as const, pxPerFrame: SMOOTH_PX_PER_FRAME }) },
      { label: 'jump to a random position every frame', run: () => page.evaluate((o) => window.eventLogBench.scroll(o), { frames: FRAMES, mode: 'jump' as const, pxPerFrame: 0 }) },
      ...STREAM_EVENTS_PER_FRAME.map((eventsPerFrame) => ({
        label: `following the bottom, ${eventsPerFrame} new events/frame`,
        run: () => page.evaluate((o) => window.eventLogBench.stream(o), { frames: FRAMES, eventsPerFrame }),
      })),
    ];
    for (const scenario of scenarios) {
      const { result, cpu } = await traced(browser, page, scenario.run);
      const long = result.longFrames;
      const longFrames = long.length
        ? `, ${long.length} long frames >50 ms (max ${fmt(Math.max(...long.map((f) => f.duration)))} ms, main-thread blocking max ${fmt(Math.max(...long.map((f) => f.blocking)))} ms)`
        : ', no long frames (>50 ms)';
      console.log(`  ${scenario.label}:`);
      console.log(`    frame interval ${frameStats(result.intervals)}${longFrames}`);
      if (cpu.length) console.log(`    main-thread CPU per frame p50 ${fmt(quantile(cpu, 0.5))}  p95 ${fmt(quantile(cpu, 0.95))}  max ${fmt(Math.max(...cpu))} ms; ${result.renderedRows} rows in the DOM`);
      if (Math.abs(result.firstRow - result.expectedFirstRow) > 10) {
        throw new Error(`rows not rendered where scrolled: first row ${result.firstRow}, expected about ${result.expectedFirstRow}`);
      }
    }
    if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
  } finally {
    await cleanup.run();
  }
}

async function main(): Promise<void> {
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (figures are noisy when the machine is busy)`);
  await nodeBench();
  await browserBench();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

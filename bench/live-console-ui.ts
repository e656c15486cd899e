// The console's Live mode in headless Chromium (bench/live-console-page): the Live event log,
// with Live's schema checks, beside the timeline, delegations and ledger, fed a Live-shaped
// stream (per 100 ms: input audio, output audio, a transcript delta, now and then a delegation,
// an append, usage) at rising rates for RATE_MS each. A rate is sustained when the page appended
// at least 95% of it (events are due by the clock: a page that falls behind appends fewer) and
// the schema checks caught up within 1 s of the end. Printed besides: the main thread's CPU time
// per event (thread time from a Chromium trace, so the machine's other load does not count) and
// frame intervals (which, on a loaded machine, measure the machine). Past its bound (64 MiB of audio) the log drops its
// oldest rows, as in the console: at high rates it holds the last ~19,000 of these events.
import { join } from 'node:path';
import { blockExternalRequests, Cleanup, launchChromium, serveBuild, tempDir, trackPageErrors } from '../e2e/harness';
import { buildBenchPage } from './page-build';
import type {} from './live-console-page/main';

const RATE_MS = 3000;
const MAX_VALIDATION_LAG_MS = 1000;
/** Must equal FRAME_MARK in live-console-page/main.tsx (not imported: that module runs a page). */
const FRAME_MARK = 'live-console-bench-frame';

interface TraceEvent {
  name: string;
  ts: number;
  tts?: number;
}

/** Main-thread CPU time and wall time between the first and last frame marks, ms. */
function busy(trace: { traceEvents: TraceEvent[] }): { cpuMs: number; wallMs: number } {
  const marks = trace.traceEvents.filter((e) => e.name === FRAME_MARK && e.tts !== undefined).sort((a, b) => a.ts - b.ts);
  if (marks.length < 2) return { cpuMs: NaN, wallMs: NaN };
  const first = marks[0];
  const last = marks[marks.length - 1];
  return { cpuMs: (last.tts! - first.tts!) / 1000, wallMs: (last.ts - first.ts) / 1000 };
}

const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

export async function liveConsoleThroughput(rates: readonly number[]): Promise<void> {
  const cleanup = new Cleanup();
  try {
    const dir = tempDir(cleanup, 'live-console-bench-');
    await buildBenchPage(join(__dirname, 'live-console-page', 'main.tsx'), dir, 'live console bench');
    const server = await serveBuild({ buildDir: dir });
    cleanup.add(() => server.close());
    const browser = await launchChromium();
    cleanup.add(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = trackPageErrors(page);
    await blockExternalRequests(page);
    await page.goto(server.url);
    await page.waitForFunction(() => Boolean(window.liveConsoleBench));
    let sustained = 0;
    let failures = 0;
    for (const rate of rates) {
      await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel'] });
      const started = Date.now();
      const result = await page.evaluate((options) => window.liveConsoleBench.run(options), { rate, ms: RATE_MS });
      const lag = Date.now() - started - RATE_MS;
      const { cpuMs, wallMs } = busy(JSON.parse((await browser.stopTracing()).toString('utf8')));
      const ok = lag <= MAX_VALIDATION_LAG_MS && result.achieved >= 0.95 * rate;
      if (ok) sustained = rate;
      failures = ok ? 0 : failures + 1;
      console.log(
        `console UI at ${rate} Live events/s: ${Math.round(result.achieved)} appended/s, main thread ` +
          `${((cpuMs * 1000) / Math.max(1, result.appended)).toFixed(1)} µs CPU/event (${Math.round(cpuMs)} ms in ${Math.round(wallMs)} ms), frame interval p50 ${quantile(result.intervals, 0.5).toFixed(1)} ` +
          `p95 ${quantile(result.intervals, 0.95).toFixed(1)} ms, schema checks done ${Math.max(0, lag)} ms after the end, the log holding ${result.events} events in ${result.rows} rows${ok ? '' : ' (not sustained)'}`,
      );
      if (failures >= 2) break;
    }
    console.log(`console UI sustains: ${sustained} Live events/s (event log + timeline in headless Chromium: ≥ 95% of the rate appended, schema checks within ${MAX_VALIDATION_LAG_MS} ms)`);
    if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
  } finally {
    await cleanup.run();
  }
}

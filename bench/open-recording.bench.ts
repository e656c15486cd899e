// Opening a 100,000-event recording in the built console (headless Chromium): the time from
// handing the file to the page to the first frame painted with the recording shown, and the
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

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const EVENTS = option('events', 100_000);
const RUNS = option('runs', 3);
const AS_ZIP = args.includes('--zip');
const CHUNK_BASE64 = 'AAAA'.repeat(320); // 960 bytes: 20 ms of 24 kHz PCM16 (silence)

function recordingLines(count: number): string[] {
  const lines: string[] = [];
  let time = Date.UTC(2026, 11, 1, 1, 0, 0);
  const push = (source: 'client' | 'server', event: Record<string, unknown>, stepMs = 20) => {
    if (lines.length < count) lines.push(JSON.stringify({ time: new Date((time += stepMs)).toISOString(), source, event }));
  };
  push('server', { type: 'session.created', session: { type: 'realtime', id: 'sess_bench', model: 'gpt-realtime-2.1', expires_at: 1_900_000_000 } });
  for (let turn = 0; lines.length < count; turn++) {
    const user = `item_user_${turn}`;
    const answer = `item_answer_${turn}`;
    const response = `resp_${turn}`;
    for (let i = 0; i < 50; i++) push('client', { type: 'input_audio_buffer.append', audio: CHUNK_BASE64 });
    push('client', { type: 'input_audio_buffer.commit' }, 5);
    push('server', { type: 'input_audio_buffer.committed', previous_item_id: null, item_id: user }, 30);
    push('server', { type: 'conversation.item.added', item: { id: user, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio', transcript: null }] } }, 1);
    push('client', { type: 'response.create' }, 1);
    push('server', { type: 'response.created', response: { id: response, object: 'realtime.response', status: 'in_progress', output: [] } }, 40);
    push('server', { type: 'response.output_item.added', response_id: response, output_index: 0, item: { id: answer, object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] } }, 5);
    for (let b = 0; b < 10; b++) {
      push('server', { type: 'response.output_audio_transcript.delta', response_id: response, item_id: answer, output_index: 0, content_index: 0, delta: `word${b} ` }, 10);
      for (let i = 0; i < 4; i++) push('server', { type: 'response.output_audio.delta', response_id: response, item_id: answer, output_index: 0, content_index: 0, delta: CHUNK_BASE64 }, 5);
    }
    const usage = { total_tokens: 600, input_tokens: 400, output_tokens: 200, input_token_details: { text_tokens: 100, audio_tokens: 300, image_tokens: 0, cached_tokens: 64, cached_tokens_details: { text_tokens: 64, audio_tokens: 0, image_tokens: 0 } }, output_token_details: { text_tokens: 20, audio_tokens: 180 } };
    push('server', { type: 'response.done', response: { id: response, object: 'realtime.response', status: 'completed', output: [], usage } }, 5);
    push('server', { type: 'rate_limits.updated', rate_limits: [{ name: 'tokens', limit: 40000, remaining: 39000, reset_seconds: 1.5 }] }, 1);
  }
  return lines;
}

/** Scrolls the recording's conversation to its end: how long until its last item is in the page. */
async function lastItemReached(page: Page): Promise<string> {
  const recording = page.getByTestId('recording-view');
  const inPage = await recording.getByTestId('conversation-item').count();
  if ((await recording.getByTestId('conversation-scroller').count()) === 0) return `${inPage} conversation items in the page (not virtualised)`;
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
      await blockExternalRequests(page);
      await page.goto(app.url);
      await page.getByTestId('console-page').waitFor();
      const cdp = await context.newCDPSession(page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
      };
      const before = await heap();
      const started = performance.now();
      await page.getByTestId('open-session-input').setInputFiles(file);
      await page.getByTestId('recording-banner').waitFor({ timeout: 120_000 });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const painted = performance.now() - started;
      const rows = await page.getByTestId('recording-view').getByTestId('latency-row').count();
      const conversation = await lastItemReached(page);
      const after = await heap();
      console.log(`run ${run}: first paint ${(painted / 1000).toFixed(2)} s after the file was given; heap ${before.toFixed(0)} MB → ${after.toFixed(0)} MB (+${(after - before).toFixed(0)} MB); ${rows} latency rows; ${conversation}`);
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

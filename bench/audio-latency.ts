// Measures wavtools' audio timing in headless Chromium (fake microphone from a sox tone):
//  - recorder: interval between onChunk calls, and the age of a chunk's last device frame
//    when onChunk runs (audio thread -> resampler -> main-thread callback);
//  - player: delay from add16BitPCM to the first rendered output quantum (context clock), and
//    to the output device (adding the context's reported output latency).
// Usage: npm run bench:audio [-- --seconds 5 --trials 20]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Cleanup, launchChromium, tempDir, trackPageErrors, blockExternalRequests } from '../e2e/harness';
import { serveWavtoolsPage } from '../e2e/wavtools-page/build-page';
import type {} from '../e2e/wavtools-page/entry';
import { StreamingResampler } from '../src/lib/audio-codec/resampler';
import { base64ToInt16, int16ToBase64 } from '../src/lib/audio-codec/pcm';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const RECORD_SECONDS = option('seconds', 5);
const PLAYER_TRIALS = option('trials', 20);
const WARM_UP_MS = 500;

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(2)}  p50 ${at(0.5).toFixed(2)}  p95 ${at(0.95).toFixed(2)}  min ${sorted[0].toFixed(2)}  max ${sorted[sorted.length - 1].toFixed(2)} ms (n=${values.length})`;
}

/** CPU cost of the DSP that runs on the main thread (measured in Node; V8 like Chromium). */
function dspThroughput(): void {
  const seconds = 20;
  for (const rate of [48000, 44100]) {
    const input = Float32Array.from({ length: rate * seconds }, (_, i) => Math.sin(i / 10) * 0.5);
    const resampler = new StreamingResampler(rate, 24000);
    const block = 256; // the capture worklet's batch
    const started = performance.now();
    for (let i = 0; i < input.length; i += block) resampler.process(input.subarray(i, i + block));
    const ms = performance.now() - started;
    console.log(`resampler ${rate} -> 24000 Hz in ${block}-frame batches: ${(ms / seconds).toFixed(2)} ms CPU per second of audio (${((ms / seconds) / 10).toFixed(2)} % of a core)`);
  }
  const pcm = Int16Array.from({ length: 24000 * 60 }, (_, i) => (i * 7919) & 0x7fff);
  let started = performance.now();
  const encoded = int16ToBase64(pcm);
  const encodeMs = performance.now() - started;
  started = performance.now();
  base64ToInt16(encoded);
  const decodeMs = performance.now() - started;
  console.log(`base64, 60 s of 24 kHz PCM16 (2.88 MB): encode ${encodeMs.toFixed(1)} ms, decode ${decodeMs.toFixed(1)} ms`);
}

async function main(): Promise<void> {
  dspThroughput();
  const cleanup = new Cleanup();
  try {
    const dir = tempDir(cleanup, 'wavtools-bench-');
    const wav = join(dir, 'tone.wav');
    const made = spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', '3', 'sine', '440', 'vol', '0.5']);
    if (made.status !== 0) throw new Error(`sox failed: ${made.stderr}`);
    const server = await serveWavtoolsPage(dir);
    cleanup.add(() => server.close());
    const browser = await launchChromium({ fakeMicrophoneWav: wav });
    cleanup.add(() => browser.close());
    const page = await browser.newPage();
    const errors = trackPageErrors(page);
    await blockExternalRequests(page);
    await page.goto(server.url);
    await page.waitForFunction(() => Boolean(window.wavtoolsPage));
    console.log(`Chromium ${browser.version()} (headless, fake audio devices)`);

    for (const chunkSamples of [480, 720]) {
      const recorder = await page.evaluate(async ({ seconds, size, warmUpMs }) => {
        const { wavtools, sleep } = window.wavtoolsPage;
        const rec = new wavtools.WavRecorder({ chunkSamples: size });
        await rec.begin();
        const context = rec.context!;
        const arrivals: number[] = [];
        const ages: number[] = [];
        await rec.record((chunk) => {
          arrivals.push(performance.now());
          ages.push((context.currentTime - chunk.endTime) * 1000);
        });
        await sleep(seconds * 1000);
        await rec.end();
        const warmUp = Math.ceil(warmUpMs / ((size / 24000) * 1000)); // the first chunks include start-up
        const intervals = arrivals.slice(warmUp + 1).map((t, i) => t - arrivals[warmUp + i]);
        return { deviceRate: context.sampleRate, intervals, ages: ages.slice(warmUp) };
      }, { seconds: RECORD_SECONDS, size: chunkSamples, warmUpMs: WARM_UP_MS });
      console.log(`\nrecorder, ${chunkSamples}-sample chunks (${(chunkSamples / 24).toFixed(0)} ms at 24 kHz), device ${recorder.deviceRate} Hz, ${RECORD_SECONDS} s (first ${WARM_UP_MS} ms not counted)`);
      console.log(`  chunk interval (onChunk to onChunk):        ${stats(recorder.intervals)}`);
      console.log(`  last device frame -> onChunk (context clock): ${stats(recorder.ages)}`);
    }

    for (const chunkMs of [100, 10]) {
      const player = await page.evaluate(async ({ trials, ms }) => {
        const { wavtools, sleep } = window.wavtoolsPage;
        const starts: number[] = [];
        const waiting: Array<(contextTime: number) => void> = [];
        const out = new wavtools.WavStreamPlayer({ onPlayback: (notice) => notice.type === 'started' && waiting.shift()?.(notice.contextTime) });
        await out.connect();
        const context = out.context!;
        const rendered: number[] = [];
        const toDevice: number[] = [];
        const noticed: number[] = [];
        const samples = new Int16Array((24000 * ms) / 1000).fill(1000);
        for (let i = 0; i < trials; i++) {
          await sleep(60 + ((i * 7) % 13)); // idle again, and at varying phases of the render quantum
          const started = new Promise<number>((resolve) => waiting.push(resolve));
          const addedAt = performance.now();
          const renderTimeAtAdd = context.currentTime;
          out.add16BitPCM(samples, `t${i}`);
          const startTime = await started;
          noticed.push(performance.now() - addedAt);
          rendered.push((startTime - renderTimeAtAdd) * 1000);
          const stamp = context.getOutputTimestamp();
          const startAtDevice = (stamp.performanceTime ?? 0) + (startTime - (stamp.contextTime ?? 0)) * 1000;
          toDevice.push(startAtDevice - addedAt);
          starts.push(startTime);
          await sleep(ms + 10);
        }
        const result = { jitterMs: wavtools.DEFAULT_JITTER_MS, rate: context.sampleRate, baseLatency: context.baseLatency, outputLatency: context.outputLatency, rendered, toDevice, noticed };
        await out.disconnect();
        return result;
      }, { trials: PLAYER_TRIALS, ms: chunkMs });
      console.log(`\nplayer, ${chunkMs} ms chunks after silence (jitter buffer ${player.jitterMs} ms), context ${player.rate} Hz, baseLatency ${(player.baseLatency * 1000).toFixed(1)} ms, outputLatency ${(player.outputLatency * 1000).toFixed(1)} ms`);
      console.log(`  add16BitPCM -> first output quantum (render clock): ${stats(player.rendered)}`);
      console.log(`  add16BitPCM -> 'started' notice on the main thread: ${stats(player.noticed)}`);
      console.log(`  add16BitPCM -> output device (getOutputTimestamp):   ${stats(player.toDevice)}`);
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
  } finally {
    await cleanup.run();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

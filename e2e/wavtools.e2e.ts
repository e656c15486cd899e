// wavtools in headless Chromium: a fake microphone (a sox tone, espeak-ng speech) through
// WavRecorder, and WavStreamPlayer's output recorded by a tap worklet to check interrupt().
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { blockExternalRequests, Cleanup, launchChromium, makeSpeechWav, tempDir, trackPageErrors } from './harness';
import { serveWavtoolsPage } from './wavtools-page/build-page';
import { fitTone, zeroCrossingFrequency } from '../src/lib/audio-codec/test-signals';
import type {} from './wavtools-page/entry';

const cleanup = new Cleanup();
after(() => cleanup.run());

let pageUrl: Promise<string> | null = null;
function servePage(): Promise<string> {
  pageUrl ??= serveWavtoolsPage(tempDir(cleanup, 'wavtools-page-')).then((server) => {
    cleanup.add(() => server.close());
    return server.url;
  });
  return pageUrl;
}

async function openPage(fakeMicrophoneWav?: string): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const url = await servePage();
  const browser = await launchChromium({ fakeMicrophoneWav });
  cleanup.add(() => browser.close());
  const page = await browser.newPage();
  const errors = trackPageErrors(page);
  await blockExternalRequests(page);
  await page.goto(url);
  await page.waitForFunction(() => Boolean(window.wavtoolsPage));
  return { browser, page, errors };
}

function toneWav(dir: string, frequency: number): string {
  const file = join(dir, `tone-${frequency}.wav`);
  const made = spawnSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '3', 'sine', String(frequency), 'vol', '0.5']);
  if (made.status !== 0) throw new Error(`sox failed: ${made.stderr}`);
  return file;
}

test('the recorder delivers 24 kHz chunks of the configured size carrying the microphone tone; end() closes everything', async () => {
  const { page, errors } = await openPage(toneWav(tempDir(cleanup), 1000));
  const chunkSamples = 480; // 20 ms
  const result = await page.evaluate(async (size) => {
    const { wavtools, sleep, contextStates } = window.wavtoolsPage;
    const recorder = new wavtools.WavRecorder({
      chunkSamples: size,
      keepAudio: true,
      audioConstraints: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    await recorder.begin();
    const deviceRate = recorder.deviceSampleRate;
    const chunks: Int16Array[] = [];
    await recorder.record((chunk) => chunks.push(chunk.mono));
    await sleep(1000);
    const statusWhileRecording = recorder.getStatus();
    const lengthsWhileRecording = chunks.map((c) => c.length);
    await recorder.pause();
    const countAtPause = chunks.length;
    await sleep(100);
    const deliveredAfterPause = chunks.length - countAtPause;
    const music = recorder.getFrequencies('music');
    const wav = wavtools.parseWav(new Uint8Array(await (await recorder.save()).arrayBuffer()));
    const joined = wavtools.concatInt16(chunks);
    const tracks = recorder.mediaStream!.getTracks();
    await recorder.end();
    return {
      deviceRate,
      statusWhileRecording,
      statusAfterEnd: recorder.getStatus(),
      lengthsWhileRecording,
      deliveredAfterPause,
      samples: Array.from(joined),
      loudestNote: music.labels[music.values.indexOf(Math.max(...Array.from(music.values)))],
      wav: { sampleRate: wav.sampleRate, channels: wav.channels, sameAudio: wav.samples.length === joined.length && wav.samples.every((s, i) => s === joined[i]) },
      trackStates: tracks.map((t) => t.readyState),
      contextStates: contextStates(),
    };
  }, chunkSamples);

  assert.equal(result.statusWhileRecording, 'recording');
  assert.ok(result.lengthsWhileRecording.length >= 30, `${result.lengthsWhileRecording.length} chunks in 1 s`);
  assert.ok(result.lengthsWhileRecording.every((n) => n === chunkSamples), 'every chunk has the configured size');
  assert.equal(result.deliveredAfterPause, 0, 'nothing after pause()');
  const samples = Int16Array.from(result.samples);
  // Per 100 ms window, then the median: a capture glitch on a loaded machine (a dropped or
  // repeated frame of the fake device) shifts the phase of everything after it and adds a
  // crossing, which would spoil one measure over the whole recording (seen in CI: 1008.9 Hz
  // over the whole recording while every window fitted 1000 Hz at -88 dB).
  const fits = [];
  const windowFrequencies = [];
  for (let start = 2400; start + 2400 <= samples.length; start += 2400) {
    const window = samples.subarray(start, start + 2400);
    fits.push(fitTone(window, 1000, 24000, 1 / 32768));
    windowFrequencies.push(zeroCrossingFrequency(window, 24000));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const frequency = median(windowFrequencies);
  const amplitude = median(fits.map((f) => f.amplitude));
  const residualDb = median(fits.map((f) => f.residualDb));
  console.log(`  device rate ${result.deviceRate} Hz; 24 kHz output: tone ${frequency.toFixed(1)} Hz, amplitude ${amplitude.toFixed(3)}, residual ${residualDb.toFixed(1)} dB (medians of ${fits.length} windows)`);
  assert.ok(fits.length >= 6);
  assert.ok(Math.abs(frequency - 1000) < 5, `tone at ${frequency} Hz`);
  assert.ok(amplitude > 0.1, `non-silent: amplitude ${amplitude}`);
  assert.ok(residualDb < -40, `clean: residual ${residualDb} dB`);
  assert.ok(['B5', 'C6'].includes(result.loudestNote), `loudest note ${result.loudestNote}`); // 1000 Hz lies between B5 (987.8) and C6 (1046.5)
  assert.deepEqual(result.wav, { sampleRate: 24000, channels: 1, sameAudio: true });
  assert.equal(result.statusAfterEnd, 'ended');
  assert.deepEqual(result.trackStates, ['ended'], 'the microphone is released');
  assert.ok(result.contextStates.length >= 1 && result.contextStates.every((s) => s === 'closed'), `contexts: ${result.contextStates}`);
  assert.deepEqual(errors, []);
});

test('speech through the default (echo-cancelled) microphone arrives as non-silent 30 ms chunks; kept audio is bounded; devices are listed', async () => {
  const { page, errors } = await openPage(makeSpeechWav(tempDir(cleanup), 'Testing the microphone, one two three.', 0.1));
  const maxKeptSeconds = 0.5;
  const result = await page.evaluate(async (keptSeconds) => {
    const { wavtools, sleep, contextStates } = window.wavtoolsPage;
    const recorder = new wavtools.WavRecorder({ keepAudio: true, maxKeptSeconds: keptSeconds });
    const changes: MediaDeviceInfo[][] = [];
    const stopListening = wavtools.WavRecorder.listenForDeviceChange((devices) => changes.push(devices));
    await recorder.begin();
    const peaks: number[] = [];
    const lengths: number[] = [];
    await recorder.record((chunk) => {
      lengths.push(chunk.mono.length);
      peaks.push(chunk.mono.reduce((max, s) => Math.max(max, Math.abs(s)), 0));
    });
    await sleep(1500);
    await recorder.pause();
    const kept = wavtools.parseWav(new Uint8Array(await (await recorder.save()).arrayBuffer())).samples.length;
    await recorder.clear();
    const keptAfterClear = wavtools.parseWav(new Uint8Array(await (await recorder.save()).arrayBuffer())).samples.length;
    const devices = await wavtools.WavRecorder.listDevices();
    stopListening();
    await recorder.end();
    return {
      peaks, lengths, kept, keptAfterClear,
      devices: devices.map((d) => ({ kind: d.kind, hasLabel: d.label.length > 0 })),
      firstChange: changes[0]?.length ?? -1,
      contextStates: contextStates(),
    };
  }, maxKeptSeconds);
  const full = result.lengths.slice(0, -1);
  assert.ok(full.length >= 40 && full.every((n) => n === 720), `chunk sizes ${[...new Set(result.lengths)]}`);
  assert.ok(result.lengths[result.lengths.length - 1] <= 720);
  const loud = result.peaks.filter((p) => p > 1000).length;
  assert.ok(loud >= 5, `${loud} chunks with speech (peaks ${result.peaks.slice(0, 20)})`);
  // keepAudio keeps the latest maxKeptSeconds (whole chunks), not the whole session.
  const limit = maxKeptSeconds * 24000;
  assert.ok(result.kept >= limit && result.kept < limit + 720, `kept ${result.kept} samples`);
  assert.equal(result.keptAfterClear, 0);
  assert.ok(result.devices.length >= 1 && result.devices.every((d) => d.kind === 'audioinput' && d.hasLabel), JSON.stringify(result.devices));
  assert.ok(result.firstChange >= 1, 'listenForDeviceChange reports the devices at once');
  assert.ok(result.contextStates.every((s) => s === 'closed'));
  assert.deepEqual(errors, []);
});

test('the player plays queued PCM; interrupt() after an underrun reports exactly the samples output, and as heard those less the output latency', async () => {
  const { page, errors } = await openPage();
  const result = await page.evaluate(async () => {
    const { wavtools, sleep, tapOutput, contextStates, counting, longestInnerSilence } = window.wavtoolsPage;
    const notices: Array<{ type: string; trackId: string | null; offset?: number }> = [];
    const player = new wavtools.WavStreamPlayer({ contextSampleRate: 24000, onPlayback: (n) => notices.push(n) });
    await player.connect();
    const tap = await tapOutput(player.context!, player.outputNode!);
    // Every sample is non-zero and tells its index: the tap shows exactly what was output.
    player.add16BitPCM(counting(4800, 0), 'a'); // 200 ms
    await sleep(500); // ... then 300 ms with nothing queued: an underrun
    player.add16BitPCM(counting(24000, 4800), 'a'); // 1 s more (interrupted long before its end)
    await sleep(120);
    const latency = (player.context?.baseLatency ?? 0) + (player.context?.outputLatency ?? 0);
    const interrupted = await player.interrupt();
    const heard = await tap.take();
    player.add16BitPCM(counting(2400, 0), 'a'); // a late chunk of the interrupted track
    await sleep(200);
    const heardLate = await tap.take();
    player.add16BitPCM(counting(2400, 0), 'b');
    await sleep(250);
    const heardNext = await tap.take();
    const idleInterrupt = await player.interrupt();
    await player.disconnect();
    const played = heard.filter((v) => v !== 0);
    return {
      interrupted,
      latency,
      idleInterrupt,
      playedCount: played.length,
      lastPlayed: Math.round(played[played.length - 1] * 32768),
      firstTenPlayed: Array.from(played.subarray(0, 10), (v) => Math.round(v * 32768)),
      gap: longestInnerSilence(heard),
      lateCount: heardLate.filter((v) => v !== 0).length,
      nextCount: heardNext.filter((v) => v !== 0).length,
      notices,
      contextStates: contextStates(),
    };
  });
  const { interrupted } = result;
  assert.ok(interrupted, 'a track was playing');
  assert.equal(interrupted.trackId, 'a');
  assert.ok(result.gap >= 2400, `an underrun gap of ${result.gap} samples happened`);
  assert.ok(interrupted.sentOffset > 4800 && interrupted.sentOffset < 28800, `sent ${interrupted.sentOffset}`);
  assert.equal(interrupted.sentOffset, result.playedCount, 'sentOffset = samples really output to the graph');
  assert.equal(result.lastPlayed, ((interrupted.sentOffset - 1) % 1000) + 1, 'the last sample output is sample sentOffset - 1');
  // Heard: what had reached the device, `baseLatency + outputLatency` earlier. The interrupt
  // comes 120 ms into continuous playback, longer than that latency, so it is a plain subtraction here.
  assert.ok(result.latency > 0, `headless Chromium reports a latency (${result.latency} s)`);
  assert.ok(Math.abs(interrupted.latencySeconds - result.latency) < 1e-6, `compensated ${interrupted.latencySeconds} s of ${result.latency} s`);
  const expectedHeard = interrupted.sentOffset - result.latency * 24000;
  console.log(`  latency ${(result.latency * 1000).toFixed(1)} ms: output ${interrupted.sentOffset}, heard ${interrupted.offset} samples`);
  assert.ok(Math.abs(interrupted.offset - expectedHeard) <= 1, `heard ${interrupted.offset}, expected ${expectedHeard}`);
  assert.deepEqual(result.firstTenPlayed, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.ok(interrupted.currentTime > 0.5);
  assert.deepEqual(result.notices.slice(0, 2).map((n) => [n.type, n.trackId, n.offset]), [['started', 'a', undefined], ['idle', 'a', 4800]]);
  assert.equal(result.lateCount, 0, 'late chunks of an interrupted track are dropped');
  assert.equal(result.nextCount, 2400, 'the next track plays in full');
  assert.equal(result.idleInterrupt, null, 'interrupting an idle player gives null');
  assert.ok(result.contextStates.every((s) => s === 'closed'), `contexts: ${result.contextStates}`);
  assert.deepEqual(errors, []);
});

test('at the device rate the player resamples and, with latency compensation off, the offset matches the audio output (within 3 samples)', async () => {
  const { page, errors } = await openPage();
  const result = await page.evaluate(async () => {
    const { wavtools, sleep, tapOutput, contextStates } = window.wavtoolsPage;
    const player = new wavtools.WavStreamPlayer({ compensateOutputLatency: false });
    await player.connect();
    const rate = player.context!.sampleRate;
    const tap = await tapOutput(player.context!, player.outputNode!);
    // A constant 0.5: the band-limited steps cross 0.25 exactly where the audio starts and stops.
    player.add16BitPCM(new Int16Array(4800).fill(16384), 'x');
    await sleep(450);
    player.add16BitPCM(new Int16Array(24000).fill(16384), 'x');
    await sleep(120);
    const interrupted = await player.interrupt();
    const heard = await tap.take();
    // The player's analyser sees what plays: a 1 kHz tone peaks between B5 and C6.
    player.add16BitPCM(Int16Array.from({ length: 12000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 24000))), 'tone');
    await sleep(250);
    const music = player.getFrequencies('music');
    const loudestNote = music.labels[music.values.indexOf(Math.max(...Array.from(music.values)))];
    await player.disconnect();
    return { rate, interrupted, loudestNote, above: heard.filter((v) => v > 0.25).length, contextStates: contextStates() };
  });
  assert.ok(result.interrupted && result.interrupted.trackId === 'x');
  const expected = (result.above * 24000) / result.rate;
  console.log(`  context ${result.rate} Hz: offset ${result.interrupted.offset}, from the output ${expected.toFixed(1)}`);
  assert.ok(Math.abs(result.interrupted.offset - expected) <= 3, `offset ${result.interrupted.offset} vs ${expected}`);
  assert.equal(result.interrupted.offset, result.interrupted.sentOffset, 'compensation off: heard = output');
  assert.equal(result.interrupted.latencySeconds, 0);
  assert.ok(result.interrupted.offset > 4800);
  assert.ok(['B5', 'C6'].includes(result.loudestNote), `loudest note ${result.loudestNote}`);
  assert.ok(result.contextStates.every((s) => s === 'closed'));
  assert.deepEqual(errors, []);
});

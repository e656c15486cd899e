import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { blockExternalRequests, Cleanup, launchChromium, makeSpeechWav, routeMapTiles, serveBuild, tempDir, trackPageErrors } from './harness';

const cleanup = new Cleanup();
after(() => cleanup.run());

test('the built console loads in Chromium with the fake microphone granted', async () => {
  const wav = makeSpeechWav(tempDir(cleanup), 'What is the weather in Paris?');
  const app = await serveBuild({ runtimeConfig: { relayUrl: 'ws://127.0.0.1:9' } });
  cleanup.add(() => app.close());
  const browser = await launchChromium({ fakeMicrophoneWav: wav });
  cleanup.add(() => browser.close());
  const page = await browser.newPage();
  const errors = trackPageErrors(page);
  await blockExternalRequests(page);
  // The weather map loads OpenStreetMap tiles on start: answered offline.
  await routeMapTiles(page);
  await page.goto(app.url);
  await page.getByTestId('console-page').waitFor();
  assert.match(await page.getByTestId('connection-mode').innerText(), /Relay: ws:\/\/127\.0\.0\.1:9/);

  // The fake microphone is granted without a prompt and delivers non-silent audio.
  const peak = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let max = 0;
    for (let i = 0; i < 40 && max < 0.01; i++) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatTimeDomainData(samples);
      for (const s of samples) max = Math.max(max, Math.abs(s));
    }
    stream.getTracks().forEach((t) => t.stop());
    await context.close();
    return max;
  });
  assert.ok(peak > 0.01, `microphone peak ${peak}`);
  assert.deepEqual(errors, []);
});

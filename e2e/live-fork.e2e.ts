// GPT-Live forks and mute in the console, in Chromium, through the relay to the simulator on
// loopback. A stored session, ended, offers Fork: the fork starts from it through the relay's
// `/v1/live/sessions/{id}/fork`, and the session line and the event log name its lineage. Over
// WebRTC, Mute disables the microphone track: the simulator (watched on a sideband of its own,
// which reflects the input audio) hears silence while muted, not nothing, and the tone again after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Cleanup, launchChromium, openConsole, routeMapTiles, serveBuild, tempDir, type StaticServer } from './harness';
import { encodeWav } from '../src/lib/wavtools/wav-packer';
import { RecordingClient } from '../testing/recording-client';

const STEP_TIMEOUT_MS = 20_000;
const cleanup = new Cleanup();
let app: StaticServer;
let browser: Browser;
let simulatorPort = 0;

/** A steady 440 Hz tone: the fake microphone never falls silent by itself. */
function toneWav(dir: string): string {
  const rate = 48_000;
  const samples = new Int16Array(rate * 3).map((_, i) => Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 0.3 * 32767));
  const path = join(dir, 'tone.wav');
  writeFileSync(path, encodeWav(samples, { sampleRate: rate }));
  return path;
}

before(async () => {
  const { startSimulator } = await import('../simulator/server');
  const { startRelay } = await import('../relay-server/server');
  const simulator = await startSimulator({});
  simulatorPort = simulator.port;
  cleanup.add(() => simulator.close());
  const relay = await startRelay({ apiKey: 'sk-relay-e2e', port: 0, upstreamUrl: simulator.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: () => undefined });
  cleanup.add(() => relay.close());
  app = await serveBuild({ runtimeConfig: { relayUrl: relay.url } });
  cleanup.add(() => app.close());
  browser = await launchChromium({ fakeMicrophoneWav: toneWav(tempDir(cleanup)) });
  cleanup.add(() => browser.close());
});
after(() => cleanup.run());

const sessionIdIn = (status: string): string => /sess_[A-Za-z0-9_]+/.exec(status)?.[0] ?? '';

test('a stored Live session, ended, forks through the relay; a fork of the fork; the lineage in the session line and the log', async () => {
  const tab = await openConsole(browser, app.url, { route: routeMapTiles });
  const { page } = tab;
  await page.getByTestId('protocol-choice').selectOption('live');
  const livePanel = page.getByTestId('live-console');
  await livePanel.getByRole('form', { name: 'Live session start-up' }).getByLabel('Store (to fork later)').check();
  await livePanel.getByRole('button', { name: 'Start Live session' }).click();
  const status = page.getByTestId('live-status');
  const ids: string[] = [];
  for (let generation = 0; generation < 3; generation++) {
    await status.filter({ hasText: /^live · sess_/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
    ids.push(sessionIdIn(await status.innerText()));
    if (generation > 0) {
      // The parent first, then its ancestors.
      assert.equal(await page.getByTestId('live-lineage').innerText(), ` · fork of ${ids.slice(0, -1).reverse().join(' ← ')}`);
      await livePanel.getByTestId('live-events').getByText(`GPT-Live fork of ${ids[generation - 1]} over WebSocket`).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    }
    await livePanel.getByRole('button', { name: 'End session', exact: true }).click();
    await status.filter({ hasText: /^closed/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
    if (generation < 2) await livePanel.getByRole('button', { name: 'Fork', exact: true }).click();
  }
  assert.equal(new Set(ids).size, 3, ids.join(', '));
  // The forks' session.start (overrides only) and everything else pass the page's schema check.
  await livePanel.getByTestId('live-events').getByTestId('event-log-schema').filter({ hasText: /no problems/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(tab.errors, []);
  await tab.close();
});

test('Mute over WebRTC: the track sends silence (the session clock keeps running), and the tone again when unmuted', async () => {
  const tab = await openConsole(browser, app.url, { route: routeMapTiles });
  const { page } = tab;
  await page.getByTestId('transport-choice').selectOption('webrtc');
  await page.getByTestId('protocol-choice').selectOption('live');
  const livePanel = page.getByTestId('live-console');
  await livePanel.getByRole('button', { name: 'Start Live session' }).click();
  const status = page.getByTestId('live-status');
  await status.filter({ hasText: /^live · sess_/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const id = sessionIdIn(await status.innerText());
  const sideband = await RecordingClient.open(`ws://127.0.0.1:${simulatorPort}/v1/live/sessions/${id}/attach`, { headers: { Authorization: 'Bearer sk-e2e-sideband' } });
  cleanup.add(() => sideband.close());
  /** Each reflected input chunk (PCM16 24 kHz): its RMS (0–1) and length, in arrival order. */
  const chunks = (): { rms: number; ms: number }[] =>
    sideband.all('session.input_audio.append').map((event) => {
      const bytes = Buffer.from(String(event.audio), 'base64');
      const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1)));
      return { rms: Math.sqrt(samples.reduce((sum, s) => sum + (s / 32768) ** 2, 0) / Math.max(1, samples.length)), ms: samples.length / 24 };
    });
  const toneAfter = (from: number) => sideband.waitUntil(() => (chunks().slice(from).some((chunk) => chunk.rms > 0.05) ? true : null), STEP_TIMEOUT_MS, 'the tone');
  await toneAfter(0);
  const mute = livePanel.getByRole('button', { name: 'Mute microphone', exact: true });
  await mute.click();
  assert.equal(await mute.getAttribute('aria-pressed'), 'true');
  // Half a second of chunks in a row, all silent: audio still arrives, and it is silence.
  const clicked = chunks().length;
  await sideband.waitUntil(() => {
    let silentMs = 0;
    for (const chunk of chunks().slice(clicked)) silentMs = chunk.rms < 0.001 ? silentMs + chunk.ms : 0;
    return silentMs >= 500 ? true : null;
  }, STEP_TIMEOUT_MS, '500 ms of silence in a row');
  const unmutedAt = chunks().length;
  await mute.click();
  assert.equal(await mute.getAttribute('aria-pressed'), 'false');
  await toneAfter(unmutedAt);
  await livePanel.getByRole('button', { name: 'End session', exact: true }).click();
  await status.filter({ hasText: /^closed/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(tab.errors, []);
  await tab.close();
});

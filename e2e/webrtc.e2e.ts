// The console over WebRTC end to end: the built app in headless Chromium, the relay and the
// simulator speaking WebRTC, all on loopback (Chromium's 127.0.0.1 candidates come from
// --allow-loopback-in-peer-connection in the harness; the simulator offers and pairs only
// 127.0.0.1). Through the relay's /session and through its /token: a typed weather question with
// the tool round trip over the data channel, the model's audio with energy on the remote track,
// a push-to-talk press over that audio clearing the server's output buffer, every client event
// valid, no page errors. And the page's CSP when the app server does not know the relay (the
// build's own runtime-config.js names it): WebRTC's signalling still reaches it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockExternalRequests, Cleanup, launchChromium, makeSpeechWav, pageAudioLevel, ROOT, routeMapTiles, serveBuild, tempDir, trackPageErrors, type StaticServer } from './harness';
import { runtimeConfigScript } from '../scripts/demo/app-server';
import { startSimulator, type RunningSimulator } from '../simulator/server';
import { startRelay, type RunningRelay } from '../relay-server/server';
import { validateClientEvent } from '../src/lib/protocol/validate';

const STEP_TIMEOUT_MS = 20_000;
const BUILD_DIR = process.env.E2E_BUILD_DIR || undefined;
const FORECAST = {
  latitude: 48.86,
  longitude: 2.35,
  current_units: { time: 'iso8601', interval: 'seconds', temperature_2m: '°C', wind_speed_10m: 'km/h' },
  current: { time: '2026-12-01T02:00', interval: 900, temperature_2m: 7.3, wind_speed_10m: 12.9 },
};

interface RecordedEvent {
  time: number;
  source: 'client' | 'server';
  event: { type: string; [field: string]: unknown };
}

declare global {
  interface Window {
    /** Remote tracks of every peer connection the page made (the test wraps RTCPeerConnection). */
    __remoteTracks?: MediaStreamTrack[];
  }
}

const cleanup = new Cleanup();
const relayLog: string[] = [];
let simulator: RunningSimulator;
let relay: RunningRelay;
let apps: Record<'session' | 'token', StaticServer>;
let browser: Browser;

before(async () => {
  simulator = await startSimulator({ speed: 1 });
  cleanup.add(() => simulator.close());
  relay = await startRelay({ apiKey: 'sk-relay-webrtc-e2e', port: 0, upstreamUrl: simulator.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: (line) => relayLog.push(line) });
  cleanup.add(() => relay.close());
  const config = { testHooks: true, relayUrl: relay.url, realtimeUrl: simulator.url };
  apps = {
    session: await serveBuild({ buildDir: BUILD_DIR, runtimeConfig: config }),
    token: await serveBuild({ buildDir: BUILD_DIR, runtimeConfig: { ...config, webrtcRelayRoute: 'token' } }),
  };
  cleanup.add(() => apps.session.close());
  cleanup.add(() => apps.token.close());
  // The fake microphone says nothing the test relies on; a press only needs audio.
  browser = await launchChromium({ fakeMicrophoneWav: makeSpeechWav(tempDir(cleanup), 'Stop, please.', 1) });
  cleanup.add(() => browser.close());
});

after(() => cleanup.run());

async function openConsole(url: string): Promise<{ page: Page; errors: string[]; blocked: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = trackPageErrors(page);
  await page.addInitScript(() => {
    window.__realtimeConsoleEvents = [];
    window.__remoteTracks = [];
    localStorage.setItem('realtime-console.transport', 'webrtc');
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        this.addEventListener('track', (event) => window.__remoteTracks?.push(event.track));
      }
    };
  });
  const blocked = await blockExternalRequests(page);
  await page.route(/^https:\/\/api\.open-meteo\.com\//, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(FORECAST) }));
  await routeMapTiles(page);
  await page.goto(url);
  await page.getByTestId('console-page').waitFor();
  return { page, errors, blocked, close: () => context.close() };
}

async function events(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window.__realtimeConsoleEvents ?? []) as unknown as RecordedEvent[]);
}

async function waitForEvent(page: Page, source: 'client' | 'server', type: string, after = 0): Promise<number> {
  // The index plus one: waitForFunction waits for a truthy value (and findIndex's -1 is one).
  const handle = await page.waitForFunction(
    ([s, t, from]) => (window.__realtimeConsoleEvents ?? []).findIndex((e, i) => i >= (from as number) && e.source === s && e.event.type === t) + 1,
    [source, type, after] as const,
    { timeout: STEP_TIMEOUT_MS, polling: 20 },
  );
  return ((await handle.jsonValue()) as number) - 1;
}

async function webrtcCall(route: 'session' | 'token'): Promise<void> {
  const tab = await openConsole(apps[route].url);
  const { page } = tab;
  try {
    assert.equal(await page.getByTestId('transport-choice').inputValue(), 'webrtc', 'the remembered choice');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
    assert.equal(await page.getByTestId('transport-choice').isDisabled(), true);
    await page.getByTestId('event-log-session-transport').filter({ hasText: 'WebRTC' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });

    // The weather question: the tool call, its output sent on the data channel, the spoken answer.
    await page.getByTestId('message-input').fill('What is the weather in Paris?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="conversation-item"][data-item-type="function_call"]').filter({ hasText: 'get_weather' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByTestId('map-label').filter({ hasText: /Paris: 7\.3 °C/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const sentOutput = await page.waitForFunction(
      () => (window.__realtimeConsoleEvents ?? []).some((e) => e.source === 'client' && e.event.type === 'conversation.item.create' && (e.event as { item?: { type?: string } }).item?.type === 'function_call_output'),
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
    assert.ok(await sentOutput.jsonValue());

    // The answer's audio plays on the remote track: started, with energy above silence.
    const started = await waitForEvent(page, 'server', 'output_audio_buffer.started');
    assert.ok(started >= 0);
    const level = await pageAudioLevel(page, { remoteTrack: true }, 600);
    assert.ok(level > 0.01, `the model's audio on the remote track: RMS ${level.toFixed(4)}`);

    // A press held over that audio interrupts it: cancel, clear, and the server's cleared.
    const before = (await events(page)).length;
    const button = page.getByTestId('push-to-talk');
    await button.hover();
    await page.mouse.down();
    await waitForEvent(page, 'client', 'output_audio_buffer.clear', before);
    await waitForEvent(page, 'server', 'output_audio_buffer.cleared', before);
    await page.waitForTimeout(300);
    await page.mouse.up();
    await waitForEvent(page, 'client', 'input_audio_buffer.commit', before);

    const all = await events(page);
    const sent = all.filter((e) => e.source === 'client').map((e) => e.event);
    assert.ok(!sent.some((e) => e.type === 'input_audio_buffer.append'), 'no audio in events over WebRTC');
    assert.ok(!all.some((e) => e.event.type === 'response.output_audio.delta'), 'no audio deltas arrive over WebRTC');
    for (const event of sent) {
      const result = validateClientEvent(event);
      assert.ok(result.valid, `${event.type}: ${result.errors.join('; ')}`);
    }
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByTestId('connection-status').filter({ hasText: /^Disconnected$/ }).waitFor();
    assert.deepEqual(tab.errors, []);
    assert.deepEqual(tab.blocked, []);
    const line = route === 'session' ? /sideband open: call rtc_/ : /minted a key/;
    assert.ok(relayLog.some((l) => line.test(l)), `relay log: ${relayLog.join('\n')}`);
    assert.ok(!relayLog.some((l) => l.includes('sk-relay-webrtc-e2e')));
  } finally {
    await tab.close();
  }
}

for (const route of ['session', 'token'] as const) {
  test(`WebRTC through the relay's /${route}: a tool round trip on the data channel, audible model audio, an interruption that clears the output buffer`, () => webrtcCall(route));
}

test('served with no runtime config, the page reaches the relay its own runtime-config.js names over WebRTC: the CSP allows the signalling', async () => {
  // What a user does: edit the build's runtime-config.js, then serve the build as it is.
  const buildDir = tempDir(cleanup, 'realtime-console-csp-');
  cpSync(BUILD_DIR ?? join(ROOT, 'build'), buildDir, { recursive: true });
  writeFileSync(join(buildDir, 'runtime-config.js'), runtimeConfigScript({ testHooks: true, relayUrl: relay.url, realtimeUrl: simulator.url }));
  const app = await serveBuild({ buildDir });
  cleanup.add(() => app.close());
  const csp = (await fetch(app.url)).headers.get('content-security-policy') ?? '';
  assert.ok(!csp.includes(String(new URL(relay.url).port)), `the server did not name the relay: ${csp}`);
  const tab = await openConsole(app.url);
  const violations: string[] = [];
  await tab.page.exposeFunction('__cspViolation', (uri: string) => violations.push(uri));
  await tab.page.evaluate(() => document.addEventListener('securitypolicyviolation', (event) => void (window as unknown as { __cspViolation(uri: string): void }).__cspViolation(`${event.violatedDirective} ${event.blockedURI}`)));
  try {
    await tab.page.getByRole('button', { name: 'Connect' }).click();
    await tab.page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await tab.page.getByTestId('event-log-session-transport').filter({ hasText: 'WebRTC' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await waitForEvent(tab.page, 'server', 'session.created');
    await tab.page.getByRole('button', { name: 'Disconnect' }).click();
    assert.deepEqual(violations, []);
    assert.deepEqual(tab.errors, []);
  } finally {
    await tab.close();
  }
});

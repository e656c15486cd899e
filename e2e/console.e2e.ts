// The console end to end: the built app in headless Chromium with a fake microphone, the relay
// and the simulator, all on loopback. Open-Meteo and map tiles are answered by the test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  appendsSent, axeViolations, Cleanup, connectConsole, type ConsoleTab, openConsole, ROOT, routeMapTiles, serveBuild, startRelayedConsole, type StaticServer, untilTurnSends,
} from './harness';
import { startSimulator } from '../simulator/server';
import { startRelay } from '../relay-server/server';
import { validateClientEvent } from '../src/lib/protocol/validate';
import { officialProtocol } from '../testing/official-protocol';
// Also declares the page's opt-in test hooks on `window`.
import type { InterruptRecord, PlaybackRecord } from '../src/pages/console/testHooks';

/** Simulator pacing: answers stream 4x faster than real time; the player still plays in real time. */
const SIM_SPEED = 4;
const SAMPLE_RATE = 24000;
/** The Web Audio render quantum: the player counts heard samples per quantum. */
const QUANTUM = 128;
const STEP_TIMEOUT_MS = 20_000;
const SIMULATOR_KEY = 'sk-sim-e2e-right-key';
const SCREENSHOTS = join(ROOT, 'readme');
/** `npm run screenshots` sets it: only then are the README images in readme/ rewritten. */
const SAVE_SCREENSHOTS = process.env.SAVE_SCREENSHOTS === '1';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Values no simulator or real service would produce by accident.
const FORECAST = {
  latitude: 48.86,
  longitude: 2.35,
  current_units: { time: 'iso8601', interval: 'seconds', temperature_2m: '°C', wind_speed_10m: 'km/h' },
  current: { time: '2026-11-23T16:00', interval: 900, temperature_2m: 13.7, wind_speed_10m: 21.4 },
};

/** Takes the screenshot every run (a PNG must come out); writes it to readme/ only when asked. */
async function screenshot(page: Page, name: string): Promise<void> {
  const png = await page.screenshot();
  assert.ok(png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE), `${name} is a PNG`);
  // The IHDR chunk follows the signature: width and height of the viewport, never 0.
  assert.ok(png.readUInt32BE(16) > 0 && png.readUInt32BE(20) > 0, `${name} has pixels`);
  if (SAVE_SCREENSHOTS) writeFileSync(join(SCREENSHOTS, name), png);
}

/** What one test records of each getUserMedia call: the device asked for, and whether its stream was stopped. */
interface OpenedMicrophone {
  deviceId: string | null;
  stopped: boolean;
}

declare global {
  interface Window {
    __openedMicrophones?: OpenedMicrophone[];
  }
}

interface RecordedEvent {
  time: number;
  source: 'client' | 'server';
  event: { type: string; [field: string]: unknown };
}

const cleanup = new Cleanup();
let relayApp: StaticServer;
let browser: Browser;

before(async () => {
  ({ app: relayApp, browser } = await startRelayedConsole(cleanup, { speech: 'What is the weather in Paris today?', simulatorSpeed: SIM_SPEED }));
  if (SAVE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => cleanup.run());

interface WeatherTab extends ConsoleTab {
  weatherRequests: string[];
}

/** The console with Open-Meteo answered by FORECAST (or down) and map tiles answered (or refused). */
async function openTab(
  url: string,
  options: { tiles?: 'png' | 'abort'; weather?: 'ok' | 'down'; hasTouch?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<WeatherTab> {
  const weatherRequests: string[] = [];
  const route = async (page: Page) => {
    await page.route(/^https:\/\/api\.open-meteo\.com\//, (request) => {
      weatherRequests.push(request.request().url());
      if (options.weather === 'down') return request.abort('internetdisconnected');
      return request.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(FORECAST) });
    });
    await routeMapTiles(page, options.tiles);
  };
  const tab = await openConsole(browser, url, { viewport: options.viewport, hasTouch: options.hasTouch ?? false, route });
  return { ...tab, weatherRequests };
}

const connect = (page: Page) => connectConsole(page, STEP_TIMEOUT_MS);

async function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window.__realtimeConsoleEvents ?? []) as unknown as RecordedEvent[]);
}

async function clientEvents(page: Page): Promise<RecordedEvent['event'][]> {
  return (await recordedEvents(page)).filter((e) => e.source === 'client').map((e) => e.event);
}

/** Every client event of the run validates against the protocol schema (and the official one when present). */
async function assertClientEventsValid(page: Page): Promise<number> {
  const events = await clientEvents(page);
  const official = officialProtocol();
  for (const event of events) {
    const result = validateClientEvent(event);
    assert.ok(result.valid, `${event.type}: ${result.errors.join('; ')}`);
    if (official) {
      const check = official.validate('client', event);
      assert.ok(check.valid, `official schema, ${event.type}: ${check.errors.join('; ')}`);
    }
  }
  return events.length;
}

async function sendText(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Painted pixels of a frequency-bars canvas: silence paints 1 px high bars only. */
async function barPixels(page: Page, label: 'Microphone' | 'Model'): Promise<number> {
  return page.evaluate((name) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`canvas[aria-label="${name} frequency bars"]`);
    const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; data && i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  }, label);
}

/** Silence: 32 bars, 3 px wide, 1 px high across two antialiased rows. */
const IDLE_BAR_PIXELS = 32 * 3 * 2;

/** Polls until the canvas shows more than silence (bars several times higher). */
async function waitForBars(page: Page, label: 'Microphone' | 'Model', timeoutMs = STEP_TIMEOUT_MS): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let most = 0;
  while (Date.now() < deadline) {
    most = Math.max(most, await barPixels(page, label));
    if (most > IDLE_BAR_PIXELS * 3) return most;
    await page.waitForTimeout(50);
  }
  throw new Error(`${label} bars never rose above silence (at most ${most} pixels)`);
}

function assistantItems(page: Page) {
  return page.locator('[data-testid="conversation-item"][data-role="assistant"]');
}

async function finish(tab: ConsoleTab, options: { allowedErrors?: RegExp[]; serverErrorsExpected?: boolean } = {}): Promise<void> {
  const allowedErrors = options.allowedErrors ?? [];
  try {
    const count = await assertClientEventsValid(tab.page);
    assert.ok(count > 0, 'the console sent events');
    if (!options.serverErrorsExpected) {
      const serverErrors = (await recordedEvents(tab.page)).filter((e) => e.source === 'server' && e.event.type === 'error');
      assert.deepEqual(serverErrors.map((e) => e.event), [], 'the server reported no error');
      assert.equal(await tab.page.getByTestId('close-reason').count(), 0);
    }
    const unexpected = tab.errors.filter((e) => !allowedErrors.some((pattern) => pattern.test(e)));
    assert.deepEqual(unexpected, []);
  } finally {
    await tab.close();
  }
}

test('first run explains the ways in; a standard key is refused until the opt-in is ticked; a wrong key shows a readable reason, the right key connects to the simulator', async () => {
  const keyed = await startSimulator({ apiKey: SIMULATOR_KEY, speed: SIM_SPEED });
  cleanup.add(() => keyed.close());
  const app = await serveBuild({ runtimeConfig: { testHooks: true, relayUrl: null, realtimeUrl: keyed.url } });
  cleanup.add(() => app.close());
  const tab = await openTab(app.url);
  const { page } = tab;
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.getByTestId('ways-in').waitFor();
  const ways = await page.getByTestId('ways-in').innerText();
  assert.match(ways, /Paste an OpenAI API key/);
  assert.match(ways, /npm run relay/);
  assert.match(ways, /npm run demo/);
  assert.equal(await page.getByRole('button', { name: 'Connect' }).isDisabled(), true);
  await screenshot(page, 'first-run.png');

  await page.getByLabel('OpenAI API key').fill('sk-wrong-key-0000');
  await page.getByRole('button', { name: 'Save key' }).click();
  assert.equal(await page.evaluate(() => localStorage.getItem('realtime-console.apiKey')), 'sk-wrong-key-0000');
  // A standard key without the opt-in: refused in the page, no socket opened.
  const optIn = page.getByRole('checkbox', { name: 'I understand this key is visible to this browser' });
  assert.equal(await optIn.isChecked(), false);
  await page.getByRole('button', { name: 'Connect' }).click();
  const reason = page.getByTestId('close-reason');
  await reason.filter({ hasText: /^Refusing to send a standard API key from this page: it would be visible to this browser/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(sockets, []);
  assert.deepEqual(await axeViolations(page, '[data-testid="api-key"]'), []);
  // Ticked by keyboard; remembered beside the key.
  await optIn.focus();
  await page.keyboard.press('Space');
  assert.equal(await optIn.isChecked(), true);
  assert.equal(await page.evaluate(() => localStorage.getItem('realtime-console.apiKeyVisibleToBrowser')), '1');
  await page.getByRole('button', { name: 'Connect' }).click();
  await reason.filter({ hasText: /invalid_api_key/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const text = await reason.innerText();
  assert.match(text, /code 4\d\d\d|code 1008/);
  assert.equal(await page.getByTestId('connection-status').innerText(), 'Disconnected');
  assert.equal(sockets.length, 1);

  // Still usable: change the key (a new key asks again: ticked in the form) and connect.
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByLabel('OpenAI API key').fill(SIMULATOR_KEY);
  assert.equal(await optIn.isChecked(), false);
  await optIn.check();
  await page.getByRole('button', { name: 'Save key' }).click();
  await connect(page);
  await page.getByTestId('simulator-badge').waitFor();
  assert.equal(await page.getByTestId('close-reason').count(), 0);
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByTestId('api-key').getByRole('button', { name: 'Remove' }).click();
  assert.deepEqual(
    await page.evaluate(() => [localStorage.getItem('realtime-console.apiKey'), localStorage.getItem('realtime-console.apiKeyVisibleToBrowser')]),
    [null, null],
  );
  await page.getByTestId('ways-in').waitFor();
  await finish(tab, { serverErrorsExpected: true });
});

test('relay: a typed weather question calls get_weather, the map shows the marker without tiles, the answer uses the values', async () => {
  const tab = await openTab(relayApp.url, { tiles: 'abort' });
  const { page } = tab;
  assert.match(await page.getByTestId('relay-in-use').innerText(), /relay/i);
  assert.equal(await page.getByLabel('OpenAI API key').count(), 0);
  assert.equal(await page.getByTestId('ways-in').count(), 0);
  // Before anything is heard the bars are an idle strip (the baseline the VAD test compares with).
  for (const label of ['Microphone', 'Model'] as const) {
    const idle = await barPixels(page, label);
    assert.ok(idle > 0 && idle <= IDLE_BAR_PIXELS, `${label} idle bars: ${idle} pixels`);
  }
  await connect(page);
  await page.getByTestId('simulator-badge').waitFor();

  await sendText(page, 'What is the weather in Paris?');
  await page.locator('[data-testid="conversation-item"][data-item-type="function_call"]').filter({ hasText: 'get_weather' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('map-marker').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  assert.match(await page.getByTestId('map-label').innerText(), /Paris: 13\.7 °C, wind 21\.4 km\/h/);
  await assistantItems(page).filter({ hasText: '13.7' }).filter({ hasText: '21.4' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(tab.weatherRequests.length, 1);
  const asked = new URL(tab.weatherRequests[0]);
  assert.equal(asked.searchParams.get('current'), 'temperature_2m,wind_speed_10m');
  assert.ok(Math.abs(Number(asked.searchParams.get('latitude')) - 48.86) < 0.1);

  const sent = await clientEvents(page);
  const output = sent.find((e) => e.type === 'conversation.item.create' && (e.item as { type?: string }).type === 'function_call_output');
  assert.ok(output, 'the tool result went back to the model');
  assert.match(String((output.item as { output?: string }).output), /13\.7/);
  // Let the answer's audio item finish so its player shows in the screenshot.
  await page.getByTestId('item-audio').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await screenshot(page, 'console.png');
  // Aborted tiles are the browser's own network errors, nothing else may appear.
  await finish(tab, { allowedErrors: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
});

test('a weather service failure goes back to the model as an error and shows in the panel', async () => {
  const tab = await openTab(relayApp.url, { weather: 'down' });
  const { page } = tab;
  await connect(page);
  await sendText(page, 'What is the weather in Tokyo?');
  await page.getByTestId('weather-error').waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await page.getByTestId('weather-error').innerText(), /get_weather failed: weather service unreachable/);
  // The marker still goes to the place asked about (issue 13, item 4).
  await page.getByTestId('map-marker').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('map-label').filter({ hasText: 'Tokyo: no weather' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const sent = await clientEvents(page);
  const output = sent.find((e) => e.type === 'conversation.item.create' && (e.item as { type?: string }).type === 'function_call_output');
  assert.ok(output, 'the failure went back to the model');
  assert.match(String((output.item as { output?: string }).output), /"error":"weather service unreachable/);
  // The model answers from the error (the simulator reads the output back).
  await assistantItems(page).filter({ hasText: 'unreachable' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(tab.weatherRequests.length, 1);
  await finish(tab, { allowedErrors: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
});

test('"remember …" fills the memory panel', async () => {
  const tab = await openTab(relayApp.url);
  const { page } = tab;
  await connect(page);
  await sendText(page, 'Remember that my name is Ada.');
  await page.getByTestId('memory-json').waitFor({ timeout: STEP_TIMEOUT_MS });
  const memory = JSON.parse(await page.getByTestId('memory-json').innerText()) as Record<string, unknown>;
  assert.ok(Object.values(memory).includes('Ada'), JSON.stringify(memory));
  await assistantItems(page).filter({ hasText: 'Ada' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await finish(tab);
});

test('push-to-talk by mouse, by Space and by touch sends audio and gets answers', async () => {
  const tab = await openTab(relayApp.url, { hasTouch: true });
  const { page } = tab;
  await connect(page);
  const button = page.getByTestId('push-to-talk');
  await button.hover();
  await page.mouse.down();
  await page.waitForTimeout(1500);
  await page.mouse.up();
  await assistantItems(page).filter({ hasText: /I heard \d+\.\d seconds of audio/ }).first().waitFor({ timeout: STEP_TIMEOUT_MS });

  // The same with the Space key, focus outside any text field.
  await page.locator('body').click({ position: { x: 5, y: 880 } });
  await page.keyboard.down(' ');
  await page.waitForTimeout(1000);
  await page.keyboard.up(' ');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"][data-role="assistant"]').length >= 2, null, { timeout: STEP_TIMEOUT_MS });
  await assistantItems(page).nth(1).filter({ hasText: /I heard \d+\.\d seconds of audio/ }).waitFor({ timeout: STEP_TIMEOUT_MS });

  // And with a finger: a real touch sequence through the DevTools protocol.
  const box = (await button.boundingBox())!;
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await page.getByTestId('push-to-talk').filter({ hasText: 'Release to send' }).waitFor();
  await page.waitForTimeout(1000);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"][data-role="assistant"]').length >= 3, null, { timeout: STEP_TIMEOUT_MS });
  await assistantItems(page).nth(2).filter({ hasText: /I heard \d+\.\d seconds of audio/ }).waitFor({ timeout: STEP_TIMEOUT_MS });

  const sent = await clientEvents(page);
  const types = sent.map((e) => e.type);
  const appended = sent.filter((e) => e.type === 'input_audio_buffer.append');
  const samples = appended.reduce((sum, e) => sum + Buffer.from(String(e.audio), 'base64').length / 2, 0);
  assert.ok(samples > 1.5 * SAMPLE_RATE, `sent ${samples} samples`);
  // One turn per press: the touch did not also start a turn through emulated mouse events.
  assert.equal(types.filter((t) => t === 'input_audio_buffer.commit').length, 3);
  assert.equal(types.filter((t) => t === 'response.create').length, 3);
  const lastCommit = types.lastIndexOf('input_audio_buffer.commit');
  assert.equal(types[lastCommit + 1], 'response.create');
  // The microphone delivered speech, not silence.
  const peak = appended.reduce((max, e) => {
    const bytes = Buffer.from(String(e.audio), 'base64');
    const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    return pcm.reduce((m, s) => Math.max(m, Math.abs(s)), max);
  }, 0);
  assert.ok(peak > 1000, `microphone peak ${peak}`);
  await finish(tab);
});

test('VAD: speaking over the answer interrupts it and truncates at the sample heard', async () => {
  const tab = await openTab(relayApp.url);
  const { page } = tab;
  await connect(page);
  await page.locator('label.toggle', { hasText: 'VAD' }).click();
  assert.equal(await page.getByLabel('VAD').isChecked(), true);
  // The microphone streams, and its bars move; then the answer plays, and the model's bars move.
  await waitForBars(page, 'Microphone');
  await waitForBars(page, 'Model', 30_000);
  // The fake microphone loops a question with silence around it: the first loop is a turn,
  // the next one starts while the answer is still playing.
  await page.waitForFunction(
    () => (window.__realtimeConsoleEvents ?? []).some((e) => e.source === 'client' && e.event.type === 'conversation.item.truncate'),
    null,
    { timeout: 40_000, polling: 100 },
  );
  const sent = await clientEvents(page);
  const update = sent.find((e) => e.type === 'session.update' && JSON.stringify(e).includes('server_vad'));
  assert.ok(update, 'switching to VAD sent a session.update with server_vad');
  const truncate = sent.find((e) => e.type === 'conversation.item.truncate') as unknown as { item_id: string; audio_end_ms: number };
  const interrupts: InterruptRecord[] = await page.evaluate(() => window.__realtimeConsoleInterrupts ?? []);
  const playback: PlaybackRecord[] = await page.evaluate(() => window.__realtimeConsolePlayback ?? []);
  const heard = interrupts.find((i) => i.trackId === truncate.item_id);
  assert.ok(heard, `the player reported what it played of ${truncate.item_id}`);
  assert.ok(heard.offset > 0, 'some of the answer had been played');
  const quantumMs = (QUANTUM / SAMPLE_RATE) * 1000;
  assert.ok(Math.abs(truncate.audio_end_ms - (heard.offset / SAMPLE_RATE) * 1000) <= quantumMs,
    `audio_end_ms ${truncate.audio_end_ms} vs played ${heard.offset} samples`);
  // What was heard is what was output less what the output latency still held (+1: the heard
  // count is floored from an interpolation inside a render quantum; CI saw 961 for 960).
  assert.ok(heard.offset <= heard.sentOffset && heard.sentOffset - heard.offset <= Math.ceil(heard.latencySeconds * SAMPLE_RATE) + 1,
    `heard ${heard.offset} of ${heard.sentOffset} output, latency ${heard.latencySeconds} s`);
  // Cross-check with the audio clock: the time the track spent playing (from each start to the
  // next running-dry or to the interruption) must match the player's output count.
  const notices = playback.filter((p) => p.trackId === truncate.item_id);
  let clockSeconds = 0;
  let playingSince: number | null = null;
  for (const notice of notices) {
    if (notice.type === 'started') playingSince = notice.contextTime;
    else if (playingSince !== null) {
      clockSeconds += notice.contextTime - playingSince;
      playingSince = null;
    }
  }
  assert.ok(playingSince !== null, 'the answer was playing when the user spoke');
  clockSeconds += heard.currentTime - playingSince;
  const clockSamples = clockSeconds * SAMPLE_RATE;
  assert.ok(Math.abs(clockSamples - heard.sentOffset) <= QUANTUM, `audio clock ${clockSamples.toFixed(0)} vs player count ${heard.sentOffset} (${JSON.stringify(notices)})`);
  // And the server got the turn: speech started while the answer was playing.
  const events = await recordedEvents(page);
  const truncateTime = events.find((e) => e.source === 'client' && e.event.type === 'conversation.item.truncate')!.time;
  const speech = events.filter((e) => e.source === 'server' && e.event.type === 'input_audio_buffer.speech_started' && e.time <= truncateTime);
  assert.ok(speech.length >= 2, 'a second speech_started preceded the truncate');
  // The conversation shows where the answer was cut.
  await page.getByTestId('item-truncated').filter({ hasText: `interrupted at ${(truncate.audio_end_ms / 1000).toFixed(2)} s` }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await screenshot(page, 'vad-interrupt.png');
  await finish(tab);
});

test('a killed upstream shows a readable reason and the console stays usable', async () => {
  const upstream = await startSimulator({ speed: SIM_SPEED });
  cleanup.add(() => upstream.close());
  const ownRelay = await startRelay({ apiKey: 'sk-relay-e2e', port: 0, upstreamUrl: upstream.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: () => undefined });
  cleanup.add(() => ownRelay.close());
  const app = await serveBuild({ runtimeConfig: { testHooks: true, relayUrl: ownRelay.url } });
  cleanup.add(() => app.close());
  const tab = await openTab(app.url);
  const { page } = tab;
  await connect(page);
  await upstream.close();
  const reason = page.getByTestId('close-reason');
  await reason.waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await reason.innerText(), /Connection closed \(code \d{4}/);
  assert.equal(await page.getByTestId('connection-status').innerText(), 'Disconnected');
  assert.equal(await page.getByRole('button', { name: 'Connect' }).isEnabled(), true);
  await screenshot(page, 'upstream-lost.png');
  // With the relay gone too, Connect says where it tried, not the browser's bare "WebSocket error".
  await ownRelay.close();
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('close-reason').filter({ hasText: /^Could not connect to the relay/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(
    await page.getByTestId('close-reason').innerText(),
    `Could not connect to the relay at ${ownRelay.url} — is it running, and does its RELAY_ALLOWED_ORIGINS include this page's origin (${new URL(app.url).origin})? ` +
      'The relay refused it or is unreachable; if it has a RELAY_ACCESS_TOKEN, add ?access_token=TOKEN to the relay URL (relayUrl in runtime-config.js, or REACT_APP_LOCAL_RELAY_SERVER_URL).',
  );
  assert.equal(await page.getByRole('button', { name: 'Connect' }).isEnabled(), true);
  await finish(tab, { serverErrorsExpected: true, allowedErrors: [/WebSocket connection to '.*' failed/] });
});

test('a 1024×700 window: no panel is cut sideways, badges and settings controls stay readable', async () => {
  const tab = await openTab(relayApp.url, { viewport: { width: 1024, height: 700 } });
  const { page } = tab;
  await connect(page);
  await sendText(page, 'Remember that my name is Ada.');
  await assistantItems(page).filter({ hasText: 'Ada' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // No helper functions inside: tsx would wrap them in a `__name` call the page does not know.
  const layout = await page.evaluate(() => {
    const sideways = Array.from(document.querySelectorAll('.console-page__header, .console-page__area, .console-page__side, .console-page__controls, .session-settings'))
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
    // A grouped audio-delta row: its ×N badge must lie inside the row, not be clipped away.
    const clippedBadges = Array.from(document.querySelectorAll('[data-testid="event-log-count"]'))
      .filter((badge) => badge.getBoundingClientRect().right > badge.closest('[data-testid="event-log-row"]')!.getBoundingClientRect().right)
      .map((badge) => badge.closest('[data-testid="event-log-row"]')!.textContent);
    // Short types (response.done, …) fit: they are never cut with an ellipsis.
    const cutShortTypes = Array.from(document.querySelectorAll('[data-testid="event-log-type"]'))
      .filter((type) => (type.textContent ?? '').length <= 16 && type.scrollWidth > type.clientWidth)
      .map((type) => type.textContent);
    const controls = document.querySelector('.console-page__controls')!;
    const canvasesOutside = Array.from(controls.querySelectorAll('canvas')).filter((c) => c.getBoundingClientRect().right > controls.getBoundingClientRect().right).length;
    const narrowControls = Array.from(document.querySelectorAll('.session-settings__control'))
      .filter((el) => el.getBoundingClientRect().width < 140)
      .map((el) => el.closest('[data-field]')?.getAttribute('data-field'));
    return { sideways, clippedBadges, cutShortTypes, canvasesOutside, narrowControls, badges: document.querySelectorAll('[data-testid="event-log-count"]').length };
  });
  assert.ok(layout.badges > 0, 'the log grouped some deltas');
  assert.deepEqual(layout, { sideways: [], clippedBadges: [], cutShortTypes: [], canvasesOutside: 0, narrowControls: [], badges: layout.badges });
  await finish(tab);
});

test('Space held right after clicking Connect, or after the Manual switch, talks and does not press a button', async () => {
  const tab = await openTab(relayApp.url);
  const { page } = tab;
  await connect(page); // focus was on Connect
  const talk = page.getByTestId('push-to-talk');
  for (const step of ['after Connect', 'after the Manual switch']) {
    const sent = await appendsSent(page);
    await page.keyboard.down(' ');
    await talk.filter({ hasText: 'Release to send' }).waitFor({ timeout: 2000 }).catch(() => assert.fail(`Space did not talk ${step}`));
    await untilTurnSends(page, sent, STEP_TIMEOUT_MS);
    await page.keyboard.up(' ');
    await page.waitForTimeout(300);
    assert.equal(await page.getByTestId('connection-status').innerText(), 'Connected', `releasing Space ${step} kept the connection`);
    if (step === 'after Connect') {
      await page.locator('label.toggle', { hasText: 'VAD' }).click();
      await page.locator('label.toggle', { hasText: 'Manual' }).click();
    }
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"][data-role="assistant"]').length >= 2, null, { timeout: STEP_TIMEOUT_MS });
  const sent = await clientEvents(page);
  const types = sent.map((e) => e.type);
  assert.equal(types.filter((t) => t === 'input_audio_buffer.commit').length, 2);
  // Leaving VAD dropped what VAD had streamed, after the last streamed chunk, before the next turn.
  const backToManual = sent.findIndex((e, i) => i > types.indexOf('input_audio_buffer.commit') && e.type === 'session.update' && JSON.stringify(e).includes('"turn_detection":null'));
  const clear = types.indexOf('input_audio_buffer.clear', backToManual);
  assert.ok(backToManual > 0 && clear > backToManual, `a clear follows the switch back to Manual: ${types.join(' ')}`);
  assert.ok(clear < types.lastIndexOf('input_audio_buffer.commit'));
  await finish(tab);
});

test('an upstream refusing a beta-shaped session (beta_api_shape_disabled, 4000) reads clearly; Connect works again', async () => {
  const upstream = await startSimulator({ speed: SIM_SPEED });
  cleanup.add(() => upstream.close());
  // The simulator refuses as the real API does; the relay keeps the upstream URL's query.
  const refusing = await startRelay({ apiKey: 'sk-relay-e2e', port: 0, upstreamUrl: `${upstream.url}?fault_beta_shape=1`, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: () => undefined });
  cleanup.add(() => refusing.close());
  const app = await serveBuild({ runtimeConfig: { testHooks: true, relayUrl: refusing.url } });
  cleanup.add(() => app.close());
  const tab = await openTab(app.url);
  const { page } = tab;
  await page.getByRole('button', { name: 'Connect' }).click();
  const reason = page.getByTestId('close-reason').filter({ hasText: '4000' });
  await reason.waitFor({ timeout: STEP_TIMEOUT_MS });
  const text = await reason.innerText();
  assert.match(text, /\b4000\b/);
  assert.match(text, /beta_api_shape_disabled/);
  assert.match(text, /beta shape is no longer supported/);
  assert.equal(await page.getByTestId('connection-status').innerText(), 'Disconnected');
  // The same relay address, now with a healthy upstream: Connect works again.
  await refusing.close();
  const healthy = await startRelay({ apiKey: 'sk-relay-e2e', port: refusing.port, upstreamUrl: upstream.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: () => undefined });
  cleanup.add(() => healthy.close());
  await connect(page);
  await sendText(page, 'Remember that my name is Ada.');
  await assistantItems(page).filter({ hasText: 'Ada' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await finish(tab, { serverErrorsExpected: true });
});

test('the microphone picker lists the fake device once the microphone has started, and remembers the choice', async () => {
  const tab = await openTab(relayApp.url);
  const { page } = tab;
  const select = page.getByTestId('microphone-select');
  assert.equal(await select.locator('option').first().innerText(), 'Default microphone');
  await connect(page);
  const talk = page.getByTestId('push-to-talk');
  await talk.hover();
  await page.mouse.down();
  await talk.filter({ hasText: 'Release to send' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // Permission granted by the microphone's start: the list is read again, with labels.
  const fake = select.locator('option', { hasText: /Fake/ }).first();
  await fake.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await page.waitForTimeout(1000);
  await page.mouse.up();
  await assistantItems(page).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  const deviceId = await fake.getAttribute('value');
  assert.ok(deviceId, 'the fake device has an id');
  await select.selectOption(deviceId);
  assert.equal(await page.evaluate(() => localStorage.getItem('realtime-console.microphone')), deviceId);
  await page.reload();
  await page.getByTestId('console-page').waitFor();
  assert.equal(await page.getByTestId('microphone-select').inputValue(), deviceId);
  // The next begin uses the chosen device: push-to-talk still gets an answer.
  await connect(page);
  await talk.hover();
  await page.mouse.down();
  await untilTurnSends(page, 0, STEP_TIMEOUT_MS);
  await page.mouse.up();
  await assistantItems(page).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.getByTestId('microphone-notice').count(), 0);
  await finish(tab);
});

test('choosing another microphone while VAD streams switches at once and the audio keeps flowing', async () => {
  const tab = await openTab(relayApp.url);
  const { page } = tab;
  // Which device each getUserMedia asked for, and whether each stream was stopped.
  await page.addInitScript(() => {
    const opened: OpenedMicrophone[] = [];
    window.__openedMicrophones = opened;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const audio = constraints?.audio;
      const wanted = typeof audio === 'object' && audio.deviceId ? (audio.deviceId as { exact?: string }).exact ?? String(audio.deviceId) : null;
      const stream = await original(constraints);
      const record: OpenedMicrophone = { deviceId: wanted, stopped: false };
      opened.push(record);
      for (const track of stream.getTracks()) {
        const stop = track.stop.bind(track);
        track.stop = () => {
          record.stopped = true;
          stop();
        };
      }
      return stream;
    };
  });
  await page.evaluate(() => localStorage.removeItem('realtime-console.microphone'));
  await page.reload();
  await page.getByTestId('console-page').waitFor();
  const opened = () => page.evaluate(() => window.__openedMicrophones ?? []);
  const appends = async () => (await clientEvents(page)).filter((e) => e.type === 'input_audio_buffer.append').length;

  await connect(page);
  await page.locator('label.toggle', { hasText: 'VAD' }).click();
  await waitForBars(page, 'Microphone');
  assert.deepEqual(await opened(), [{ deviceId: null, stopped: false }]);
  const fake = page.getByTestId('microphone-select').locator('option', { hasText: /Fake/ }).first();
  await fake.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  const deviceId = await fake.getAttribute('value');
  assert.ok(deviceId, 'the fake device has an id');

  await page.getByTestId('microphone-select').selectOption(deviceId);
  await page.waitForFunction(() => window.__openedMicrophones?.length === 2, null, { timeout: STEP_TIMEOUT_MS });
  const [before, after] = await opened();
  assert.deepEqual(before, { deviceId: null, stopped: true }, 'the default microphone was released');
  assert.deepEqual(after, { deviceId, stopped: false });
  // Still streaming, from the new device: appends keep coming without any click.
  const sentBefore = await appends();
  await page.waitForFunction((count) => (window.__realtimeConsoleEvents ?? []).filter((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.append').length > count + 10, sentBefore, { timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.getByTestId('microphone-notice').count(), 0);
  assert.equal(await page.getByTestId('connection-status').innerText(), 'Connected');
  await finish(tab);
});

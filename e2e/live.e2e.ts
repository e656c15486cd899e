// The console's GPT-Live mode in Chromium, through the relay to the simulator's Live mode, on
// loopback, over both transports: the fake microphone asks about the weather, the Responses
// backend calls get_weather, the page runs it (Open-Meteo answered by the test), and the answer
// shows on the timeline. Over WebRTC the microphone is a track, the relay's `/session/live`
// creates the session, and the model's voice plays through an <audio> element. The relay holds the
// frontend instructions: no event the page logs holds them, and over WebRTC the log's
// `session.started` is the relay's rewritten copy, marked as such.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { join } from 'node:path';
import { axeViolations, Cleanup, launchChromium, makeSpeechWav, openConsole, pageAudioLevel, routeMapTiles, serveBuild, tempDir, type StaticServer } from './harness';

const QUESTION = 'What is the weather in Paris today?';
const STEP_TIMEOUT_MS = 30_000;
const HELD = 'HELD-E2E-RULES: greet as Acme support';
const FORECAST = { current: { temperature_2m: 17.5, wind_speed_10m: 9.1 }, current_units: { temperature_2m: '°C', wind_speed_10m: 'km/h' } };

const cleanup = new Cleanup();
let app: StaticServer;
let browser: Browser;
const upstreamTypes: string[] = [];

before(async () => {
  const { startSimulator } = await import('../simulator/server');
  const { startRelay } = await import('../relay-server/server');
  const simulator = await startSimulator({ script: [QUESTION], onLiveServerEvent: (event) => upstreamTypes.push(event.type) });
  cleanup.add(() => simulator.close());
  const relay = await startRelay({ apiKey: 'sk-relay-e2e', port: 0, upstreamUrl: simulator.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, liveInstructions: HELD, log: () => undefined });
  cleanup.add(() => relay.close());
  app = await serveBuild({ runtimeConfig: { relayUrl: relay.url } });
  cleanup.add(() => app.close());
  // Chromium loops the fake microphone's file (6 s of silence each side of the question): a shorter
  // loop would talk over the answer, and a Live model yields to the user (the answer stops).
  browser = await launchChromium({ fakeMicrophoneWav: makeSpeechWav(tempDir(cleanup), QUESTION, 6) });
  cleanup.add(() => browser.close());
});
after(() => cleanup.run());

async function weatherQuestion(transport: 'websocket' | 'webrtc'): Promise<void> {
  const tab = await openConsole(browser, app.url, {
    route: async (page) => {
      await page.route(/^https:\/\/api\.open-meteo\.com\//, (request) =>
        request.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(FORECAST) }),
      );
      await routeMapTiles(page);
    },
  });
  const { page } = tab;
  await page.getByTestId('transport-choice').selectOption(transport);
  await page.getByTestId('protocol-choice').selectOption('live');
  await page.getByRole('button', { name: 'Start Live session' }).click();
  await page.getByTestId('live-status').filter({ hasText: /^live/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.getByRole('button', { name: 'Start Live session' }).isDisabled(), true, 'the start-up form is locked');
  await page.getByTestId('live-events').getByText(transport === 'webrtc' ? 'GPT-Live over WebRTC' : 'GPT-Live over WebSocket').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  const delegations = page.getByTestId('live-delegations');
  await delegations.getByText('answered').waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await delegations.innerText(), /get_weather\(.*Paris.*\) → .*17\.5/);
  if (transport === 'webrtc') {
    const level = await pageAudioLevel(page, { element: '[data-testid="live-remote-audio"]' }, 1500);
    assert.ok(level > 0.01, `the model's voice plays through the <audio> element: RMS ${level.toFixed(4)}`);
  }
  await page.getByTestId('live-lane-assistant').getByText(/17\.5/).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('live-lane-user').getByText(/weather in Paris/).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  // The held instructions are in no logged event: a search that finds the session, then none for them.
  const log = page.getByTestId('live-events');
  const rows = log.getByTestId('event-log-row');
  await log.getByLabel('Search payloads').fill('gpt-live-1');
  await rows.first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await log.getByLabel('Search payloads').fill(HELD.slice(0, 14));
  await rows.first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  await log.getByLabel('Search payloads').fill('');
  await log.getByLabel('Type').selectOption('session.started');
  const started = await rows.first().innerText({ timeout: STEP_TIMEOUT_MS });
  assert.equal(/from the relay, held text removed/.test(started), transport === 'webrtc', started);
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByTestId('live-status').filter({ hasText: /^closed/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.ok(upstreamTypes.includes('session.closed'));
  assert.deepEqual(tab.errors, []);
  await tab.close();
}

test('GPT-Live mode over WebSocket: a spoken weather question, Responses delegation with get_weather run in the page, the answer on the timeline', () => weatherQuestion('websocket'));

test('GPT-Live mode over WebRTC through the relay\'s /session/live: the microphone as a track, get_weather run in the page, the voice in an <audio> element', () => weatherQuestion('webrtc'));

const COMMENTARY = 'It is 18 degrees and sunny in Paris.';
const turnTitles = (lane: Locator) => lane.locator('[title]').evaluateAll((spans) => spans.map((span) => span.getAttribute('title')));
/** Each delegation row's id, target, place and state (the answer's wall time is this page's own). */
const delegationRows = (table: Locator) =>
  table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td')).slice(0, 4).map((cell) => cell.textContent)));
const seriousAxe = async (page: Page, selector: string) => (await axeViolations(page, selector)).filter((v) => v.impact === 'critical' || v.impact === 'serious');

test('GPT-Live client delegation answered with commentary from the box; the export re-opens offline with the same timeline and delegations', async () => {
  const tab = await openConsole(browser, app.url, { route: routeMapTiles });
  const { page } = tab;
  await page.getByTestId('protocol-choice').selectOption('live');
  const livePanel = page.getByTestId('live-console');
  await livePanel.getByRole('form', { name: 'Live session start-up' }).getByLabel('Delegation').selectOption('client');
  await livePanel.getByRole('button', { name: 'Start Live session' }).click();
  await page.getByTestId('live-status').filter({ hasText: /^live/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // The spoken question makes a client delegation; the box offers it, and the keyboard sends the answer.
  const box = livePanel.getByRole('form', { name: 'Answer a delegation' });
  const answer = box.getByLabel('Answer', { exact: true });
  await answer.and(page.locator(':enabled')).waitFor({ timeout: STEP_TIMEOUT_MS });
  const delegationId = await box.getByLabel('Delegation').inputValue();
  await answer.fill(COMMENTARY);
  await answer.press('Control+Enter');
  await box.getByRole('status').filter({ hasText: `Sent commentary for ${delegationId}.` }).waitFor();
  const ledger = livePanel.getByTestId('live-ledger');
  const row = ledger.locator('tbody tr', { hasText: COMMENTARY });
  await row.filter({ hasText: /at \d+ ms, \d+ ms after sending/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await row.locator('td').nth(1).innerText(), delegationId, 'the ledger says which delegation it answered');
  await livePanel.getByTestId('live-delegations').locator('tr', { hasText: delegationId }).filter({ hasText: 'answered' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await livePanel.getByTestId('live-lane-assistant').getByText(/sunny in Paris/).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  // The Live events are in the console's event log, audio collapsed into rows.
  const log = livePanel.getByTestId('live-events');
  const rows = log.getByTestId('event-log-row');
  const type = log.getByLabel('Type');
  await type.selectOption('session.delegation.created');
  await rows.filter({ hasText: `${delegationId} · to client · at ` }).waitFor();
  await type.selectOption('session.commentary.append');
  await rows.filter({ hasText: `commentary for ${delegationId}: “${COMMENTARY}”` }).waitFor();
  await type.selectOption('session.output_audio.delta');
  await rows.filter({ hasText: /kB of audio/ }).getByTestId('event-log-count').first().waitFor();
  await type.selectOption({ index: 0 });
  // Every Live event sent and received, checked in the page against the Live schema.
  await log.getByTestId('event-log-schema').filter({ hasText: /no problems/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(await seriousAxe(page, '[data-testid="live-console"]'), [], 'Live mode: no critical or serious axe-core violation');
  await livePanel.getByRole('button', { name: 'End session' }).click();
  await page.getByTestId('live-status').filter({ hasText: /^closed/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const liveUser = await turnTitles(livePanel.getByTestId('live-lane-user'));
  const liveAssistant = await turnTitles(livePanel.getByTestId('live-lane-assistant'));
  const liveDelegations = await delegationRows(livePanel.getByTestId('live-delegations'));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  assert.match(download.suggestedFilename(), /^live-session-.*\.zip$/);
  const zipPath = join(tempDir(cleanup), download.suggestedFilename());
  await download.saveAs(zipPath);
  await page.getByTestId('open-session-input').setInputFiles(zipPath);
  const recording = page.getByTestId('recording-view');
  await recording.getByTestId('recording-banner').filter({ hasText: 'Recording — not connected' }).waitFor();
  assert.equal(await recording.getByTestId('recording-protocol').innerText(), 'GPT-Live');
  assert.deepEqual(await turnTitles(recording.getByTestId('live-lane-user')), liveUser);
  assert.deepEqual(await turnTitles(recording.getByTestId('live-lane-assistant')), liveAssistant);
  assert.deepEqual(await delegationRows(recording.getByTestId('live-delegations')), liveDelegations);
  await recording.getByTestId('live-ledger').locator('tbody tr', { hasText: COMMENTARY }).filter({ hasText: /at \d+ ms/ }).waitFor();
  await recording.getByTestId('recording-audio').waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(await seriousAxe(page, '[data-testid="recording-view"]'), [], 'the Live recording: no critical or serious axe-core violation');
  assert.deepEqual(tab.errors, []);
  await tab.close();
});

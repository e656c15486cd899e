// The console's GPT-Live mode in Chromium, through the relay to the simulator's Live mode, on
// loopback: the fake microphone asks about the weather, the Responses backend calls get_weather,
// the page runs it (Open-Meteo answered by the test), and the answer shows on the timeline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { Cleanup, launchChromium, makeSpeechWav, openConsole, routeMapTiles, serveBuild, tempDir, type StaticServer } from './harness';

const QUESTION = 'What is the weather in Paris today?';
const STEP_TIMEOUT_MS = 30_000;
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
  const relay = await startRelay({ apiKey: 'sk-relay-e2e', port: 0, upstreamUrl: simulator.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: () => undefined });
  cleanup.add(() => relay.close());
  app = await serveBuild({ runtimeConfig: { relayUrl: relay.url } });
  cleanup.add(() => app.close());
  // Chromium loops the fake microphone's file (6 s of silence each side of the question): a shorter
  // loop would talk over the answer, and a Live model yields to the user (the answer stops).
  browser = await launchChromium({ fakeMicrophoneWav: makeSpeechWav(tempDir(cleanup), QUESTION, 6) });
  cleanup.add(() => browser.close());
});
after(() => cleanup.run());

test('GPT-Live mode: a spoken weather question, Responses delegation with get_weather run in the page, the answer on the timeline', async () => {
  const tab = await openConsole(browser, app.url, {
    route: async (page) => {
      await page.route(/^https:\/\/api\.open-meteo\.com\//, (request) =>
        request.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(FORECAST) }),
      );
      await routeMapTiles(page);
    },
  });
  const { page } = tab;
  await page.getByTestId('protocol-choice').selectOption('live');
  await page.getByRole('button', { name: 'Start Live session' }).click();
  await page.getByTestId('live-status').filter({ hasText: /^live/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.getByRole('button', { name: 'Start Live session' }).isDisabled(), true, 'the start-up form is locked');
  const delegations = page.getByTestId('live-delegations');
  await delegations.getByText('answered').waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await delegations.innerText(), /get_weather\(.*Paris.*\) → .*17\.5/);
  await page.getByTestId('live-lane-assistant').getByText(/17\.5/).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('live-lane-user').getByText(/weather in Paris/).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByTestId('live-status').filter({ hasText: /^closed/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.ok(upstreamTypes.includes('session.closed'));
  assert.deepEqual(tab.errors, []);
  await tab.close();
});

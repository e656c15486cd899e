// The console's Phone view in headless Chromium: a call placed by the phone-line simulator on a
// relay with the phone line on (the simulator answering) shows up live with its events,
// transcript and function call, and a session.update sent from the view's settings reaches that
// call's session. Loopback only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { Cleanup, launchChromium, openConsole, serveBuild, type StaticServer } from './harness';
import { speakMuLaw } from '../scripts/phone/speech';
import { startPhoneRelay, startWeatherStub, until, type PhoneRelay } from '../relay-server/phone/test-support';
import type { PhoneLine } from '../scripts/phone/phone-line';

const STEP_TIMEOUT_MS = 20_000;
const QUESTION = 'What is the weather in Tokyo?';

const cleanup = new Cleanup();
let app: StaticServer;
let browser: Browser;
let phone: PhoneRelay;

before(async () => {
  const { startSimulator } = await import('../simulator/server');
  const simulator = await startSimulator({ speed: 4, script: [QUESTION] });
  cleanup.add(() => simulator.close());
  const weather = await startWeatherStub(17.5, 8);
  cleanup.add(() => weather.close());
  phone = await startPhoneRelay({ upstreamUrl: simulator.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, phone: { weatherBaseUrl: weather.baseUrl } });
  cleanup.add(() => phone.close());
  app = await serveBuild({ runtimeConfig: { relayUrl: phone.relay.url } });
  cleanup.add(() => app.close());
  browser = await launchChromium();
  cleanup.add(() => browser.close());
});
after(() => cleanup.run());

test("the Phone view shows a live call's events, transcript and tool run, and its settings reach the call", async () => {
  const { page, errors, close } = await openConsole(browser, app.url);
  await page.getByText('Phone calls (Twilio, through the relay)').click();
  const view = page.getByTestId('phone-view');
  await view.getByTestId('phone-webhook-url').filter({ hasText: `${phone.httpUrl}/twiml` }).waitFor({ timeout: STEP_TIMEOUT_MS });

  const line: PhoneLine = await phone.call({ from: '+15550177' });
  cleanup.add(() => line.hangUp());
  await view.getByRole('button', { name: /\+15550177/ }).click();
  line.say(speakMuLaw(QUESTION));

  const call = page.getByTestId('phone-call');
  await call.getByTestId('phone-tool-runs').filter({ hasText: 'get_weather' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await call.getByTestId('phone-conversation').filter({ hasText: QUESTION }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await call.getByTestId('phone-conversation').filter({ hasText: /17\.5/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await call.getByTestId('phone-events').filter({ hasText: 'input_audio_buffer.speech_started' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await call.getByTestId('call-facts').innerText(), /audio\/pcmu/);
  assert.match(await call.getByTestId('phone-timeline').innerText(), /start/);

  const settings = call.getByTestId('session-settings');
  await settings.getByLabel('Instructions', { exact: true }).fill('Answer callers in one sentence.');
  await settings.getByRole('button', { name: 'Apply (session.update)' }).click();
  await call.getByTestId('phone-events').filter({ hasText: 'session.updated' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // The relay pinned the formats, and the simulator's session now runs the new instructions.
  await settings.getByTestId('server-instructions').filter({ hasText: '✓' }).waitFor({ timeout: STEP_TIMEOUT_MS });

  line.hangUp();
  await until(() => phone.lines.some((l) => /ended after/.test(l)), 'the call ended');
  await view.getByText('No call right now.').waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await close();
});

// Replay through the whole stack: the console (headless Chromium, through the relay) records a
// typed turn against the simulator and exports the session; a second simulator replays that
// file (`?replay=<name>` in its replay folder) to a new console session, which shows the same
// answer made of the recorded events (their event ids), and the replay's report says every turn
// matched. A console that types something else is told where it diverged (close 4001).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Cleanup, connectConsole, openConsole, serveBuild, startRelayedConsole, tempDir, type RelayedConsole } from './harness';
import type { ConnectionReport } from '../simulator/replay/replay-report';
import type {} from '../src/pages/console/testHooks';

const STEP_TIMEOUT_MS = 30_000;
const QUESTION = 'Hello, who are you?';

const cleanup = new Cleanup();
let stack: RelayedConsole;
before(async () => {
  stack = await startRelayedConsole(cleanup, { simulatorSpeed: 4, buildDir: process.env.E2E_BUILD_DIR || undefined });
});
after(() => cleanup.run());

const assistant = (page: Page) => page.locator('[data-testid="conversation-item"][data-role="assistant"]');

/** Types the question and waits for the assistant's finished answer (its response.done). */
async function ask(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

async function answerAfterDone(page: Page): Promise<string> {
  await page.waitForFunction(() => (window.__realtimeConsoleEvents ?? []).some((e) => e.source === 'server' && e.event.type === 'response.done'), null, { timeout: STEP_TIMEOUT_MS });
  return (await assistant(page).first().innerText()).trim();
}

const serverEventIds = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window.__realtimeConsoleEvents ?? []).filter((e) => e.source === 'server').map((e) => String((e.event as { event_id?: string }).event_id)));

test('a typed turn recorded and exported by the console replays to a new console session with the same answer', async () => {
  // Record.
  const first = await openConsole(stack.browser, stack.app.url);
  cleanup.add(() => first.close());
  await connectConsole(first.page);
  await ask(first.page, QUESTION);
  const recordedAnswer = await answerAfterDone(first.page);
  assert.match(recordedAnswer, /Hello, who are you\?/);
  await first.page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await first.page.getByTestId('connection-status').filter({ hasText: /^Disconnected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const recordedIds = await serverEventIds(first.page);
  const [download] = await Promise.all([first.page.waitForEvent('download'), first.page.getByTestId('export-session').click()]);
  const dir = tempDir(cleanup, 'replay-e2e-');
  const name = 'typed-turn.zip';
  await download.saveAs(join(dir, name));

  // Replay: a simulator with the folder, a relay whose upstream names the recording, the console.
  const { startSimulator } = await import('../simulator/server');
  const { startRelay } = await import('../relay-server/server');
  const reportPath = join(dir, 'report.json');
  const replayer = await startSimulator({ replay: { dir, speed: 4, reportPath } });
  cleanup.add(() => replayer.close());
  const relayTo = async (query: string) => {
    const relay = await startRelay({ apiKey: 'sk-relay-e2e', port: 0, upstreamUrl: `${replayer.url}?${query}`, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: () => undefined });
    cleanup.add(() => relay.close());
    const app = await serveBuild({ buildDir: process.env.E2E_BUILD_DIR || undefined, runtimeConfig: { testHooks: true, relayUrl: relay.url } });
    cleanup.add(() => app.close());
    return app;
  };
  const app = await relayTo(`replay=${name}`);
  const second = await openConsole(stack.browser, app.url);
  cleanup.add(() => second.close());
  await connectConsole(second.page);
  await ask(second.page, QUESTION);
  assert.equal(await answerAfterDone(second.page), recordedAnswer);
  // The answer is the recording's own events, not the engine's: the same event ids.
  const replayedIds = await serverEventIds(second.page);
  assert.ok(replayedIds.length > 10);
  assert.deepEqual(replayedIds, recordedIds.slice(0, replayedIds.length));
  const report = (JSON.parse(readFileSync(reportPath, 'utf8')) as { connections: ConnectionReport[] }).connections[0];
  assert.equal(report.diverged, 0, JSON.stringify(report.divergences));
  assert.equal(report.matched, report.turns);
  // Blocked external requests (map tiles) are the only errors the page may log.
  assert.deepEqual(second.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);

  // Another question: the console is told where it diverged.
  const third = await openConsole(stack.browser, app.url);
  cleanup.add(() => third.close());
  await connectConsole(third.page);
  await ask(third.page, 'What is the weather in Paris?');
  const reason = third.page.getByTestId('close-reason').filter({ hasText: '4001' });
  await reason.waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await reason.innerText(), /replay diverged at turn \d+/);
  const error = await third.page.evaluate(() => (window.__realtimeConsoleEvents ?? []).find((e) => e.source === 'server' && e.event.type === 'error')?.event as { error?: { code?: string; param?: string; message?: string } } | undefined);
  assert.equal(error?.error?.code, 'replay_diverged');
  assert.equal(error?.error?.param, 'item.content[0].text');
  assert.match(error?.error?.message ?? '', /expected "Hello, who are you\?", got "What is the weather in Paris\?"/);
});

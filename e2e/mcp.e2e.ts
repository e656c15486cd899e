// An MCP server added in the tool editor, in headless Chromium through the relay to the
// simulator, which reaches a real MCP server on loopback (the official server SDK). The server is
// checked as it is typed and reaches session.update strictly valid; the question asks for its
// tool, the call waits in the approvals panel (axe clean), Approve by keyboard sends
// mcp_approval_response, and the answer quotes the tool's output. The token reached the MCP
// server, and stays out of localStorage and the event log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { validateClientEvent } from '../src/lib/protocol/validate';
import { startMcpTestServer, type McpTestServer } from '../testing/mcp-test-server';
import { axeViolations, Cleanup, connectConsole, openConsole, startRelayedConsole, type StaticServer } from './harness';
import type {} from '../src/pages/console/testHooks';

const STEP_TIMEOUT_MS = 30_000;
const TOKEN = 'e2e-mcp-token-7';

const cleanup = new Cleanup();
let app: StaticServer;
let browser: Browser;
let mcp: McpTestServer;

before(async () => {
  ({ app, browser } = await startRelayedConsole(cleanup, { simulatorSpeed: 4, buildDir: process.env.E2E_BUILD_DIR || undefined }));
  mcp = await startMcpTestServer();
  cleanup.add(() => mcp.close());
});
after(() => cleanup.run());

interface Recorded {
  source: 'client' | 'server';
  event: { type: string; [field: string]: unknown };
}
const recorded = (page: Page): Promise<Recorded[]> => page.evaluate(() => (window.__realtimeConsoleEvents ?? []) as unknown as Recorded[]);

test('an MCP server added in the editor is listed, its call approved in the panel, and the answer uses its output', async () => {
  const { page, errors, close } = await openConsole(browser, app.url);
  const servers = page.getByTestId('mcp-servers');
  await servers.getByTestId('mcp-add').click();
  const form = servers.getByTestId('mcp-form');
  await form.getByTestId('mcp-label').fill('shop');
  await form.getByTestId('mcp-url').fill('127.0.0.1/mcp');
  await form.getByTestId('mcp-problems').filter({ hasText: 'URL: not a URL' }).waitFor();
  assert.equal(await form.getByTestId('mcp-save').isDisabled(), true);
  await form.getByTestId('mcp-url').fill(mcp.url);
  await form.getByTestId('mcp-headers').fill('X-Test: e2e-header');
  await form.getByTestId('mcp-authorization').fill(TOKEN);
  await form.getByText('Valid: ready to send in session.update.').waitFor();
  await form.getByTestId('mcp-save').click();
  const row = servers.locator('[data-testid="mcp-row"][data-label="shop"]');
  await row.waitFor();

  await connectConsole(page, STEP_TIMEOUT_MS);
  await row.getByTestId('mcp-listing').filter({ hasText: 'tools: order_status' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const updates = (await recorded(page)).filter((e) => e.source === 'client' && e.event.type === 'session.update');
  const withServer = updates.find((e) => JSON.stringify(e.event).includes('"server_label":"shop"'));
  assert.ok(withServer, 'a session.update carried the server');
  const tool = ((withServer.event.session as { tools: Array<Record<string, unknown>> }).tools).find((t) => t.type === 'mcp');
  assert.deepEqual(tool, { type: 'mcp', server_label: 'shop', server_url: mcp.url, require_approval: 'always', headers: { 'X-Test': 'e2e-header' }, authorization: TOKEN });
  for (const update of updates) assert.deepEqual(validateClientEvent(update.event).errors, [], 'strictly valid');
  // The event log shows that session.update with the secrets redacted.
  await page.getByTestId('event-log-row').filter({ has: page.getByTestId('event-log-type').filter({ hasText: /^session\.update$/ }) }).first().click();
  const shown = await page.getByTestId('event-json').innerText();
  assert.match(shown, /"server_label": "shop"/);
  assert.match(shown, /"authorization": "\[redacted\]"/);
  assert.doesNotMatch(shown, new RegExp(`${TOKEN}|e2e-header`));

  await page.getByTestId('message-input').fill('Please check order_status for "A-1042".');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const approvals = page.getByRole('region', { name: 'MCP approvals' });
  const request = approvals.getByRole('group', { name: 'shop wants to run order_status with:' });
  await request.waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await request.getByLabel('Arguments of order_status').innerText(), /"order_number": "A-1042"/);
  assert.equal(mcp.calls.length, 0, 'nothing ran before the approval');
  assert.deepEqual(await axeViolations(page, '[data-testid="tool-editor"]'), []);

  // By keyboard: focus Approve, press Enter.
  await request.getByRole('button', { name: 'Approve', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="conversation-item"][data-role="assistant"]').filter({ hasText: 'Order A-1042 shipped on Monday and arrives in 2 days.' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await request.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  const answer = (await recorded(page)).find((e) => e.source === 'client' && e.event.type === 'conversation.item.create' && (e.event.item as { type?: string }).type === 'mcp_approval_response');
  assert.equal((answer?.event.item as { approve?: boolean }).approve, true);
  assert.deepEqual(mcp.calls, [{ name: 'order_status', args: { order_number: 'A-1042' } }]);
  assert.ok(mcp.seen.every((s) => s.authorization === `Bearer ${TOKEN}` && s.xTest === 'e2e-header'), 'the secrets reached the MCP server');

  const storage = await page.evaluate(() => ({ local: Object.values({ ...localStorage }).join('\n'), tools: localStorage.getItem('realtime-console.tools') ?? '', session: Object.values({ ...sessionStorage }).join('\n') }));
  assert.doesNotMatch(storage.local, new RegExp(`${TOKEN}|e2e-header`));
  assert.match(storage.tools, /"server_label":"shop"/);
  assert.match(storage.session, new RegExp(TOKEN), 'kept for this tab');
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await close();
});

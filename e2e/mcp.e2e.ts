// An MCP server added in the tool editor, in headless Chromium through the relay to the
// simulator, which reaches a real MCP server on loopback (the official server SDK). The server is
// checked as it is typed and reaches session.update strictly valid; the question asks for its
// tool, the call waits in the approvals panel and in the conversation (axe clean). Approve by
// keyboard in the panel sends mcp_approval_response once: while the server's confirmation is held
// back, both places say so and neither sends a second answer; then the answer quotes the tool's
// output. A Deny with a reason from the conversation reaches the server, which quotes it. The
// token reached the MCP server, and stays out of localStorage and the event log. On a phone, the
// settings' link to the tool editor opens the Tools tab and moves the focus there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
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
const approvalAnswers = async (page: Page) =>
  (await recorded(page)).filter((e) => e.source === 'client' && e.event.type === 'conversation.item.create' && (e.event.item as { type?: string }).type === 'mcp_approval_response');

/**
 * Passes the page's socket through, except that from the server's confirmation of an approval
 * answer on, server frames wait (in order) until `release()`: the "sent, not yet confirmed"
 * state holds as long as the test needs, with no timing involved.
 */
function holdApprovalConfirmations(page: Page) {
  let held: string[] | null = null;
  let holding = true;
  let toPage: WebSocketRoute | null = null;
  const route = page.routeWebSocket(/.*/, (ws) => {
    const server = ws.connectToServer();
    toPage = ws;
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      if (holding && held === null && text.includes('"conversation.item.added"') && text.includes('"mcp_approval_response"')) held = [];
      if (held) held.push(text);
      else ws.send(message);
    });
  });
  return {
    route,
    release() {
      holding = false;
      for (const text of held ?? []) toPage?.send(text);
      held = null;
    },
  };
}

test('an MCP server added in the editor is listed, its call approved in the panel, and the answer uses its output', async () => {
  let hold: ReturnType<typeof holdApprovalConfirmations> | null = null;
  const { page, errors, close } = await openConsole(browser, app.url, { route: async (p) => { hold = holdApprovalConfirmations(p); await hold.route; } });
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

  // By keyboard: focus Approve, press Enter. The server's confirmation is held back meanwhile.
  const inline = page.getByTestId('conversation-area').getByRole('group', { name: 'Answer: run order_status on shop?' });
  await request.getByRole('button', { name: 'Approve', exact: true }).focus();
  await page.keyboard.press('Enter');
  for (const place of [request, inline]) await place.getByTestId('mcp-answer-status').filter({ hasText: 'Approved — waiting for the server' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  for (const place of [request, inline]) {
    for (const name of ['Approve', 'Deny']) assert.equal(await place.getByRole('button', { name, exact: true }).getAttribute('aria-disabled'), 'true', `${name} is disabled`);
  }
  // A second answer, from either place, by mouse or keyboard, sends nothing.
  // force: Playwright would wait for an aria-disabled button to be enabled; a user just clicks.
  await inline.getByRole('button', { name: 'Deny', exact: true }).click({ force: true });
  await request.getByRole('button', { name: 'Deny', exact: true }).focus();
  await page.keyboard.press('Enter');
  assert.equal((await approvalAnswers(page)).length, 1, 'one answer sent');
  assert.deepEqual(await axeViolations(page, '[data-testid="mcp-approvals"]'), [], 'axe clean while waiting');
  hold!.release();
  await page.locator('[data-testid="conversation-item"][data-role="assistant"]').filter({ hasText: 'Order A-1042 shipped on Monday and arrives in 2 days.' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await request.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  const [answer] = await approvalAnswers(page);
  assert.equal((answer?.event.item as { approve?: boolean }).approve, true);
  assert.deepEqual(mcp.calls, [{ name: 'order_status', args: { order_number: 'A-1042' } }]);
  assert.ok(mcp.seen.every((s) => s.authorization === `Bearer ${TOKEN}` && s.xTest === 'e2e-header'), 'the secrets reached the MCP server');

  // Deny with a reason, from the conversation: the item carries it and the server quotes it.
  await page.getByTestId('message-input').fill('Please check order_status for "B-7".');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const second = page.getByTestId('conversation-area').locator('[data-item-type="mcp_approval_request"]').last().getByRole('group', { name: 'Answer: run order_status on shop?' });
  await second.getByRole('button', { name: 'Deny', exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await second.getByLabel('Reason for denying (optional)').fill('Not that order');
  await second.getByRole('button', { name: 'Deny', exact: true }).click();
  await page.locator('[data-testid="conversation-item"][data-role="assistant"]').filter({ hasText: 'did not run order_status. Your reason: Not that order' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const denial = (await approvalAnswers(page))[1]?.event.item as { approve?: boolean; reason?: string };
  assert.deepEqual([denial?.approve, denial?.reason], [false, 'Not that order']);
  for (const sent of await approvalAnswers(page)) assert.deepEqual(validateClientEvent(sent.event).errors, [], 'strictly valid');
  assert.equal(mcp.calls.length, 1, 'the denied call never ran');

  const storage = await page.evaluate(() => ({ local: Object.values({ ...localStorage }).join('\n'), tools: localStorage.getItem('realtime-console.tools') ?? '', session: Object.values({ ...sessionStorage }).join('\n') }));
  assert.doesNotMatch(storage.local, new RegExp(`${TOKEN}|e2e-header`));
  assert.match(storage.tools, /"server_label":"shop"/);
  assert.match(storage.session, new RegExp(TOKEN), 'kept for this tab');
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await close();
});

test('on a phone, the settings\' link to the tool editor opens the Tools tab and moves the focus to the editor', async () => {
  const { page, errors, close } = await openConsole(browser, app.url, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await page.getByTestId('panel-tab-settings').click();
  await page.getByTestId('settings-area').getByRole('button', { name: 'Tools', exact: true }).click();
  const link = page.getByTestId('tools-editor-link').getByRole('link', { name: 'Tools in the session' });
  assert.equal(await page.getByTestId('tool-editor').isVisible(), false, 'the editor starts in a hidden tab');
  // By keyboard: the link is reached and followed with Enter.
  await link.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('tool-editor').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.getByTestId('panel-tab-tools').getAttribute('aria-selected'), 'true');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Tool editor', undefined, { timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.getByTestId('panel-notice').innerText(), 'Tools tab selected.');
  assert.equal(await page.evaluate(() => window.location.hash), '', 'the link did not just change the hash');
  assert.deepEqual(await axeViolations(page, '[data-testid="tool-editor"]'), []);
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await close();
});


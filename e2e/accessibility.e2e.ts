// axe-core (WCAG 2 A/AA and best practices) over the whole console in each main state the other
// e2e tests reach: disconnected, connected, a conversation with an answer, an event open, every
// settings section open, a server error notice. The goal is no critical and no serious violation;
// every state's counts by impact are printed, so a run against an older build measures it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type AxeViolation, axeViolations, connectConsole, consoleSuite } from './harness';

const SIM_SPEED = 4;
const STEP_TIMEOUT_MS = 20_000;
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

const suite = consoleSuite({ simulatorSpeed: SIM_SPEED });

interface StateResult {
  state: string;
  counts: Record<(typeof IMPACTS)[number], number>;
  violations: AxeViolation[];
}

async function check(page: Page, state: string): Promise<StateResult> {
  const violations = await axeViolations(page, 'body');
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const violation of violations) {
    const impact = violation.impact as keyof typeof counts;
    if (impact in counts) counts[impact] += violation.targets.length;
  }
  return { state, counts, violations };
}

const settings = (page: Page) => page.getByTestId('session-settings');

test('no critical or serious axe-core violation in any main state of the console', async () => {
  const { page, errors, close } = await suite.open();
  const results: StateResult[] = [];
  try {
    results.push(await check(page, 'disconnected'));

    await connectConsole(page, STEP_TIMEOUT_MS);
    await page.getByTestId('event-log-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    results.push(await check(page, 'connected'));

    await page.getByTestId('message-input').fill('Hello there');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('[data-testid="conversation-item"][data-role="assistant"]').first();
    await answer.waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.locator('[data-testid="conversation-item"][data-role="assistant"] audio').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    results.push(await check(page, 'conversation with an answer'));

    await page.getByTestId('event-log-row').first().click();
    await page.getByTestId('event-details').waitFor({ timeout: STEP_TIMEOUT_MS });
    results.push(await check(page, 'event selected'));

    for (const title of ['Audio format and speed', 'Tools', 'Reasoning and context', 'Prompt and tracing']) {
      await settings(page).getByRole('group', { name: title }).getByRole('button', { name: new RegExp(`^${title}`) }).click();
    }
    results.push(await check(page, 'settings open'));

    // The model has spoken: a new voice is refused (cannot_update_voice), shown as a notice.
    const voice = settings(page).getByLabel('Voice', { exact: true });
    const current = await voice.inputValue();
    await voice.selectOption(current === 'cedar' ? 'marin' : 'cedar');
    await settings(page).getByRole('button', { name: /^Apply/ }).click();
    await page.getByTestId('server-error-notice').waitFor({ timeout: STEP_TIMEOUT_MS });
    results.push(await check(page, 'error notice'));
  } finally {
    console.log('axe-core violations (nodes) by impact:');
    for (const r of results) console.log(`  ${r.state.padEnd(28)} ${IMPACTS.map((i) => `${i} ${r.counts[i]}`).join(', ')}`);
  }
  for (const r of results) {
    const grave = r.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    assert.deepEqual(grave, [], `${r.state}: critical or serious violations`);
  }
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await close();
});

// The phone's and the tablet's tabbed layouts, after an answer: every tab's panel in turn.
interface TabbedSize { name: string; width: number; height: number; tabs: string[] }

async function checkTabbed(size: TabbedSize): Promise<void> {
  const { page, errors, close } = await suite.open({ viewport: { width: size.width, height: size.height }, hasTouch: true, isMobile: true });
  const results: StateResult[] = [await check(page, 'disconnected')];
  try {
    await connectConsole(page, STEP_TIMEOUT_MS);
    await page.getByTestId('message-input').fill('Hello there');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('[data-testid="conversation-item"][data-role="assistant"] audio').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
    for (const tab of size.tabs) {
      await page.getByRole('tab', { name: tab }).click();
      results.push(await check(page, `${tab} tab`));
    }
  } finally {
    console.log(`axe-core violations (nodes) by impact, ${size.name}:`);
    for (const r of results) console.log(`  ${r.state.padEnd(28)} ${IMPACTS.map((i) => `${i} ${r.counts[i]}`).join(', ')}`);
  }
  for (const r of results) {
    const grave = r.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    assert.deepEqual(grave, [], `${size.name}, ${r.state}: critical or serious violations`);
  }
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await close();
}

const TABBED: TabbedSize[] = [
  { name: 'phone', width: 390, height: 844, tabs: ['Conversation', 'Events', 'Tools', 'Settings'] },
  { name: 'tablet', width: 768, height: 1024, tabs: ['Events', 'Tools', 'Settings'] },
];
for (const size of TABBED) {
  test(`${size.name} ${size.width}×${size.height}: no critical or serious violation on any tab`, () => checkTabbed(size));
}

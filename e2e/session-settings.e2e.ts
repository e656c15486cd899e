// The session settings panel in headless Chromium against the relay and the simulator: fields
// in folded sections are applied and confirmed by the server (✓), a value out of range is
// refused with its range, axe-core finds nothing in the open panel, and the panel itself stays
// within its width from a 390 px phone up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeViolations, connectConsole, consoleSuite } from './harness';

const STEP_TIMEOUT_MS = 20_000;

const suite = consoleSuite({ simulatorSpeed: 10 });

const open = (width: number) => suite.open({ viewport: { width, height: 900 } });

const panel = (page: Page) => page.getByTestId('session-settings');
const openSection = (page: Page, title: string) => panel(page).getByRole('group', { name: title }).getByRole('button', { name: new RegExp(`^${title}`) }).click();
/** The control labelled exactly so (a section's name may contain a field's label). */
const control = (page: Page, label: string) => panel(page).getByLabel(label, { exact: true });
const status = (page: Page) => page.getByTestId('session-settings-status');
/** Only blocked map tiles may fail to load (the blocker answers them with a network error). */
const unexpected = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e));

test('new fields are applied with session.update and confirmed by the simulator; out-of-range values are refused', async () => {
  const { page, errors, close } = await open(1440);
  await connectConsole(page, STEP_TIMEOUT_MS);
  await status(page).filter({ hasText: 'The server confirmed these settings.' }).waitFor({ timeout: STEP_TIMEOUT_MS });

  await openSection(page, 'Audio format and speed');
  await control(page, 'Speed').fill('3');
  assert.equal(await panel(page).getByRole('alert').innerText(), 'Enter a number from 0.25 to 1.5.');
  assert.equal(await panel(page).getByRole('button', { name: 'Apply (session.update)' }).isDisabled(), true);
  await control(page, 'Speed').fill('1.25');
  await openSection(page, 'Tools');
  await control(page, 'Tool choice').selectOption('none');
  await openSection(page, 'Reasoning and context');
  await control(page, 'Truncation').selectOption('retention_ratio');
  await control(page, 'Retention ratio').fill('0.6');
  await control(page, 'Language').fill('fr');
  await panel(page).getByRole('button', { name: 'Apply (session.update)' }).click();

  await status(page).filter({ hasText: 'The server confirmed these settings.' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const confirmed = async (field: string) => panel(page).getByTestId(`server-${field}`).innerText();
  assert.equal(await confirmed('speed'), '✓ server: 1.25');
  assert.equal(await confirmed('toolChoice'), '✓ server: none');
  assert.equal(await confirmed('truncation'), '✓ server: retention_ratio');
  assert.equal(await confirmed('retentionRatio'), '✓ server: 0.6');
  assert.equal(await confirmed('transcriptionLanguage'), '✓ server: fr');
  assert.equal(await panel(page).locator('.session-settings__server--mismatch').count(), 0);
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('axe-core finds no violation in the settings panel with every section open', async () => {
  const { page, errors, close } = await open(1440);
  await control(page, 'Turn detection').selectOption('server_vad');
  for (const title of ['Audio format and speed', 'Tools', 'Reasoning and context', 'Prompt and tracing']) await openSection(page, title);
  await control(page, 'Tool choice').selectOption('mcp');
  await control(page, 'Tracing').selectOption('custom');
  await control(page, 'Idle timeout (ms)').fill('10'); // an error message is part of what is checked
  assert.deepEqual(await axeViolations(page, '[data-testid="session-settings"]'), []);
  assert.deepEqual(unexpected(errors), []);
  await close();
});

for (const width of [390, 1024, 1920]) {
  test(`at ${width} px the open panel wraps within its own width`, async () => {
    const { page, close } = await open(width);
    // Below 768 px the settings are one of the console's tabs.
    const settingsTab = page.getByRole('tab', { name: 'Settings' });
    if (await settingsTab.count()) await settingsTab.click();
    await control(page, 'Turn detection').selectOption('server_vad');
    for (const title of ['Audio format and speed', 'Tools', 'Reasoning and context', 'Prompt and tracing']) await openSection(page, title);
    await control(page, 'Tracing').selectOption('custom');
    const layout = await panel(page).evaluate((form) => {
      const box = form.getBoundingClientRect();
      const outside = Array.from(form.querySelectorAll('input, select, textarea, button, label, .session-settings__server, .session-settings__hint'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
        })
        .map((el) => el.closest('[data-field]')?.getAttribute('data-field') ?? el.textContent);
      return { sideways: form.scrollWidth > form.clientWidth + 1, outside };
    });
    assert.deepEqual(layout, { sideways: false, outside: [] });
    await close();
  });
}

// The console's layouts in headless Chromium with touch, at a phone (390×844), a tablet
// (768×1024), a small laptop (1024×700) and a desktop (1440×900), against the relay and the
// simulator on loopback. In each state (disconnected; connected with a conversation, events and
// a server notice; settings shown) no control covers another, the page does not scroll sideways,
// the talk button and the message box are on screen and work by touch, and nothing moves when the
// first events and the notice arrive. SAVE_SCREENSHOTS=1 writes each state's PNG.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Cleanup, openConsole, ROOT, routeMapTiles, startRelayedConsole, untilTurnSends, type StaticServer } from './harness';

const SIM_SPEED = 8;
const STEP_TIMEOUT_MS = 15_000;
/** Below this a conversation line wraps every few letters. */
const MIN_CONVERSATION_WIDTH = 300;
const SAVE_SCREENSHOTS = process.env.SAVE_SCREENSHOTS === '1';
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(ROOT, 'readme', 'layout');

interface Size { name: string; width: number; height: number; layout: 'phone' | 'tablet' | 'desktop' }
const SIZES: Size[] = [
  { name: 'phone', width: 390, height: 844, layout: 'phone' },
  { name: 'tablet', width: 768, height: 1024, layout: 'tablet' },
  { name: 'laptop', width: 1024, height: 700, layout: 'desktop' },
  { name: 'desktop', width: 1440, height: 900, layout: 'desktop' },
];

const cleanup = new Cleanup();
let app: StaticServer;
let browser: Browser;

// The relay's upstream sends one non-fatal error after session.created: the amber notice must
// not push the panels down.
before(async () => {
  ({ app, browser } = await startRelayedConsole(cleanup, { simulatorSpeed: SIM_SPEED, upstreamQuery: 'fault_error=rate_limit_exceeded' }));
  if (SAVE_SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => cleanup.run());

async function screenshot(page: Page, name: string): Promise<void> {
  const png = await page.screenshot();
  assert.ok(png.length > 0, `${name} has pixels`);
  if (SAVE_SCREENSHOTS) writeFileSync(join(SCREENSHOTS, name), png);
}

interface Overlap { a: string; b: string }

/**
 * Pairs of visible controls whose boxes intersect, each box clipped to the viewport and to its
 * scrolling ancestors. A control nested in another is not a pair, nor is content scrolled under
 * a sticky bar of its own scroll container (the settings' Apply / Revert), which is by design.
 */
function overlappingControls(page: Page): Promise<Overlap[]> {
  return page.evaluate(() => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const intersect = (a: Box, b: Box): Box | null => {
      const box = { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
      return box.right - box.left > 0.5 && box.bottom - box.top > 0.5 ? box : null;
    };
    const clips = (el: Element) => {
      const style = getComputedStyle(el);
      return style.overflowX !== 'visible' || style.overflowY !== 'visible';
    };
    const visibleBox = (el: Element): Box | null => {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) return null;
      const rect = el.getBoundingClientRect();
      let box: Box | null = { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
      box = intersect(box, { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight });
      for (let parent = el.parentElement; box && parent; parent = parent.parentElement) {
        if (clips(parent)) box = intersect(box, parent.getBoundingClientRect());
      }
      return box;
    };
    const stickyAncestor = (el: Element): Element | null => {
      for (let node: Element | null = el; node; node = node.parentElement) if (getComputedStyle(node).position === 'sticky') return node;
      return null;
    };
    const scroller = (el: Element): Element | null => {
      for (let node = el.parentElement; node; node = node.parentElement) if (clips(node)) return node;
      return null;
    };
    const scrollsUnder = (bar: Element | null, other: Element) => !!bar && !bar.contains(other) && !!scroller(bar)?.contains(other);
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30)}]`;
    const controls = Array.from(document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href], [role=tab], [role=button], summary'))
      .map((el) => ({ el, box: visibleBox(el) }))
      .filter((c): c is { el: Element; box: Box } => c.box !== null);
    const found: Array<{ a: string; b: string }> = [];
    controls.forEach((a, i) => controls.slice(i + 1).forEach((b) => {
      if (a.el.contains(b.el) || b.el.contains(a.el)) return;
      if (!intersect(a.box, b.box)) return;
      if (scrollsUnder(stickyAncestor(a.el), b.el) || scrollsUnder(stickyAncestor(b.el), a.el)) return;
      found.push({ a: describe(a.el), b: describe(b.el) });
    }));
    return found;
  });
}

/** No sideways scrolling, no overlapping controls, talk button and message box on screen and hit by a finger there. */
async function checkUsable(page: Page, state: string): Promise<void> {
  const scroll = await page.evaluate(() => ({ width: document.scrollingElement!.scrollWidth, viewport: window.innerWidth }));
  assert.ok(scroll.width <= scroll.viewport, `${state}: the page scrolls sideways (${scroll.width} > ${scroll.viewport})`);
  assert.deepEqual(await overlappingControls(page), [], `${state}: controls overlap`);
  for (const testid of ['push-to-talk', 'message-input']) {
    const reachable = await page.getByTestId(testid).evaluate((el) => {
      const rect = el.getBoundingClientRect();
      const inside = rect.top >= 0 && rect.left >= 0 && rect.bottom <= window.innerHeight && rect.right <= window.innerWidth && rect.width > 0;
      const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      return inside && !!hit && el.contains(hit);
    });
    assert.ok(reachable, `${state}: ${testid} is on screen and not covered`);
  }
}

/**
 * Where the panels and the talk controls are: must not change as events arrive. The tools and
 * settings grow with what the server confirms inside their scrolling column: their height is not
 * compared.
 */
function areaBoxes(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const boxes: Record<string, string> = {};
    for (const id of ['events-area', 'conversation-area', 'talk-controls', 'settings-area', 'tools-area']) {
      const rect = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
      const height = id === 'settings-area' || id === 'tools-area' ? '' : `×${Math.round(rect?.height ?? 0)}`;
      boxes[id] = rect && rect.width > 0 ? `${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}${height}` : 'hidden';
    }
    return boxes;
  });
}

async function showPanel(page: Page, size: Size, panel: 'conversation' | 'events' | 'tools' | 'settings'): Promise<void> {
  if (size.layout === 'desktop' || (size.layout === 'tablet' && panel === 'conversation')) return;
  await page.getByRole('tab', { name: new RegExp(`^${panel}$`, 'i') }).tap();
  await page.getByRole('tabpanel', { name: new RegExp(`^${panel}$`, 'i') }).waitFor();
}

async function holdToTalk(page: Page): Promise<void> {
  const button = page.getByTestId('push-to-talk');
  const box = (await button.boundingBox())!;
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await button.filter({ hasText: 'Release to send' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await untilTurnSends(page, 0, STEP_TIMEOUT_MS);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const assistantItems = (page: Page) => page.locator('[data-testid="conversation-item"][data-role="assistant"]');
/** Only blocked requests may fail (the blocker answers them with a network error). */
const unexpected = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e));

async function checkLayout(size: Size): Promise<void> {
  const { page, errors, close } = await openConsole(browser, app.url, {
    viewport: { width: size.width, height: size.height },
    hasTouch: true,
    isMobile: size.layout !== 'desktop',
    route: (tab) => routeMapTiles(tab),
  });
  assert.equal(await page.locator('main').getAttribute('data-layout'), size.layout);

  await checkUsable(page, 'disconnected');
  const disconnected = await areaBoxes(page);
  await screenshot(page, `${size.name}-disconnected.png`);

  await page.getByRole('button', { name: 'Connect' }).tap();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const connected = await areaBoxes(page);

  // A typed message, by touch.
  await page.getByTestId('message-input').tap();
  await page.keyboard.type('Hello there');
  await page.keyboard.press('Enter');
  await assistantItems(page).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  // A spoken one, held with a finger.
  await holdToTalk(page);
  await assistantItems(page).filter({ hasText: /I heard \d+\.\d seconds of audio/ }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('server-error-notice').waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(await areaBoxes(page), connected, 'the first events and the notice moved the panels');
  assert.deepEqual(connected, disconnected, 'connecting moved the panels');

  const conversationWidth = await page.getByTestId('conversation-area').evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(conversationWidth >= MIN_CONVERSATION_WIDTH, `the conversation is ${conversationWidth} px wide`);
  await checkUsable(page, 'connected');
  await screenshot(page, `${size.name}-connected.png`);

  await showPanel(page, size, 'events');
  await page.getByTestId('event-log-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await checkUsable(page, 'events');
  if (size.layout === 'phone') await screenshot(page, `${size.name}-events.png`);

  // The map was laid out while its tab was hidden: shown, its tiles must fill it.
  await showPanel(page, size, 'tools');
  await page.waitForFunction(() => {
    const map = document.querySelector('.weather-map')?.getBoundingClientRect();
    const tiles = Array.from(document.querySelectorAll('.weather-map .leaflet-tile-loaded'), (tile) => tile.getBoundingClientRect());
    return !!map && map.width > 0 && tiles.some((t) => t.left <= map.left) && tiles.some((t) => t.right >= map.right) && tiles.some((t) => t.bottom >= map.bottom);
  }, null, { timeout: STEP_TIMEOUT_MS });
  await checkUsable(page, 'tools');

  await showPanel(page, size, 'settings');
  // Apply is on screen without scrolling the page, however long the form.
  const apply = page.getByRole('button', { name: /^Apply/ });
  const applyShown = await apply.evaluate((el) => {
    const rect = el.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return rect.top >= 0 && rect.bottom <= window.innerHeight && !!hit && el.contains(hit);
  });
  assert.ok(applyShown, 'Apply is on screen');
  await checkUsable(page, 'settings');
  await screenshot(page, `${size.name}-settings.png`);

  const widths = await areaBoxes(page);
  console.log(`${size.name} ${size.width}×${size.height}: ${JSON.stringify({ connected, settings: widths })}`);
  assert.deepEqual(unexpected(errors), []);
  await close();
}

for (const size of SIZES) {
  test(`${size.name} ${size.width}×${size.height}: usable by touch in every state, nothing moves as events arrive`, () => checkLayout(size));
}

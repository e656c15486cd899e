import { recordEventForTests, testHooksEnabled } from './testHooks';
import type { TransportEvent } from '../../lib/realtime';

const event = { source: 'client', event: { type: 'session.update' } } as unknown as TransportEvent;

afterEach(() => {
  delete window.REALTIME_CONSOLE_CONFIG;
  delete window.__realtimeConsoleEvents;
});

test('records nothing unless the runtime config turns the test hooks on', () => {
  window.__realtimeConsoleEvents = [];
  window.REALTIME_CONSOLE_CONFIG = { relayUrl: 'ws://127.0.0.1:8081' };
  expect(testHooksEnabled()).toBe(false);
  recordEventForTests(event);
  expect(window.__realtimeConsoleEvents).toEqual([]);
});

test('records into a list the test defined once the runtime config says testHooks: true', () => {
  window.__realtimeConsoleEvents = [];
  Object.assign(window, { REALTIME_CONSOLE_CONFIG: { testHooks: true } });
  expect(testHooksEnabled()).toBe(true);
  recordEventForTests(event);
  expect(window.__realtimeConsoleEvents).toEqual([event]);
});

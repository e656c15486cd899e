import { testHooksFor } from './testHooks';
import { RealtimeEventEmitter, type RealtimeClientEvents, type TransportEvent } from '../../lib/realtime';

const event = { time: 1, source: 'client', event: { type: 'session.update', session: { type: 'realtime' } } } as TransportEvent;

afterEach(() => {
  delete window.__realtimeConsoleEvents;
  delete window.__realtimeConsoleInterrupts;
});

test('there is no observer unless the runtime config turns the test hooks on', () => {
  expect(testHooksFor({})).toBeNull();
  expect(testHooksFor({ testHooks: false })).toBeNull();
});

test('with testHooks: true it records a watched client\'s events and the interruptions into the lists a test defined', () => {
  window.__realtimeConsoleEvents = [];
  window.__realtimeConsoleInterrupts = [];
  const hooks = testHooksFor({ testHooks: true });
  const client = new RealtimeEventEmitter<RealtimeClientEvents>();
  hooks!.watch(client);
  client.emit('realtime.event', event);
  hooks!.interrupted!({ trackId: 'item_1', offset: 10, sentOffset: 12, latencySeconds: 0.01, currentTime: 2 });
  expect(window.__realtimeConsoleEvents).toEqual([event]);
  expect(window.__realtimeConsoleInterrupts).toEqual([{ trackId: 'item_1', offset: 10, sentOffset: 12, latencySeconds: 0.01, currentTime: 2 }]);
});

test('a list the test did not define is left alone', () => {
  const hooks = testHooksFor({ testHooks: true });
  hooks!.playback!({ type: 'started', trackId: 'item_1', contextTime: 0 });
  expect(window.__realtimeConsolePlayback).toBeUndefined();
});

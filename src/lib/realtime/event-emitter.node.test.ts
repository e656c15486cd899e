import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RealtimeEventEmitter } from './event-emitter';

type Events = { ping: number; pong: string };

test('on, off, once and the returned unsubscribe', () => {
  const emitter = new RealtimeEventEmitter<Events>();
  const seen: string[] = [];
  const handler = (n: number): void => void seen.push(`on:${n}`);
  emitter.on('ping', handler);
  const unsubscribe = emitter.on('ping', (n) => seen.push(`second:${n}`));
  emitter.once('ping', (n) => seen.push(`once:${n}`));
  emitter.emit('ping', 1);
  unsubscribe();
  emitter.off('ping', handler);
  emitter.emit('ping', 2);
  assert.deepEqual(seen, ['on:1', 'second:1', 'once:1']);
  assert.equal(emitter.hasListeners('ping'), false);
});

test('waitForNext resolves with the next payload and rejects on timeout', async () => {
  const emitter = new RealtimeEventEmitter<Events>();
  const next = emitter.waitForNext('pong', 1000);
  emitter.emit('pong', 'a');
  emitter.emit('pong', 'b');
  assert.equal(await next, 'a');
  await assert.rejects(emitter.waitForNext('ping', 10), /timed out after 10 ms waiting for "ping"/);
  assert.equal(emitter.hasListeners('ping'), false, 'the timed-out waiter unsubscribed');
});

test('a throwing handler does not stop the others; its error is reported', () => {
  const errors: string[] = [];
  const emitter = new RealtimeEventEmitter<Events>({ onHandlerError: (error, type) => errors.push(`${type}: ${(error as Error).message}`) });
  const seen: number[] = [];
  emitter.on('ping', () => {
    throw new Error('boom');
  });
  emitter.on('ping', (n) => seen.push(n));
  emitter.emit('ping', 7);
  assert.deepEqual(seen, [7]);
  assert.deepEqual(errors, ['ping: boom']);
});

test('a handler may unsubscribe itself while the event is delivered', () => {
  const emitter = new RealtimeEventEmitter<Events>();
  const seen: number[] = [];
  const off = emitter.on('ping', (n) => {
    seen.push(n);
    off();
  });
  emitter.on('ping', (n) => seen.push(n * 10));
  emitter.emit('ping', 1);
  emitter.emit('ping', 2);
  assert.deepEqual(seen, [1, 10, 20]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionResource } from 'openai/resources/live/live';
import { LIVE_STORE_LIMITS, LiveStore } from './live-store';

const session = (id: string, store: boolean): SessionResource => ({ id, expires_at: 0, model: 'gpt-live-1', status: 'active', store });
const said = (chars: number) => [{ type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text: 'x'.repeat(chars) }] }];

test('stored sessions are bounded in count and bytes (oldest first) and forgotten after the retention', () => {
  let now = 0;
  const limits = { ...LIVE_STORE_LIMITS, maxSessions: 3, maxBytes: 10_000, retentionMs: 1000, maxUnstoredIds: 2 };
  const store = new LiveStore(limits, () => now);
  for (const id of ['a', 'b', 'c', 'd']) store.closed({ id, session: session(id, true), history: said(10), forkedFrom: null });
  assert.equal(store.size, 3);
  assert.deepEqual([store.forkable('a').ok, store.forkable('d').ok], [false, true]);

  store.closed({ id: 'big', session: session('big', true), history: said(9000), forkedFrom: null });
  assert.ok(store.bytes <= limits.maxBytes, `${store.bytes} bytes`);
  assert.equal(store.forkable('b').ok, false, 'the oldest made room');
  store.closed({ id: 'huge', session: session('huge', true), history: said(20_000), forkedFrom: null });
  assert.equal(store.forkable('huge').ok, false, 'a session larger than the whole budget is not kept');

  now += 1001;
  assert.equal(store.size, 0, 'gone after the retention');
  const lookup = store.forkable('d');
  assert.equal(lookup.ok ? 'stored' : lookup.code, 'session_not_found');
});

test('why a fork is refused: active, not stored (remembered, bounded), unknown', () => {
  const store = new LiveStore({ ...LIVE_STORE_LIMITS, maxUnstoredIds: 2 });
  store.opened('live', 'websocket');
  const code = (id: string) => {
    const lookup = store.forkable(id);
    return lookup.ok ? 'ok' : lookup.code;
  };
  assert.equal(code('live'), 'session_active');
  assert.equal(store.activeTransport('live'), 'websocket');
  for (const id of ['u1', 'u2', 'u3']) store.closed({ id, session: session(id, false), history: [], forkedFrom: null });
  assert.deepEqual([code('u1'), code('u2'), code('u3'), code('nope')], ['session_not_found', 'session_not_stored', 'session_not_stored', 'session_not_found']);
});

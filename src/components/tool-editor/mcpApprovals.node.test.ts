import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ItemState } from '../../lib/realtime';
import { McpApprovalStore } from './mcpApprovals';

const request = (id: string, answer?: { approve: boolean; reason: string | null }): ItemState =>
  ({ id, mcp: { kind: 'approval_request', serverLabel: 'shop', name: 'refund', arguments: '{"order":"A"}', ...(answer ? { answer: { ...answer, itemId: `resp_${id}` } } : {}) } }) as unknown as ItemState;

/** A store on a connection that records what it sends; `fail` makes the next send throw. */
function connected() {
  const store = new McpApprovalStore();
  const sent: Array<[string, boolean, string | undefined]> = [];
  let changes = 0;
  store.subscribe(() => (changes += 1));
  const wire = { fail: null as string | null };
  store.attach((id, approve, reason) => {
    if (wire.fail) throw new Error(wire.fail);
    sent.push([id, approve, reason]);
    return `evt_${sent.length}`;
  });
  return { store, sent, wire, changes: () => changes };
}

describe('McpApprovalStore', () => {
  it('sends one answer per request, whichever view sends it, and both views read the same state', () => {
    const { store, sent, changes } = connected();
    const items = [request('r1'), request('r2'), request('r3', { approve: true, reason: null })];
    assert.deepEqual(store.pending(items).map((p) => [p.id, p.view]), [['r1', { phase: 'open', error: null }], ['r2', { phase: 'open', error: null }]]);
    const before = changes();
    assert.equal(store.answer('r1', false, '  not today '), true);
    assert.equal(changes(), before + 1, 'views are told');
    assert.equal(store.answer('r1', true), false, 'a second answer (the other view) is not sent');
    assert.equal(store.answer('r1', false), false);
    assert.deepEqual(sent, [['r1', false, 'not today']], 'the reason goes trimmed');
    assert.deepEqual(store.view(items[0]), { phase: 'sent', approve: false, reason: 'not today' });
    assert.equal(store.answer('r2', true, '   '), true);
    assert.deepEqual(sent[1], ['r2', true, undefined], 'a blank reason is not sent');
    assert.deepEqual(store.view(items[2]), { phase: 'confirmed', approve: true, reason: null });
    // The server confirms r1: confirmed, and no longer pending.
    const confirmed = request('r1', { approve: false, reason: 'not today' });
    assert.deepEqual(store.view(confirmed), { phase: 'confirmed', approve: false, reason: 'not today' });
    assert.deepEqual(store.pending([confirmed, items[1]]).map((p) => p.id), ['r2']);
  });

  it('a send that throws leaves the request open with the error, and it can be answered again', () => {
    const { store, sent, wire } = connected();
    wire.fail = 'WebSocketTransport is not connected (sending conversation.item.create)';
    assert.equal(store.answer('r1', true), false);
    assert.deepEqual(store.view(request('r1')), { phase: 'open', error: wire.fail });
    wire.fail = null;
    assert.equal(store.answer('r1', true), true);
    assert.deepEqual(store.view(request('r1')), { phase: 'sent', approve: true, reason: null });
    assert.deepEqual(sent, [['r1', true, undefined]]);
  });

  it('an error naming the answer\'s event reopens it with the message; other errors change nothing', () => {
    const { store } = connected();
    store.answer('r1', true);
    store.answer('r2', false);
    store.refused('evt_other', 'something else');
    store.refused(undefined, 'no event named');
    assert.equal(store.view(request('r1')).phase, 'sent');
    store.refused('evt_2', 'relay_event_denied: conversation.item.create is not allowed');
    assert.deepEqual(store.view(request('r2')), { phase: 'open', error: 'relay_event_denied: conversation.item.create is not allowed' });
    assert.equal(store.view(request('r1')).phase, 'sent');
    assert.equal(store.answer('r2', true), true, 'answered again');
  });

  it('a closed connection reopens what was not confirmed and sends nothing more; a new connection starts clean', () => {
    const { store, sent } = connected();
    store.answer('r1', true);
    store.answer('r2', false);
    store.connectionClosed();
    assert.deepEqual(store.view(request('r1')), { phase: 'open', error: 'the connection closed before the server confirmed the answer' });
    assert.deepEqual(store.view(request('r2', { approve: false, reason: null })).phase, 'confirmed', 'what the server confirmed stays confirmed');
    assert.equal(store.answer('r1', true), false);
    assert.deepEqual(store.view(request('r1')), { phase: 'open', error: 'not connected' });
    assert.equal(sent.length, 2);
    store.attach(() => 'evt_new');
    assert.deepEqual(store.view(request('r1')), { phase: 'open', error: null });
    assert.equal(store.answer('r1', true), true);
  });

  it('without a connection nothing is sent and the request says so', () => {
    const store = new McpApprovalStore();
    assert.equal(store.answer('r1', true), false);
    assert.deepEqual(store.view(request('r1')), { phase: 'open', error: 'not connected' });
  });
});

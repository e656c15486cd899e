// MCP through the client: the 8 mcp_* events on items, answering an approval request; rate
// limits, DTMF and conversation.created kept as client state. A fake socket plays the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ItemState } from './item-state';
import { approvalResponseEventId } from './mcp-items';
import { connectedClient } from './test-support/client-harness';
import { assertValidServerEvents, ev, items } from './test-support/server-events';

test('MCP events reach the items: a tool listing, a call with streamed arguments and its output', async () => {
  const h = await connectedClient();
  const updates: ItemState[] = [];
  h.client.on('conversation.updated', ({ item }) => updates.push(item));
  const r = 'resp_mcp';
  const args = '{"expression":"2+3"}';
  const events = [
    ev.itemAdded(items.mcpListTools('mcpl_1', 'sim', [])),
    ev.mcpListTools('mcpl_1', 'in_progress'),
    ev.mcpListTools('mcpl_1', 'completed'),
    ev.itemDone(items.mcpListTools('mcpl_1', 'sim', [{ name: 'add' }])),
    ev.responseCreated(r),
    ev.outputItemAdded(r, items.mcpCall('mcp_1', 'sim', 'add', '')),
    ev.itemAdded(items.mcpCall('mcp_1', 'sim', 'add', '')),
    ev.mcpArgumentsDelta(r, 'mcp_1', args.slice(0, 6)),
    ev.mcpArgumentsDelta(r, 'mcp_1', args.slice(6)),
    ev.mcpArgumentsDone(r, 'mcp_1', args),
    ev.mcpCall('mcp_1', 'in_progress'),
    ev.mcpCall('mcp_1', 'completed'),
    ev.outputItemDone(r, items.mcpCall('mcp_1', 'sim', 'add', args, { output: '5' })),
    ev.itemDone(items.mcpCall('mcp_1', 'sim', 'add', args, { output: '5' })),
    ev.responseDone(r, [items.mcpCall('mcp_1', 'sim', 'add', args, { output: '5' })]),
  ];
  assertValidServerEvents(events);
  h.receive(...events);
  const listing = h.client.conversation.getItem('mcpl_1')?.mcp;
  assert.equal(listing?.kind === 'list_tools' && listing.status, 'completed');
  assert.deepEqual(listing?.kind === 'list_tools' && listing.tools.map((t) => t.name), ['add']);
  const call = h.client.conversation.getItem('mcp_1');
  assert.deepEqual(call?.mcp, { kind: 'call', serverLabel: 'sim', name: 'add', arguments: args, status: 'completed', output: '5', error: null, approvalRequestId: null });
  assert.ok(updates.filter((i) => i.id === 'mcp_1').length >= 6, 'each mcp event is a conversation update');
});

test('respondToMcpApproval sends an mcp_approval_response with an id of its own, then a response.create', async () => {
  const h = await connectedClient();
  h.receive(ev.itemAdded(items.mcpApprovalRequest('mcpa_1', 'sim', 'delete_all', '{}')));
  h.takeSent();
  const id = h.client.respondToMcpApproval('mcpa_1', false, 'Not on a Friday');
  const [create, respond] = h.takeSent(); // validated against the project and official schemas
  assert.match(id, /^mcpr_[0-9a-z]{22}$/);
  assert.deepEqual(create.item, { type: 'mcp_approval_response', id, approval_request_id: 'mcpa_1', approve: false, reason: 'Not on a Friday' });
  assert.equal(create.event_id, approvalResponseEventId(id), 'an error naming this event is this answer refused');
  assert.equal(respond.type, 'response.create');
  // The server confirms: the request shows its answer.
  h.receive(ev.itemAdded(items.mcpApprovalResponse(id, 'mcpa_1', false, 'Not on a Friday')));
  const request = h.client.conversation.getItem('mcpa_1')?.mcp;
  assert.deepEqual(request?.kind === 'approval_request' && request.answer, { approve: false, reason: 'Not on a Friday', itemId: id });
  // Approve without a follow-up response; two answers never share an id.
  const second = h.client.respondToMcpApproval('mcpa_1', true, undefined, { respond: false });
  assert.notEqual(second, id);
  assert.deepEqual(h.takeSent().map((e) => [e.type, (e.item as { approve?: boolean })?.approve]), [['conversation.item.create', true]]);
  h.receive(ev.itemAdded(items.userText('item_text', 'hi')));
  assert.throws(() => h.client.respondToMcpApproval('item_text', true), /not an MCP approval request/);
});

test('rate_limits.updated is kept and reported; DTMF keys and the conversation id too', async () => {
  const h = await connectedClient();
  const seen: unknown[] = [];
  h.client.on('rate_limits.updated', ({ rateLimits }) => seen.push(rateLimits));
  const keys: string[] = [];
  h.client.on('input.dtmf', ({ key }) => keys.push(key));
  assert.deepEqual(h.client.getRateLimits(), []);
  const limits = [
    { name: 'requests' as const, limit: 5000, remaining: 4999, reset_seconds: 0.012 },
    { name: 'tokens' as const, limit: 400000, remaining: 399000, reset_seconds: 0.15 },
  ];
  const events = [ev.rateLimits(limits), ev.dtmf('5', 1760000000), ev.conversationCreated('conv_1')];
  assertValidServerEvents(events);
  h.receive(...events);
  assert.deepEqual(h.client.getRateLimits(), limits);
  assert.deepEqual(seen, [limits]);
  assert.deepEqual(keys, ['5']);
  assert.equal(h.client.getConversationId(), 'conv_1');
  h.client.reset();
  assert.deepEqual(h.client.getRateLimits(), []);
  assert.equal(h.client.getConversationId(), null);
});

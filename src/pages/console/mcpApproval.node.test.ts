import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectedClient } from '../../lib/realtime/test-support/client-harness';
import { answerMcpApproval } from './mcpApproval';

test('Approve / Deny: an mcp_approval_response with an id of our own, then response.create, each valid (project and official schema)', async () => {
  const h = await connectedClient();
  h.takeSent();
  answerMcpApproval(h.client, 'mcpa_1', true);
  answerMcpApproval(h.client, 'mcpa_2', false);
  const sent = h.takeSent();
  assert.deepEqual(sent.map((e) => e.type), ['conversation.item.create', 'response.create', 'conversation.item.create', 'response.create']);
  const [approve, deny] = [sent[0].item, sent[2].item] as Array<{ type: string; id: string; approval_request_id: string; approve: boolean }>;
  assert.deepEqual({ ...approve, id: 'x' }, { type: 'mcp_approval_response', id: 'x', approval_request_id: 'mcpa_1', approve: true });
  assert.equal(deny.approve, false);
  assert.match(approve.id, /^mcpr_[0-9a-z]{22}$/);
  assert.notEqual(approve.id, deny.id);
  h.client.disconnect();
});

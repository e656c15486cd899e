// Out-of-band responses and MCP approvals, client <-> local simulator over a real socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulatorSession } from './test-support/simulator-session';

test('simulator: an out-of-band response is reported with its metadata and never joins the conversation', async () => {
  const s = await simulatorSession({ session: { output_modalities: ['text'] } });
  try {
    const answered = s.next('response.done', ({ response }) => response.conversation === 'auto');
    s.client.sendUserMessageContent([{ type: 'input_text', text: 'hello' }]);
    await answered;
    const inConversation = s.client.conversation.getItems().map((i) => i.id);
    const outOfBand = s.next('response.out_of_band');
    s.client.createResponse({ conversation: 'none', output_modalities: ['text'], metadata: { topic: 'summary' }, instructions: 'Summarise.' });
    const { response, items } = await outOfBand;
    assert.deepEqual(response.metadata, { topic: 'summary' });
    assert.equal(response.status, 'completed');
    assert.ok(items.length > 0 && items[0].formatted.text.length > 0, 'the out-of-band answer has its text');
    assert.deepEqual(s.client.conversation.getItems().map((i) => i.id), inConversation, 'the conversation is unchanged');
    assert.equal(s.client.outOfBandResponses.length, 1);
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

test('simulator: MCP tools listed, an approval request answered with respondToMcpApproval, the call runs', async () => {
  const s = await simulatorSession({ session: { output_modalities: ['text'] } });
  try {
    const listed = s.next('conversation.updated', ({ item }) => item.mcp?.kind === 'list_tools' && item.mcp.status === 'completed');
    s.client.updateSession({ tools: [{ type: 'mcp', server_label: 'calc', server_url: 'sim://tools', require_approval: 'always' }] });
    const listing = (await listed).item;
    assert.equal(listing.mcp?.kind === 'list_tools' && listing.mcp.serverLabel, 'calc');
    const asked = s.next('conversation.item.completed', ({ item }) => item.type === 'mcp_approval_request');
    const askingDone = s.next('response.done');
    s.client.sendUserMessageContent([{ type: 'input_text', text: 'add 4 and 5' }]);
    const request = (await asked).item;
    assert.equal(request.mcp?.kind === 'approval_request' && request.mcp.name, 'add_numbers');
    await askingDone;
    const called = s.next('conversation.item.completed', ({ item }) => item.type === 'mcp_call');
    const answerId = s.client.respondToMcpApproval(request.id, true);
    const call = (await called).item;
    assert.equal(call.mcp?.kind === 'call' && call.mcp.output, '9');
    assert.equal(call.mcp?.kind === 'call' && call.mcp.approvalRequestId, request.id);
    assert.equal(call.mcp?.kind === 'call' && call.mcp.status, 'completed');
    assert.deepEqual(request.mcp?.kind === 'approval_request' && request.mcp.answer, { approve: true, reason: null, itemId: answerId });
    s.assertAllValid();
  } finally {
    await s.close();
  }
});

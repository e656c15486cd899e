// The simulator reaching a real MCP server on loopback (the official server SDK over Streamable
// HTTP): listing, approval required → approve → call → output, deny, a failing tool, a server
// that is down, and a URL off this machine refused without a connection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from './server';
import { invalidEvents, openSession } from './test-support';
import { startMcpTestServer, type McpTestServer } from '../testing/mcp-test-server';
import type { RecordedEvent, RecordingClient } from '../testing/recording-client';

type Item = Record<string, unknown> & { id: string; type: string };
const output = (done: RecordedEvent): Item[] => (done.response as { output: Item[] }).output;

function say(client: RecordingClient, text: string): void {
  client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
}

async function respond(client: RecordingClient): Promise<RecordedEvent> {
  client.send({ type: 'response.create' });
  await client.next('response.created');
  return client.next('response.done');
}

function answer(client: RecordingClient, request: Item, approve: boolean, id: string, reason?: string): void {
  client.send({ type: 'conversation.item.create', item: { type: 'mcp_approval_response', id, approval_request_id: request.id, approve, ...(reason ? { reason } : {}) } });
}

const messageText = (item: Item): string => JSON.stringify(item.content);

describe('simulator: a real MCP server on loopback', () => {
  let sim: RunningSimulator;
  let mcp: McpTestServer;
  before(async () => {
    [sim, mcp] = await Promise.all([startSimulator({ speed: 50 }), startMcpTestServer()]);
  });
  after(async () => {
    await Promise.all([sim.close(), mcp.close()]);
  });

  it('lists its tools, asks approval, calls it with the config headers, and answers from its output; deny runs nothing', async () => {
    const { client } = await openSession(sim.url);
    const shop = { type: 'mcp', server_label: 'shop', server_url: mcp.url, require_approval: 'always', headers: { 'X-Test': 'from-config' }, authorization: 'token-123' };
    client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], tools: [shop] } });
    await client.next('mcp_list_tools.in_progress');
    const listed = await client.next('mcp_list_tools.completed');
    const listItem = client.events.find((e) => e.type === 'conversation.item.done' && (e.item as Item).id === listed.item_id);
    assert.deepEqual(((listItem?.item as Item).tools as Array<{ name: string }>).map((t) => t.name), ['order_status']);

    say(client, 'Please check order_status for "A-1042".');
    const asking = output(await respond(client));
    assert.deepEqual(asking.map((i) => i.type), ['mcp_approval_request']);
    assert.equal(asking[0].server_label, 'shop');
    assert.deepEqual(JSON.parse(String(asking[0].arguments)), { order_number: 'A-1042' });
    assert.equal(mcp.calls.length, 0, 'nothing runs before the approval');

    answer(client, asking[0], true, 'item_ok_1');
    const approved = output(await respond(client));
    const [call, reply] = approved;
    assert.equal(call.type, 'mcp_call');
    assert.equal(call.approval_request_id, asking[0].id);
    assert.equal(call.output, 'Order A-1042 shipped on Monday and arrives in 2 days.');
    assert.match(messageText(reply), /order_status tool returned: Order A-1042 shipped on Monday/);
    assert.equal(client.all('response.mcp_call_arguments.delta').map((e) => e.delta).join(''), call.arguments);
    assert.equal(client.all('response.mcp_call_arguments.done')[0].arguments, call.arguments);
    assert.equal(client.all('response.mcp_call.in_progress')[0].item_id, call.id);
    assert.equal(client.all('response.mcp_call.completed')[0].item_id, call.id);
    assert.deepEqual(mcp.calls, [{ name: 'order_status', args: { order_number: 'A-1042' } }]);
    assert.ok(mcp.seen.length > 0 && mcp.seen.every((s) => s.authorization === 'Bearer token-123' && s.xTest === 'from-config'));

    say(client, 'And order_status "B-7"?');
    const second = output(await respond(client));
    answer(client, second[0], false, 'item_no_1', 'Not that order');
    const denied = output(await respond(client));
    assert.deepEqual(denied.map((i) => i.type), ['message']);
    assert.match(messageText(denied[0]), /did not run order_status\. Your reason: Not that order/);
    assert.equal(mcp.calls.length, 1, 'a denied call never reaches the server');

    client.send({ type: 'session.update', session: { type: 'realtime', tools: [{ ...shop, require_approval: 'never' }] } });
    await client.next('mcp_list_tools.completed');
    say(client, 'order_status "Z-0"');
    const failed = output(await respond(client));
    assert.deepEqual(failed[0].error, { type: 'tool_execution_error', message: 'No order Z-0.' });
    assert.equal(client.all('response.mcp_call.failed').length, 1);
    assert.match(messageText(failed[1]), /order_status tool failed: No order Z-0/);
    assert.deepEqual(invalidEvents(client.events), []);
    client.close();
  });

  it('a server that is down fails its listing with a readable error; a URL off this machine is never tried', async () => {
    const down = await startMcpTestServer();
    const downUrl = down.url;
    await down.close();
    const { client } = await openSession(sim.url);
    const tools = [
      { type: 'mcp', server_label: 'down', server_url: downUrl, require_approval: 'never' },
      { type: 'mcp', server_label: 'far', server_url: 'http://192.0.2.1:9/mcp', require_approval: 'never' },
    ];
    client.send({ type: 'session.update', session: { type: 'realtime', tools } });
    await client.next('mcp_list_tools.failed');
    await client.next('mcp_list_tools.failed');
    const errors = client.all('error').map((e) => (e.error as { code: string; message: string }));
    assert.equal(errors.length, 2);
    assert.ok(errors.every((e) => e.code === 'mcp_list_tools_failed'));
    assert.match(errors.find((e) => e.message.includes("'down'"))?.message ?? '', /ECONNREFUSED/);
    assert.match(errors.find((e) => e.message.includes("'far'"))?.message ?? '', /loopback only/);
    say(client, 'order_status "A-1042"');
    assert.deepEqual(output(await respond(client)).map((i) => i.type), ['message'], 'no tools from a failed server');
    assert.deepEqual(invalidEvents(client.events), []);
    client.close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RealtimeClient } from '../../lib/realtime';
import { validateClientEvent } from '../../lib/protocol/validate';
import { BLANK_MCP_SERVER, mcpProblems, parseHeaderLines, SIMULATOR_MCP_SERVER, toFileEntry, toMcpDefinition, type EditableMcpServer } from './mcpModel';
import { mcpSchemaProblems } from './schemaCheck';
import { applyServers } from './toolRegistry';
import { parseToolsFile, TEMPLATES, toolsFile } from './toolModel';
import { fuzzSeed, mulberry32 } from '../../../testing/seeded-random';

const shop: EditableMcpServer = {
  ...BLANK_MCP_SERVER,
  label: 'shop',
  url: 'http://127.0.0.1:8123/mcp',
  description: 'Orders',
  allowedTools: 'order_status, refund',
  approval: 'per-tool',
  unaskedTools: 'order_status',
  headers: 'X-Api-Key: secret-header\nX-Trace: on',
  authorization: 'oauth-token-1',
};
const server = (patch: Partial<EditableMcpServer>): EditableMcpServer => ({ ...shop, ...patch });

describe('MCP servers in the tool editor', () => {
  it('maps to the GA mcp tool, strictly valid in session.update', () => {
    const definition = toMcpDefinition(shop);
    assert.deepEqual(definition, {
      type: 'mcp',
      server_label: 'shop',
      server_url: 'http://127.0.0.1:8123/mcp',
      server_description: 'Orders',
      allowed_tools: ['order_status', 'refund'],
      require_approval: { never: { tool_names: ['order_status'] } },
      headers: { 'X-Api-Key': 'secret-header', 'X-Trace': 'on' },
      authorization: 'oauth-token-1',
    });
    for (const candidate of [shop, SIMULATOR_MCP_SERVER, server({ via: 'connector', connectorId: 'connector_gmail', approval: 'never', headers: '', authorization: '' })]) {
      assert.deepEqual(mcpSchemaProblems(candidate), [], candidate.label);
      assert.deepEqual(validateClientEvent({ type: 'session.update', session: { type: 'realtime', tools: [toMcpDefinition(candidate)] } }).errors, []);
    }
    assert.deepEqual(toMcpDefinition(server({ via: 'connector', connectorId: 'connector_gmail', approval: 'always', allowedTools: '', headers: '', authorization: '', description: '' })), {
      type: 'mcp',
      server_label: 'shop',
      connector_id: 'connector_gmail',
      require_approval: 'always',
    });
  });

  it('finds problems as the user types: label, URL, tools, policy, headers, token', () => {
    assert.deepEqual(mcpProblems(shop, []), []);
    assert.deepEqual(mcpProblems(server({ label: 'my shop' }), []), ['label: 1–64 letters, digits, _ or -']);
    assert.deepEqual(mcpProblems(shop, [shop]), ['label: another server is called "shop"']);
    assert.match(mcpProblems(server({ url: 'example.com/mcp' }), [])[0], /^URL: not a URL/);
    assert.deepEqual(mcpProblems(server({ url: 'ftp://example.com/mcp' }), []), ['URL: ftp: is not https:, http: or sim:']);
    assert.deepEqual(mcpProblems(server({ allowedTools: 'ok, bad!' }), []), ['tools: "bad!" is not a tool name']);
    assert.deepEqual(mcpProblems(server({ unaskedTools: ' ' }), []), ['approval: name the tools that may run without asking']);
    assert.deepEqual(mcpProblems(server({ headers: 'no colon here' }), []), ['headers: line 1 needs "Name: value"']);
    assert.deepEqual(mcpProblems(server({ headers: 'X-Key:' }), []), ['headers: X-Key has no value (secrets are not exported: enter it again)']);
    assert.deepEqual(mcpProblems(server({ headers: 'X-Key: a\nx-key: b' }), []), ['headers: x-key is given twice']);
    assert.deepEqual(mcpProblems(server({ authorization: 'Bearer abc' }), []), ['authorization: the token has spaces (give the token alone, without "Bearer")']);
    assert.deepEqual(parseHeaderLines('  A: 1 \n\n B :  two words ').headers, { A: '1', B: 'two words' });
  });

  it('exports and imports with the function tools, never with the secrets', () => {
    const file = toolsFile([TEMPLATES.lookup], [shop]);
    assert.doesNotMatch(file, /secret-header|oauth-token-1/);
    assert.deepEqual(JSON.parse(file).tools[1], {
      type: 'mcp',
      server_label: 'shop',
      server_url: 'http://127.0.0.1:8123/mcp',
      server_description: 'Orders',
      allowed_tools: ['order_status', 'refund'],
      require_approval: { never: { tool_names: ['order_status'] } },
      headers: { 'X-Api-Key': '', 'X-Trace': '' },
    });
    const back = parseToolsFile(file);
    assert.ok('servers' in back);
    assert.deepEqual(back.tools.map((t) => t.name), ['lookup_order']);
    assert.deepEqual(back.servers, [{ ...shop, headers: 'X-Api-Key:\nX-Trace:', authorization: '' }]);
    assert.match(mcpProblems(back.servers[0], []).join(), /X-Api-Key has no value/, 'an imported server says which secret to enter again');
    // A plain array of GA definitions, as an app would send them.
    const plain = parseToolsFile(JSON.stringify([toMcpDefinition(SIMULATOR_MCP_SERVER), { type: 'mcp', server_label: 'cal', connector_id: 'connector_googlecalendar', require_approval: 'never' }]));
    assert.ok('servers' in plain);
    assert.deepEqual(plain.servers.map((s) => [s.label, s.via, s.approval]), [['calculator', 'url', 'always'], ['cal', 'connector', 'never']]);
    assert.deepEqual(parseToolsFile('[{"type": "mcp"}]'), { error: 'tool 1: no server_label' });
    assert.deepEqual(toFileEntry(server({ headers: '', authorization: '' })).headers, undefined);
  });

  it('puts the servers on the client beside its functions, in one session.update', () => {
    const client = new RealtimeClient({ url: 'ws://127.0.0.1:9' });
    client.addTool({ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }, () => ({}));
    applyServers(client, [shop, server({ label: 'broken', url: 'nope' })]);
    const tools = client.getSessionConfig().tools ?? [];
    assert.deepEqual(tools.map((t) => ('server_label' in t ? `mcp:${t.server_label}` : `fn:${t.name}`)), ['mcp:shop', 'fn:f']);
    applyServers(client, []);
    assert.deepEqual((client.getSessionConfig().tools ?? []).map((t) => t.type), ['function']);
  });

  const seed = fuzzSeed();
  it(`imports any MCP entry without throwing, and what it calls sendable is strictly valid (seed ${seed})`, () => {
    const random = mulberry32(seed);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const values = [undefined, null, 3, '', 'x y', 'shop', 'sim://tools', 'https://example.com/mcp', 'connector_gmail', ['a', 'b'], ['a b'], { tool_names: ['a'] }, { never: { tool_names: ['a'] } }, { always: {} }, 'never', 'always', { 'X-K': 'v' }, { 'bad name': 1 }, true];
    const fields = ['server_label', 'server_url', 'connector_id', 'server_description', 'allowed_tools', 'require_approval', 'headers', 'authorization'];
    let sendable = 0;
    for (let i = 0; i < 300; i++) {
      const entry: Record<string, unknown> = { type: 'mcp' };
      for (const field of fields) if (random() < 0.6) entry[field] = pick(values);
      const parsed = parseToolsFile(JSON.stringify([entry]));
      if ('error' in parsed) continue;
      for (const parsedServer of parsed.servers) {
        if (mcpProblems(parsedServer, []).length) continue;
        sendable += 1;
        assert.deepEqual(mcpSchemaProblems(parsedServer), [], JSON.stringify(entry));
      }
    }
    assert.ok(sendable > 0, 'some random entries were sendable');
  });
});

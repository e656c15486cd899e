import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MCP_SECRET_REDACTED, withoutMcpSecrets } from './mcp-secrets';

const mcp = { type: 'mcp', server_label: 'shop', server_url: 'https://example.com/mcp', headers: { 'X-Api-Key': 'hdr-secret' }, authorization: 'tok-secret' };
const fn = { type: 'function', name: 'f', parameters: {} };

describe('MCP secrets', () => {
  it('are replaced in session.update, session.updated and response.create; the event itself is untouched', () => {
    const update = { type: 'session.update', session: { type: 'realtime', tools: [fn, mcp] as Array<Record<string, unknown>> } };
    const clean = withoutMcpSecrets(update);
    assert.deepEqual(clean.session.tools[1], { ...mcp, headers: { 'X-Api-Key': MCP_SECRET_REDACTED }, authorization: MCP_SECRET_REDACTED });
    assert.equal(clean.session.tools[0], fn);
    assert.equal(update.session.tools[1].authorization, 'tok-secret', 'the sent event keeps them');
    assert.doesNotMatch(JSON.stringify(withoutMcpSecrets({ type: 'session.updated', session: { tools: [mcp] } })), /secret/);
    assert.doesNotMatch(JSON.stringify(withoutMcpSecrets({ type: 'response.create', response: { tools: [mcp] } })), /secret/);
  });

  it('leaves every other event as it is (the same object)', () => {
    for (const event of [{ type: 'session.update', session: { tools: [fn] } }, { type: 'response.done', response: { tools: [mcp] } }, { type: 'session.update' }, null, 'text', { type: 'session.updated', session: { tools: 'x' } }]) {
      assert.equal(withoutMcpSecrets(event), event);
    }
  });
});

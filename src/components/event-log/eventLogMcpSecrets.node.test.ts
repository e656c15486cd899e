import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLogStore } from './eventLogStore';

const mcp = { type: 'mcp', server_label: 'shop', server_url: 'https://example.com/mcp', headers: { 'X-Api-Key': 'hdr-secret' }, authorization: 'tok-secret' };

describe('event log and MCP secrets', () => {
  it('never reach what the event log shows or its JSONL export', () => {
    const store = new EventLogStore({ loadValidator: null });
    const sent = store.append({ time: 1, source: 'client', event: { type: 'session.update', session: { type: 'realtime', tools: [mcp] } } });
    assert.doesNotMatch(JSON.stringify(store.entry(sent.seq)?.event), /secret/, 'what the log shows');
    store.append({ time: 2, source: 'server', event: { type: 'session.updated', event_id: 'e', session: { type: 'realtime', tools: [mcp] } } });
    const jsonl = store.exportJsonl().join('');
    assert.doesNotMatch(jsonl, /hdr-secret|tok-secret/);
    assert.match(jsonl, /"X-Api-Key":"\[redacted\]"/);
  });
});

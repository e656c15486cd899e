// The Live policy alone, fuzzed: whatever a browser or upstream sends, it decides without
// throwing, and what it forwards after a rewrite is the checked object's own serialisation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLivePolicy } from './live-policy';
import { DEFAULTS, DEFAULT_POLICY } from './config';

const policy = createLivePolicy(DEFAULT_POLICY, { liveModels: ['gpt-live-1'], liveInstructions: 'held', liveDelegation: { type: 'client' } }, { maxJsonDepth: DEFAULTS.maxJsonDepth, maxInspectedBytes: 4096 });

const SEEDS = [
  '{"type":"session.start","session":{"model":"gpt-live-1","input":[]}}',
  '{"type":"session.update","session":{"triggers":[]}}',
  '{"type":"response.item.create","item":{"type":"message","role":"user","content":"x"}}',
  '{"type":"session.started","event_id":"e","session":{"id":"s","expires_at":1,"model":"gpt-live-1","status":"active","instructions":"held","delegation":{"type":"responses","responses":{"model":"m","instructions":"p"}}}}',
];
const ODD = ['', '{', '}', '"', '\\', '[', ']', ',', ':', 'null', '"type"', '{"a":{"a":{"a":1}}}', '\u0000', 'é', '"session":{}', '"model":"x","model":"gpt-live-1"'];

test('decides every mutated frame without throwing, both ways', () => {
  let decisions = 0;
  for (let n = 0; n < 6000; n++) {
    const seed = SEEDS[n % SEEDS.length];
    const at = (n * 7919) % (seed.length + 1);
    const cut = (n * 104729) % 5;
    const frame = Buffer.from(seed.slice(0, at) + ODD[n % ODD.length] + seed.slice(at + cut));
    const client = policy.checkClient(frame);
    const server = policy.checkServer(frame);
    if (client.action === 'forward' && client.rewritten) assert.doesNotThrow(() => JSON.parse(String(client.data)));
    if (server.action === 'forward' && server.rewritten) assert.ok(!String(server.data).includes('"instructions":"held"'));
    decisions += 2;
  }
  assert.equal(decisions, 12_000);
  const deep = Buffer.from(`{"type":"session.start","session":${'['.repeat(200)}${']'.repeat(200)}}`);
  assert.equal(policy.checkClient(deep).action, 'deny');
  const dup = Buffer.from('{"type":"session.start","session":{"model":"gpt-live-1","model":"gpt-live-9"}}');
  assert.equal(policy.checkClient(dup).action, 'deny', 'duplicate keys: parsers could disagree on the model');
});

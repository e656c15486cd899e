// The simulator's MCP input surfaces under hostile input: server URLs from session.update (only
// loopback is ever reached, whatever the spelling) and tool names and messages from a server or a
// user (choosing a tool never throws).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkLoopbackUrl } from './loopback-url';
import { mcpToolRequest } from './mcp-intent';
import type { McpServerState } from '../reply-planner';
import { fuzzSeed, mulberry32 } from '../../testing/seeded-random';

const PIECES = ['http://', 'https://', 'sim://', 'ftp://', '127.0.0.1', '[::1]', 'localhost', 'evil.example', '@', ':', '/', '#', '?', '%00', '\\', '.', '0x7f', '2130706433', '[', ']', ' ', 'é', '::ffff:', '10.0.0.1', '..', 'user:pw'];

describe('MCP input fuzz', () => {
  const seed = fuzzSeed();
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

  it(`reaches only loopback hosts, whatever the URL (seed ${seed})`, async () => {
    const refused = ['http://127.0.0.1.evil.example/mcp', 'http://[::1]@evil.example/', 'http://evil.example#127.0.0.1', 'http://localhost.evil.example/', 'http://10.0.0.1/', 'file:///etc/passwd', 'http://0.0.0.0/'];
    for (const url of refused) assert.ok('error' in (await checkLoopbackUrl(url)), url);
    for (const url of ['http://127.0.0.1:1/mcp', 'http://[::1]:1/', 'http://0x7f.1/', 'https://127.9.9.9/']) assert.ok('url' in (await checkLoopbackUrl(url)), url);
    for (let i = 0; i < 400; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(PIECES)).join('');
      const checked = await checkLoopbackUrl(text);
      if ('url' in checked) assert.match(checked.url.hostname, /^(127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]|localhost)$/, text);
    }
  });

  it(`chooses a tool from any names and messages without throwing (seed ${seed})`, () => {
    const chars = 'ab_-.*+?^$()[]{}|\\"\'{}: 0123456789';
    const word = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(chars.split(''))).join('');
    for (let i = 0; i < 300; i++) {
      const tools = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ name: word(), input_schema: pick([{}, null, 'x', { properties: { a: { type: pick(['string', 'number', 'integer', 7]) } }, required: pick([['a'], 'a', [3]]) }]) }));
      const server: McpServerState = { label: 's', tools, needsApproval: () => false, call: async () => ({ output: '' }) };
      const text = `${word()} ${pick(tools).name} ${word()} ${pick(['{"a": 1}', '{', '"q"', '12'])}`;
      const found = mcpToolRequest(text, [server]);
      if (found) assert.ok(typeof JSON.parse(found.arguments) === 'object');
    }
  });
});

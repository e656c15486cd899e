// RESPONSES_STREAM_EVENT_TYPES is the `ResponseStreamEvent` union of the installed `openai`
// package: read from its declarations, member by member.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { RESPONSES_STREAM_EVENT_TYPES } from './responses-stream-events';

test('every ResponseStreamEvent member type, and nothing else', () => {
  const text = readFileSync(join(dirname(require.resolve('openai')), 'resources/responses/responses.d.ts'), 'utf8');
  const union = /^export type ResponseStreamEvent = ([^;]+);/m.exec(text);
  assert.ok(union, 'ResponseStreamEvent is declared');
  const types = union[1].split('|').flatMap((name) => {
    const body = new RegExp(`^export interface ${name.trim()} \\{([\\s\\S]*?)^\\}`, 'm').exec(text);
    assert.ok(body, `${name.trim()} is declared`);
    return [...body[1].matchAll(/^\s*type: '([^']+)';/gm)].map((m) => m[1]);
  });
  assert.deepEqual([...RESPONSES_STREAM_EVENT_TYPES].sort(), [...new Set(types)].sort());
});

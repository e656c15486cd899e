import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLiveProtocolSchema } from './live-protocol-schema-builder';

test('the committed Live schema matches the installed openai live types (run `npm run schema`)', () => {
  const committed = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'lib', 'protocol', 'live-protocol.schema.json'), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(buildLiveProtocolSchema())));
});

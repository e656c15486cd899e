import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProtocolSchema } from './protocol-schema-builder';

test('the committed protocol schema matches the installed openai types (run `npm run schema`)', () => {
  const committed = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'lib', 'protocol', 'protocol.schema.json'), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(buildProtocolSchema())));
});

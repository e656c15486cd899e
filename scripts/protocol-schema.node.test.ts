import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProtocolSchema } from './protocol-schema-builder';
import { validateClientEvent } from '../src/lib/protocol/validate';
import { officialProtocol } from '../testing/official-protocol';

test('the committed protocol schema matches the installed openai types (run `npm run schema`)', () => {
  const committed = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'lib', 'protocol', 'protocol.schema.json'), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(buildProtocolSchema())));
});

test('session.update may turn transcription / noise reduction off with null (both session types), as in the official schema', () => {
  const sessions = [
    { type: 'realtime', audio: { input: { transcription: null, noise_reduction: null } } },
    { type: 'transcription', audio: { input: { transcription: null, noise_reduction: null } } },
  ];
  const official = officialProtocol();
  for (const session of sessions) {
    const event = { type: 'session.update', session };
    const ours = validateClientEvent(event);
    assert.equal(ours.valid, true, `${session.type}: ${ours.errors.join('; ')}`);
    if (official) assert.equal(official.validate('client', event).valid, true, `official ${session.type}`);
    // Still strict: a wrong shape there is refused.
    const wrong = { type: 'session.update', session: { ...session, audio: { input: { transcription: 'off' } } } };
    assert.equal(validateClientEvent(wrong).valid, false, `${session.type}: a string is no transcription`);
  }
});

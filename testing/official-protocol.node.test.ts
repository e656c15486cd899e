import { test } from 'node:test';
import assert from 'node:assert/strict';
import { officialProtocol } from './official-protocol';
import { validateClientEvent, validateServerEvent } from '../src/lib/protocol/validate';

const official = officialProtocol();

test('the project schema and the official schema agree on the spec examples', { skip: official ? false : 'no ../shared/realtime-protocol' }, () => {
  assert.ok(official);
  const disagreements: string[] = [];
  for (const direction of ['client', 'server'] as const) {
    for (const [type, example] of Object.entries(official.examples[direction])) {
      const ours = direction === 'client' ? validateClientEvent(example) : validateServerEvent(example);
      const theirs = official.validate(direction, example);
      if (ours.valid !== theirs.valid) disagreements.push(`${direction} ${type}: ours ${ours.errors.join('; ') || 'ok'} / official ${theirs.errors.join('; ') || 'ok'}`);
    }
  }
  assert.deepEqual(disagreements, []);
});

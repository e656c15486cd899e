import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADDED_PROPERTIES, buildProtocolSchema, OFFICIAL_CONSTRAINTS, PROSE_CONSTRAINTS } from './protocol-schema-builder';
import { CLIENT_EVENT_TYPES, SERVER_EVENT_TYPES, validateClientEvent } from '../src/lib/protocol/validate';
import { officialProtocol } from '../testing/official-protocol';
import { compareConstraints, type EventIndex, type SchemaNode } from '../testing/schema-constraints';

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

const official = officialProtocol();
const skipWithoutOfficial = { skip: official ? false : 'no ../shared/realtime-protocol' };
function readOfficial<T>(name: string): T {
  assert.ok(official);
  return JSON.parse(readFileSync(join(official.folder, name), 'utf8')) as T;
}

test('no integer type, range, length or pattern of the official schema is missing from ours (else extend OFFICIAL_CONSTRAINTS)', skipWithoutOfficial, () => {
  const bundle = readOfficial<{ $defs: Record<string, SchemaNode> }>('realtime-ga.schema.json');
  const index = readOfficial<{ ga: EventIndex }>('events-index.json').ga;
  const ours = JSON.parse(readFileSync(join(__dirname, '..', 'src', 'lib', 'protocol', 'protocol.schema.json'), 'utf8'));
  const { constraints, looser, absent } = compareConstraints(bundle, index, ours, { client: CLIENT_EVENT_TYPES, server: SERVER_EVENT_TYPES });
  // The walk really finds them: speed's range and audio_end_ms's integer type at least.
  assert.ok(constraints.length > 150, `only ${constraints.length} official constraints found`);
  assert.ok(constraints.some((c) => c.event === 'client session.update' && c.path.endsWith('/output/speed') && c.keyword === 'maximum'));
  const explain = (c: { event: string; path: string; keyword: string; value: unknown; source: string }) =>
    `${c.event} ${c.path}: ${c.keyword} ${JSON.stringify(c.value)} (${c.source})`;
  assert.deepEqual(looser.map((c) => `${explain(c)} -> ours ${c.ours}`), []);
  // Each official constraint meets a field of ours: the branch tags line the two schemas up.
  assert.deepEqual(absent.map(explain), []);
});

test('every official source the constraint list cites exists in the official schema and says what the entry sets', skipWithoutOfficial, () => {
  const bundle = readOfficial<{ $defs: Record<string, SchemaNode> }>('realtime-ga.schema.json');
  const resolve = (pointer: string): SchemaNode | undefined =>
    pointer
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], bundle) as SchemaNode | undefined;
  const cited = (source: string) => Array.from(source.matchAll(/realtime-ga\.schema\.json(#\/\$defs\/[^\s;]+)/g), (m) => m[1]);
  for (const [at, set, source] of OFFICIAL_CONSTRAINTS) {
    const pointers = cited(source);
    assert.ok(pointers.length > 0, `${at}: no official pointer in "${source}"`);
    for (const pointer of pointers) {
      const node = resolve(pointer);
      assert.ok(node, `${at}: ${pointer} does not exist`);
      const types = ([] as unknown[]).concat(node.type);
      if (set.type === 'integer') assert.ok(types.includes('integer'), `${at}: ${pointer} is not an integer`);
      for (const keyword of ['minimum', 'maximum', 'minItems', 'maxItems', 'maxLength', 'pattern'] as const) {
        if (set[keyword] !== undefined) assert.equal(node[keyword], set[keyword], `${at}: ${pointer} ${keyword}`);
      }
    }
  }
  for (const [at, , source] of [...PROSE_CONSTRAINTS, ...ADDED_PROPERTIES.map(([def, property, , src]) => [`${def}/${property}`, null, src] as const)]) {
    for (const pointer of cited(source)) assert.ok(resolve(pointer), `${at}: ${pointer} does not exist`);
  }
});

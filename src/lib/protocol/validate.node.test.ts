import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_EVENT_TYPES, SERVER_EVENT_TYPES, validateClientEvent, validateServerEvent } from './validate';

test('indexes every client and server event type of the GA protocol', () => {
  assert.ok(CLIENT_EVENT_TYPES.has('session.update'));
  assert.ok(CLIENT_EVENT_TYPES.has('input_audio_buffer.append'));
  assert.ok(SERVER_EVENT_TYPES.has('response.output_audio.delta'));
  assert.ok(SERVER_EVENT_TYPES.has('conversation.item.added'));
  assert.ok(!SERVER_EVENT_TYPES.has('response.audio.delta'), 'beta event names are not GA');
});

test('accepts a GA session.update', () => {
  const result = validateClientEvent({
    type: 'session.update',
    session: {
      type: 'realtime',
      instructions: 'Be brief.',
      output_modalities: ['audio'],
      audio: {
        input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'server_vad', threshold: 0.5 } },
        output: { voice: 'marin', speed: 1.1 },
      },
    },
  });
  assert.deepEqual(result.errors, []);
  assert.equal(result.valid, true);
});

test('rejects a beta-shaped session.update with a readable error', () => {
  const result = validateClientEvent({ type: 'session.update', session: { type: 'realtime', voice: 'alloy' } });
  assert.equal(result.valid, false);
  assert.ok(result.errors.some((e) => e.includes('voice')), result.errors.join('\n'));
});

test('rejects unknown event types and non-objects', () => {
  assert.match(validateClientEvent({ type: 'response.audio.delta' }).errors[0], /unknown client event type/);
  assert.equal(validateClientEvent('hello').valid, false);
  assert.equal(validateClientEvent({}).valid, false);
});

test('server events: strict rejects undeclared fields, lenient accepts them', () => {
  const event = {
    type: 'response.output_audio.delta',
    event_id: 'event_1',
    response_id: 'resp_1',
    item_id: 'item_1',
    output_index: 0,
    content_index: 0,
    delta: 'AAAA',
  };
  assert.equal(validateServerEvent(event, { strict: true }).valid, true);
  const extended = { ...event, future_field: 1 };
  assert.equal(validateServerEvent(extended, { strict: true }).valid, false);
  assert.equal(validateServerEvent(extended).valid, true);
  assert.equal(validateServerEvent({ ...event, delta: 5 }).valid, false);
});

test('session.created carries the response shape the server really sends', () => {
  const event = {
    type: 'session.created',
    event_id: 'event_1',
    session: { type: 'realtime', object: 'realtime.session', id: 'sess_1', model: 'gpt-realtime', output_modalities: ['audio'] },
  };
  assert.deepEqual(validateServerEvent(event, { strict: true }).errors, []);
});

test('indexes the 46 server and 11 client event types the openai package declares', () => {
  assert.equal(SERVER_EVENT_TYPES.size, 46);
  assert.equal(CLIENT_EVENT_TYPES.size, 11);
});

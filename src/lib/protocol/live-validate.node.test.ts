import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LIVE_CLIENT_EVENT_TYPES,
  LIVE_SERVER_EVENT_TYPES,
  validateLiveClientEvent,
  validateLiveServerEvent,
  validateLiveSessionConfig,
} from './live-validate';

test('the Live schema holds the package union: 15 client and 28 server event types', () => {
  assert.equal(LIVE_CLIENT_EVENT_TYPES.size, 15);
  assert.equal(LIVE_SERVER_EVENT_TYPES.size, 28);
  for (const type of ['session.start', 'session.input_audio.append', 'session.commentary.append', 'response.item.create', 'response.create', 'session.close']) {
    assert.ok(LIVE_CLIENT_EVENT_TYPES.has(type), type);
  }
  for (const type of ['session.started', 'session.delegation.created', 'response.event', 'session.usage.updated', 'session.closed']) {
    assert.ok(LIVE_SERVER_EVENT_TYPES.has(type), type);
  }
  // No Realtime name leaks in: Live has no items, responses to cancel or input commits.
  for (const type of ['input_audio_buffer.commit', 'response.cancel', 'conversation.item.truncate']) assert.ok(!LIVE_CLIENT_EVENT_TYPES.has(type), type);
});

test('session config: strict, with the package shapes (format, voice, Responses delegation with function tools)', () => {
  const good = {
    model: 'gpt-live-1',
    instructions: 'Be brief.',
    audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: 'marin' } },
    delegation: { type: 'responses', responses: { model: 'gpt-5.5', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] } },
  };
  assert.deepEqual(validateLiveSessionConfig(good).errors, []);
  assert.deepEqual(validateLiveSessionConfig({ model: 'gpt-live-1', voice: 'marin' }).errors, ['/: must NOT have additional properties (voice)']);
  assert.equal(validateLiveSessionConfig({ instructions: 'x' }).valid, false, 'model is required');
  assert.equal(validateLiveSessionConfig({ model: 'gpt-live-1', audio: { format: { type: 'audio/pcm', rate: 44100 } } }).valid, false, 'PCM is 16 or 24 kHz');
});

test('client events: appends need delegation_id (nullable), response.item.create takes a Responses input item', () => {
  assert.equal(validateLiveClientEvent({ type: 'session.commentary.append', content: 'Sunny.', delegation_id: null }).valid, true);
  assert.equal(validateLiveClientEvent({ type: 'session.commentary.append', content: 'Sunny.' }).valid, false, 'delegation_id is required');
  assert.equal(validateLiveClientEvent({ type: 'response.item.create', item: { type: 'function_call_output', call_id: 'call_1', output: '{"t":1}' } }).valid, true);
  assert.equal(validateLiveClientEvent({ type: 'response.item.create', item: { type: 'function_call_output', call_id: 'call_1', output: '{}', extra: 1 } }).valid, false);
  assert.equal(validateLiveClientEvent({ type: 'input_audio_buffer.commit' }).valid, false);
});

test('server events: strict for the simulator, lenient for a live server', () => {
  const delta = { type: 'session.input_transcript.delta', event_id: 'event_1', delta: 'hi', start_ms: 0, end_ms: 200 };
  assert.equal(validateLiveServerEvent(delta, { strict: true }).valid, true);
  assert.equal(validateLiveServerEvent({ ...delta, item_id: 'x' }, { strict: true }).valid, false);
  assert.equal(validateLiveServerEvent({ ...delta, item_id: 'x' }).valid, true);
  assert.equal(validateLiveServerEvent({ type: 'session.usage.updated', event_id: 'e', usage: { seconds: 15 }, context_window: { usage_ratio: 0.01 } }, { strict: true }).valid, true);
});

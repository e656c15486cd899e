// Integer types, ranges and list lengths the openai types cannot express (issue 12, item 11),
// and what strict validation must accept (item 12). Each refusal here is one the real API makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateClientEvent, validateServerEvent, type ValidationResult } from './validate';

const session = (patch: Record<string, unknown>) => ({ type: 'session.update', session: { type: 'realtime', ...patch } });
const turnDetection = (patch: Record<string, unknown>) =>
  session({ audio: { input: { turn_detection: { type: 'server_vad', ...patch } } } });
const truncate = (audio_end_ms: number) => ({ type: 'conversation.item.truncate', item_id: 'item_1', content_index: 0, audio_end_ms });

function refused(result: ValidationResult, message: string): void {
  assert.equal(result.valid, false, `accepted; expected "${message}"`);
  assert.ok(result.errors.includes(message), `expected "${message}" among:\n${result.errors.join('\n')}`);
}

function accepted(result: ValidationResult): void {
  assert.deepEqual(result.errors, []);
}

test('speed is 0.25 to 1.5', () => {
  refused(validateClientEvent(session({ audio: { output: { speed: 3 } } })), '/session/audio/output/speed: must be <= 1.5');
  refused(validateClientEvent(session({ audio: { output: { speed: 0.2 } } })), '/session/audio/output/speed: must be >= 0.25');
  accepted(validateClientEvent(session({ audio: { output: { speed: 1.5 } } })));
  accepted(validateClientEvent(session({ audio: { output: { speed: 0.25 } } })));
});

test('idle_timeout_ms is an integer from 5000 to 30000 (or null)', () => {
  const at = '/session/audio/input/turn_detection/idle_timeout_ms';
  refused(validateClientEvent(turnDetection({ idle_timeout_ms: 100 })), `${at}: must be >= 5000`);
  refused(validateClientEvent(turnDetection({ idle_timeout_ms: 30001 })), `${at}: must be <= 30000`);
  refused(validateClientEvent(turnDetection({ idle_timeout_ms: 6000.5 })), `${at}: must be integer,null`);
  accepted(validateClientEvent(turnDetection({ idle_timeout_ms: 5000 })));
  accepted(validateClientEvent(turnDetection({ idle_timeout_ms: null })));
  // A transcription session's server VAD takes the same field and range.
  const transcription = { type: 'session.update', session: { type: 'transcription', audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 100 } } } } };
  assert.equal(validateClientEvent(transcription).valid, false);
});

test('max_output_tokens is an integer from 1 to 4096, or "inf"', () => {
  const response = (max_output_tokens: unknown) => ({ type: 'response.create', response: { max_output_tokens } });
  refused(validateClientEvent(response(12.5)), '/response/max_output_tokens: must be integer');
  refused(validateClientEvent(response(0)), '/response/max_output_tokens: must be >= 1');
  refused(validateClientEvent(response(4097)), '/response/max_output_tokens: must be <= 4096');
  refused(validateClientEvent(session({ max_output_tokens: 12.5 })), '/session/max_output_tokens: must be integer');
  accepted(validateClientEvent(response(4096)));
  accepted(validateClientEvent(response('inf')));
  accepted(validateClientEvent(session({ max_output_tokens: 1 })));
});

test('audio_end_ms and the indexes are integers, in what a client sends and what a server sends', () => {
  refused(validateClientEvent(truncate(10.5)), '/audio_end_ms: must be integer');
  accepted(validateClientEvent(truncate(10)));
  refused(validateClientEvent({ ...truncate(10), content_index: 0.5 }), '/content_index: must be integer');
  const truncated = { type: 'conversation.item.truncated', event_id: 'event_1', item_id: 'item_1', content_index: 0, audio_end_ms: 10.5 };
  refused(validateServerEvent(truncated), '/audio_end_ms: must be integer');
  const delta = { type: 'response.output_audio.delta', event_id: 'e', response_id: 'r', item_id: 'i', output_index: 1.5, content_index: 0, delta: 'AAAA' };
  refused(validateServerEvent(delta), '/output_index: must be integer');
});

test('output_modalities holds exactly one modality: the API cannot do audio and text at once', () => {
  refused(validateClientEvent(session({ output_modalities: ['audio', 'text'] })), '/session/output_modalities: must NOT have more than 1 items');
  refused(
    validateClientEvent({ type: 'response.create', response: { output_modalities: ['audio', 'text'] } }),
    '/response/output_modalities: must NOT have more than 1 items',
  );
  accepted(validateClientEvent(session({ output_modalities: ['text'] })));
  accepted(validateClientEvent({ type: 'response.create', response: { output_modalities: ['audio'] } }));
});

test('the range holds in what the server echoes too, strict or lenient', () => {
  const updated = {
    type: 'session.updated',
    event_id: 'event_1',
    session: { type: 'realtime', object: 'realtime.session', id: 'sess_1', audio: { output: { speed: 3 } } },
  };
  refused(validateServerEvent(updated), '/session/audio/output/speed: must be <= 1.5');
  refused(validateServerEvent(updated, { strict: true }), '/session/audio/output/speed: must be <= 1.5');
});

test('VAD threshold is 0 to 1, metadata at most 16 pairs of short strings, event_id at most 512 characters', () => {
  refused(validateClientEvent(turnDetection({ threshold: 1.5 })), '/session/audio/input/turn_detection/threshold: must be <= 1');
  const metadata = (pairs: number, value = 'v') => ({ type: 'response.create', response: { metadata: Object.fromEntries(Array.from({ length: pairs }, (_, i) => [`k${i}`, value])) } });
  accepted(validateClientEvent(metadata(16)));
  refused(validateClientEvent(metadata(17)), '/response/metadata: must NOT have more than 16 properties');
  refused(validateClientEvent(metadata(1, 'x'.repeat(513))), '/response/metadata/k0: must NOT have more than 512 characters');
  refused(validateClientEvent({ type: 'input_audio_buffer.commit', event_id: 'e'.repeat(513) }), '/event_id: must NOT have more than 512 characters');
});

test('a transcription delta may carry obfuscation, even under strict validation', () => {
  const delta = { type: 'conversation.item.input_audio_transcription.delta', event_id: 'e', item_id: 'item_1', content_index: 0, delta: 'Hel', obfuscation: 'x3kq' };
  accepted(validateServerEvent(delta, { strict: true }));
  assert.equal(validateServerEvent({ ...delta, obfuscation: 5 }, { strict: true }).valid, false, 'still a string');
  assert.equal(validateServerEvent({ ...delta, unknown_field: 1 }, { strict: true }).valid, false, 'still strict');
});

test('response.create input may reference existing items; conversation.item.create may not', () => {
  const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Summarise.' }] };
  const reference = { type: 'item_reference', id: 'item_1' };
  accepted(validateClientEvent({ type: 'response.create', response: { conversation: 'none', input: [reference, user] } }));
  assert.equal(validateClientEvent({ type: 'response.create', response: { input: [{ type: 'item_reference' }] } }).valid, false, 'an id is required');
  assert.equal(validateClientEvent({ type: 'response.create', response: { input: [{ ...reference, extra: 1 }] } }).valid, false, 'still strict');
  assert.equal(validateClientEvent({ type: 'conversation.item.create', item: reference }).valid, false);
});

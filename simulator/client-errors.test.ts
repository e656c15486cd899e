import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeValidationFailure, dottedPath } from './client-errors';
import { validateClientEvent } from '../src/lib/protocol/validate';

const errorFor = (event: unknown) => describeValidationFailure(event, validateClientEvent(event));

describe('client event errors', () => {
  it('turns JSON pointers into the API param paths', () => {
    assert.equal(dottedPath('/session/audio/input/turn_detection'), 'session.audio.input.turn_detection');
    assert.equal(dottedPath('/item/content/2/type'), 'item.content[2].type');
    assert.equal(dottedPath('/'), '');
  });

  it('names beta-shaped fields as unknown parameters', () => {
    const error = errorFor({ type: 'session.update', session: { type: 'realtime', turn_detection: { type: 'server_vad' } } });
    assert.deepEqual(error, {
      type: 'invalid_request_error',
      code: 'unknown_parameter',
      message: "Unknown parameter: 'session.turn_detection'.",
      param: 'session.turn_detection',
    });
  });

  it('reports a missing item field', () => {
    const error = errorFor({ type: 'conversation.item.truncate', item_id: 'x', content_index: 0 });
    assert.equal(error.code, 'missing_required_parameter');
    assert.equal(error.param, 'audio_end_ms');
  });

  it('a value out of range in a realtime session names that value, not the transcription branch\'s fields', () => {
    assert.deepEqual(errorFor({ type: 'session.update', session: { type: 'realtime', audio: { output: { speed: 3 } } } }), {
      type: 'invalid_request_error',
      code: 'invalid_value',
      message: "Invalid value for 'session.audio.output.speed': must be <= 1.5.",
      param: 'session.audio.output.speed',
    });
    const idle = errorFor({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: { type: 'server_vad', idle_timeout_ms: 100 } } } } });
    assert.equal(idle.param, 'session.audio.input.turn_detection.idle_timeout_ms');
    assert.equal(errorFor({ type: 'session.update', session: { type: 'realtime', output_modalities: ['audio', 'text'] } }).param, 'session.output_modalities');
  });

  it('an unknown or missing session type is named as such', () => {
    const unknown = errorFor({ type: 'session.update', session: { type: 'bogus' } });
    assert.equal(unknown.code, 'invalid_value');
    assert.equal(unknown.param, 'session.type');
    assert.match(unknown.message, /"realtime","transcription"/);
    assert.deepEqual(errorFor({ type: 'session.update', session: { instructions: 'x' } }).param, 'session.type');
    assert.equal(errorFor({ type: 'session.update', session: { instructions: 'x' } }).code, 'missing_required_parameter');
  });
});

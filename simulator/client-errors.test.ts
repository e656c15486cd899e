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
});

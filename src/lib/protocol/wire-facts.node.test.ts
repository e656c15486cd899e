// The wire facts shared by the relay, the simulator and the console (close codes, subprotocols,
// the `error` event, the simulator's session prefix) hold as the RFC and the API define them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSendableCode, MAX_REASON_BYTES, truncateReason, utf8ByteLength } from './close-codes';
import { errorEvent } from './error-events';
import { isSimulatorSessionId, SIMULATOR_SESSION_PREFIX } from './simulator-ids';
import { apiKeySubprotocols, isSecretSubprotocol, parseSubprotocols, subprotocolValue } from './subprotocols';
import { validateServerEvent } from './validate';

test('UTF-8 lengths match Node, lone surrogates included; a cut reason fits a close frame', () => {
  for (const text of ['', 'abc', 'é', '€', '😀', '\ud800', '\udc00x', 'a\ud83d', 'é'.repeat(100) + '😀'.repeat(30)]) {
    assert.equal(utf8ByteLength(text), Buffer.byteLength(text), JSON.stringify(text));
    assert.ok(Buffer.byteLength(truncateReason(text.repeat(20))) <= MAX_REASON_BYTES);
  }
  assert.equal(truncateReason('short'), 'short');
});

test('sendable close codes: 1000–1014 less 1004/1005/1006, and 3000–4999', () => {
  const sendable = [1000, 1001, 1003, 1007, 1008, 1011, 1013, 1014, 3000, 4000, 4999];
  const not = [999, 1004, 1005, 1006, 1015, 1016, 2999, 5000];
  for (const code of sendable) assert.equal(isSendableCode(code), true, String(code));
  for (const code of not) assert.equal(isSendableCode(code), false, String(code));
});

test('subprotocols: parsed from the header, secrets recognised, values read after their prefix', () => {
  const offered = parseSubprotocols(' realtime , openai-insecure-api-key.sk-1,, relay-token.t ');
  assert.deepEqual(offered, ['realtime', 'openai-insecure-api-key.sk-1', 'relay-token.t']);
  assert.deepEqual(parseSubprotocols(undefined), []);
  assert.equal(subprotocolValue(offered, 'openai-insecure-api-key.'), 'sk-1');
  assert.equal(subprotocolValue(offered, 'absent.'), null);
  assert.deepEqual(offered.map(isSecretSubprotocol), [false, true, true]);
  assert.deepEqual(apiKeySubprotocols('ek_1'), ['realtime', 'openai-insecure-api-key.ek_1']);
});

test('the error event is a valid GA server event; the simulator prefix marks only simulator sessions', () => {
  const event = errorEvent('event_1', { code: 'invalid_value', message: 'no', param: 'session.voice', clientEventId: 'c1' });
  assert.deepEqual(validateServerEvent(event, { strict: true }).errors, []);
  assert.deepEqual(event.error, { type: 'invalid_request_error', code: 'invalid_value', message: 'no', param: 'session.voice', event_id: 'c1' });
  assert.equal(isSimulatorSessionId(`${SIMULATOR_SESSION_PREFIX}abc`), true);
  assert.equal(isSimulatorSessionId('sess_abc'), false);
  assert.equal(isSimulatorSessionId(undefined), false);
});

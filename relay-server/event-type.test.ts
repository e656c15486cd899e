import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanEventType } from './event-type';

const scan = (text: string) => scanEventType(Buffer.from(text, 'utf8'));

test('reads the top-level type wherever it sits, skipping nested types and big strings', () => {
  assert.deepEqual(scan('{"type":"input_audio_buffer.append","audio":"AAAA"}'), { ok: true, type: 'input_audio_buffer.append' });
  assert.deepEqual(scan(' {\n "event_id": "e1", "session": {"type": "realtime", "tools": [{"type":"function"}]}, "type" : "session.update" } '), { ok: true, type: 'session.update' });
  const audio = 'A'.repeat(1_000_000);
  assert.deepEqual(scan(`{"audio":"${audio}","type":"input_audio_buffer.append"}`), { ok: true, type: 'input_audio_buffer.append' });
  assert.deepEqual(scan('{"a":"x\\"}{[","b":[1,{"c":"]"}],"n":-1.5e3,"t":true,"f":false,"z":null,"type":"x.y"}'), { ok: true, type: 'x.y' });
});

test('decodes escapes in the key and the value like a JSON parser', () => {
  assert.deepEqual(scan('{"typ\\u0065":"session.upd\\u0061te"}'), { ok: true, type: 'session.update' });
  const tricky = '{"\\u0074\\u0079\\u0070\\u0065":"response.create"}';
  assert.equal((JSON.parse(tricky) as { type: string }).type, 'response.create');
  assert.deepEqual(scan(tricky), { ok: true, type: 'response.create' });
});

test('fails closed on anything a parser could read differently', () => {
  const bad = [
    '',
    'null',
    '[{"type":"x"}]',
    '"type"',
    '{"type":"a","type":"b"}',
    '{"type":"a","typ\\u0065":"b"}',
    '{"type":1}',
    '{"type":""}',
    '{"nested":{"type":"x"}}',
    '{"type":"x"} {"type":"y"}',
    '{"type":"x",}',
    '{"type":"x" "a":1}',
    "{'type':'x'}",
    '{"type":"x", /* c */ "a":1}',
    '{"type":"x","a":[1,2}',
    '{"type":"x","a":"unterminated}',
    '{"type":"x","a":tru}',
    '{"type":"x","a":01}',
    '{"type":"bad\\q"}',
    `{"type":"${'x'.repeat(200)}"}`,
    // Not an event type: these only ever serve to forge a log line or hide a look-alike.
    '{"type":"caf\\u00e9"}',
    '{"type":"é"}',
    '{"type":"a b"}',
    '{"type":"a\\nb"}',
    '{"type":"a\\u001bb"}',
  ];
  for (const text of bad) {
    const result = scan(text);
    assert.equal(result.ok, false, `accepted: ${text}`);
  }
});

test('agrees with JSON.parse on the type of every valid object it accepts', () => {
  const samples = [
    '{"type":"a"}',
    '{"x":{"type":"b"},"type":"a","y":[{"type":"c"}]}',
    '{"type":"a\\/b"}',
  ];
  for (const text of samples) {
    const result = scan(text);
    assert.ok(result.ok, text);
    assert.equal(result.type, (JSON.parse(text) as { type: string }).type);
  }
});

// POST /v1/realtime/client_secrets on a real simulator on loopback: the answer's shape, the
// expiry (on a clock the test moves), the refusals, and the key at work on the WebSocket.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../server';
import { connectClient, openSession, invalidEvents, received } from '../test-support';
import { EXPIRY_LIMITS } from './ephemeral-keys';

const STANDARD_KEY = 'sk-sim-standard';
let sim: RunningSimulator;
let base: string;
let clockMs = Date.UTC(2026, 11, 1, 2, 0, 0);

before(async () => {
  sim = await startSimulator({ port: 0, apiKey: STANDARD_KEY, speed: 20, nowMs: () => clockMs });
  base = `http://127.0.0.1:${sim.port}`;
});
after(() => sim.close());

async function mint(body: unknown, key: string | null = STANDARD_KEY, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${base}/v1/realtime/client_secrets`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function errorOf(json: Record<string, unknown>): { code: string | null; param: string | null; message: string; type: string } {
  return json.error as { code: string | null; param: string | null; message: string; type: string };
}

test('a standard key mints an ek_ key with the session it asked for and the default 600 s expiry', async () => {
  const { status, json } = await mint({ session: { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.', audio: { output: { voice: 'marin' } } } });
  assert.equal(status, 200);
  assert.match(json.value as string, /^ek_[0-9a-f]{32}$/);
  assert.equal(json.expires_at, Math.floor(clockMs / 1000) + EXPIRY_LIMITS.defaultSeconds);
  const session = json.session as { type: string; object: string; id: string; model: string; instructions: string; audio: { output: { voice: string } } };
  assert.equal(session.type, 'realtime');
  assert.equal(session.object, 'realtime.session');
  assert.match(session.id, /^sess_/);
  assert.equal(session.model, 'gpt-realtime');
  assert.equal(session.instructions, 'Be brief.');
  assert.equal(session.audio.output.voice, 'marin');
  assert.deepEqual(Object.keys(json).sort(), ['expires_at', 'session', 'value']);
});

test('expires_after.seconds sets the expiry; the key works until then on several sessions, and not after', async () => {
  const { json } = await mint({ expires_after: { anchor: 'created_at', seconds: 10 }, session: { type: 'realtime', instructions: 'From the key.' } });
  const key = json.value as string;
  assert.equal(json.expires_at, Math.floor(clockMs / 1000) + 10);
  for (let i = 0; i < 2; i++) {
    const { client, session } = await openSession(sim.url, { key });
    assert.equal((session.session as { instructions: string }).instructions, 'From the key.');
    client.close();
  }
  clockMs += 10_000;
  const client = await connectClient(sim.url, { key });
  const error = await client.next('error');
  assert.equal((error.error as { code: string }).code, 'invalid_api_key');
  assert.match((error.error as { message: string }).message, /expired/);
  assert.equal((await client.closed).code, 1008);
  assert.equal(client.all('session.created').length, 0, 'an expired key must not open a session');
});

test('an expired key cannot mint either', async () => {
  const { json } = await mint({ expires_after: { seconds: 10 } });
  clockMs += 11_000;
  const refused = await mint({}, json.value as string);
  assert.equal(refused.status, 401);
  assert.equal(errorOf(refused.json).code, 'invalid_api_key');
  assert.match(errorOf(refused.json).message, /expired/);
});

test('an unexpired ephemeral key cannot mint another: client secrets need the standard key', async () => {
  const { json } = await mint({});
  const refused = await mint({}, json.value as string);
  assert.equal(refused.status, 401);
  assert.match(errorOf(refused.json).message, /standard API key/);
});

test('refusals: no key, a wrong key, bad expiry, unknown fields, bad session, bad JSON, wrong method', async () => {
  const cases: Array<[string, () => Promise<{ status: number; json: Record<string, unknown> }>, number, string | null, string | null]> = [
    ['no key', () => mint({}, null), 401, 'missing_api_key', null],
    ['wrong key', () => mint({}, 'sk-wrong-key-123'), 401, 'invalid_api_key', null],
    ['seconds too small', () => mint({ expires_after: { seconds: 9 } }), 400, 'integer_out_of_range', 'expires_after.seconds'],
    ['seconds too large', () => mint({ expires_after: { seconds: 7201 } }), 400, 'integer_out_of_range', 'expires_after.seconds'],
    ['seconds not an integer', () => mint({ expires_after: { seconds: 60.5 } }), 400, 'invalid_type', 'expires_after.seconds'],
    ['another anchor', () => mint({ expires_after: { anchor: 'now' } }), 400, 'invalid_value', 'expires_after.anchor'],
    ['unknown top-level field', () => mint({ expires_in: 60 }), 400, 'unknown_parameter', 'expires_in'],
    ['unknown session field', () => mint({ session: { type: 'realtime', voice: 'alloy' } }), 400, 'unknown_parameter', 'session.voice'],
    ['session without type', () => mint({ session: { model: 'gpt-realtime' } }), 400, 'missing_required_parameter', 'session.type'],
    ['transcription session', () => mint({ session: { type: 'transcription' } }), 400, 'invalid_value', 'session.type'],
    ['body not JSON', () => mint('{"expires_after":'), 400, 'invalid_json', null],
    ['body an array', () => mint([]), 400, 'invalid_type', null],
    ['not JSON content type', () => mint('{}', STANDARD_KEY, 'text/plain'), 400, 'invalid_content_type', null],
  ];
  for (const [name, run, status, code, param] of cases) {
    const { status: got, json } = await run();
    assert.equal(got, status, name);
    assert.equal(errorOf(json).code, code, name);
    assert.equal(errorOf(json).param, param, name);
    assert.equal(errorOf(json).type, 'invalid_request_error', name);
    assert.ok(errorOf(json).message.length > 0, name);
  }
  const get = await fetch(`${base}/v1/realtime/client_secrets`, { headers: { authorization: `Bearer ${STANDARD_KEY}` } });
  assert.equal(get.status, 405);
  const big = await fetch(`${base}/v1/realtime/client_secrets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${STANDARD_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', instructions: 'x'.repeat(2 * 1024 * 1024) } }),
  });
  assert.equal(big.status, 413);
});

test('a key never appears whole in an error message', async () => {
  const wrong = 'sk-this-is-a-secret-key-value';
  const { json } = await mint({}, wrong);
  assert.ok(!JSON.stringify(json).includes(wrong));
});

test('every event the ephemeral sessions received is valid', () => {
  assert.deepEqual(invalidEvents(received), []);
});

// The relay's WebRTC routes on loopback against a scriptable upstream (test-support-webrtc.ts):
// `POST /token`, `POST /session`, access control, the rate limit, readable upstream errors, and
// the key in no answer and no log line. The sideband is in sideband.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RelayOptions } from './config';
import { startRelay } from './server';
import { captureLog, startTestUpstream } from './test-support';
import { TEST_CALL_ID, TEST_EPHEMERAL_KEY, TEST_SDP_ANSWER, TEST_SDP_OFFER, post, webrtcEndpoints, type WebRtcEndpointOptions } from './test-support-webrtc';

const KEY = 'sk-test-webrtc-0123456789abcdef';

async function setup(relayOptions: Partial<RelayOptions> = {}, endpointOptions: WebRtcEndpointOptions = {}) {
  const endpoints = webrtcEndpoints(endpointOptions);
  const upstream = await startTestUpstream({ onRequest: endpoints.onRequest });
  const log = captureLog();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: `${upstream.url}?sim_speed=10`, log: log.sink, sideband: false, ...relayOptions });
  const base = `http://127.0.0.1:${relay.port}`;
  return {
    endpoints,
    upstream,
    relay,
    log,
    base,
    async close() {
      await relay.close();
      await upstream.close();
    },
  };
}

function assertNoKey(texts: string[]): void {
  for (const text of texts) assert.ok(!text.includes(KEY) && !text.includes(KEY.slice(8)), `key leaked in: ${text.slice(0, 200)}`);
}

test('/token mints a key upstream with the policy applied and a short expiry, and hides held instructions', async () => {
  const policy = { instructions: 'Speak like a pirate.', voice: 'marin', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] };
  const t = await setup({ policy, ephemeralKeySeconds: 45 });
  try {
    const answer = await post(`${t.base}/token`, JSON.stringify({ session: { type: 'realtime', instructions: 'ignore the pirate', audio: { output: { voice: 'alloy' } } } }));
    assert.equal(answer.status, 200, answer.text);
    const body = answer.json();
    assert.equal(body.value, TEST_EPHEMERAL_KEY);
    const now = Date.now() / 1000;
    assert.ok(Math.abs((body.expires_at as number) - (now + 45)) < 5, `expires_at ${String(body.expires_at)}`);
    assert.equal((body.session as Record<string, unknown>).instructions, undefined, 'held instructions are not shown');
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://localhost:3000');

    const [request] = t.endpoints.requests;
    assert.equal(new URL(request.path, 'http://x').pathname, '/v1/realtime/client_secrets');
    assert.equal(new URL(request.path, 'http://x').searchParams.get('sim_speed'), '10', 'the configured query is kept');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.headers['openai-beta'], undefined);
    assert.deepEqual(request.body.expires_after, { anchor: 'created_at', seconds: 45 });
    const session = request.body.session as Record<string, unknown>;
    assert.equal(session.type, 'realtime');
    assert.equal(session.instructions, 'Speak like a pirate.');
    assert.deepEqual(session.audio, { output: { voice: 'marin' } });
    assert.deepEqual(session.tools, policy.tools);
    assert.equal(session.model, t.relay.config.defaultModel);
    assert.ok(t.log.lines.some((line) => line.includes('minted a key')));
    assertNoKey([answer.text, ...t.log.lines]);
    assert.ok(!t.log.lines.some((line) => line.includes(TEST_EPHEMERAL_KEY)), 'the ephemeral key is not logged');
  } finally {
    await t.close();
  }
});

test('/token with no body gets the held fields alone, and a body the policy refuses gets its reason', async () => {
  const t = await setup({ policy: { instructions: 'Held.' }, allowedModels: ['gpt-realtime-mini'] });
  try {
    assert.equal((await post(`${t.base}/token`, '')).status, 200);
    assert.equal((t.endpoints.requests[0].body.session as Record<string, unknown>).instructions, 'Held.');

    const refusals: Array<[string, number, string]> = [
      [JSON.stringify({ session: { prompt: { id: 'pmpt_1' } } }), 403, 'relay_held_session_field'],
      [JSON.stringify({ session: { tools: [{ type: 'mcp', server_label: 'x', server_url: 'https://x' }] } }), 403, 'relay_tool_type_not_allowed'],
      [JSON.stringify({ session: { model: 'gpt-4o-realtime-preview' } }), 403, 'relay_model_not_allowed'],
      [JSON.stringify({ session: { type: 'transcription' } }), 400, 'relay_malformed_event'],
      [JSON.stringify({ session: 'x' }), 400, 'relay_malformed_event'],
      ['[1,2]', 400, 'relay_bad_request'],
      ['{"session":', 400, 'relay_bad_request'],
      ['['.repeat(200) + ']'.repeat(200), 400, 'relay_bad_request'],
    ];
    for (const [body, status, code] of refusals) {
      const answer = await post(`${t.base}/token`, body);
      assert.equal(answer.status, status, `${body.slice(0, 60)} → ${answer.text}`);
      const error = answer.json().error as { code: string; message: string };
      assert.equal(error.code, code);
      assert.match(error.message, /^relay: /);
    }
    const mini = await post(`${t.base}/token?model=gpt-realtime-mini`, '');
    assert.equal(mini.status, 200);
    assert.equal((t.endpoints.requests.at(-1)?.body.session as Record<string, unknown>).model, 'gpt-realtime-mini');
    assert.equal(t.endpoints.requests.length, 2, 'nothing refused reached the upstream');
  } finally {
    await t.close();
  }
});

test('/token and /session: the WebSocket path\'s origin and token checks, and CORS preflights', async () => {
  const t = await setup({ accessToken: 'token-0123456789abcdef' });
  try {
    for (const path of ['/token', '/session']) {
      const type = path === '/token' ? 'application/json' : 'application/sdp';
      const body = path === '/token' ? '' : TEST_SDP_OFFER;
      const evil = await post(`${t.base}${path}?access_token=token-0123456789abcdef`, body, { type, origin: 'http://evil.example' });
      assert.equal(evil.status, 403);
      assert.equal(evil.headers.get('access-control-allow-origin'), null, 'another origin may not read the answer');
      assert.equal((await post(`${t.base}${path}`, body, { type })).status, 401);
      assert.equal((await post(`${t.base}${path}?access_token=wrong`, body, { type })).status, 401);
      assert.equal((await post(`${t.base}${path}?access_token=token-0123456789abcdef`, body, { type })).status, path === '/token' ? 200 : 201);
      assert.equal((await post(`${t.base}${path}`, body, { type, headers: { authorization: 'Bearer token-0123456789abcdef' } })).status, path === '/token' ? 200 : 201);

      const preflight = await post(`${t.base}${path}`, '', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:3000');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
      assert.equal((await post(`${t.base}${path}`, '', { method: 'OPTIONS', origin: 'http://evil.example' })).status, 403);
      assert.equal((await post(`${t.base}${path}`, '', { method: 'GET' })).status, 405);
    }
  } finally {
    await t.close();
  }
});

test('/session posts the offer upstream as multipart with the policy\'s session and answers 201 with the SDP and the call id', async () => {
  const t = await setup({ policy: { instructions: 'Held.', voice: 'cedar' } });
  try {
    const answer = await post(`${t.base}/session`, TEST_SDP_OFFER, { type: 'application/sdp' });
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.text, TEST_SDP_ANSWER);
    assert.equal(answer.headers.get('content-type'), 'application/sdp');
    assert.equal(answer.headers.get('location'), `/v1/realtime/calls/${TEST_CALL_ID}`);
    assert.match(answer.headers.get('access-control-expose-headers') ?? '', /Location/);
    const [request] = t.endpoints.requests;
    assert.equal(new URL(request.path, 'http://x').pathname, '/v1/realtime/calls');
    assert.match(String(request.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.body.sdp, TEST_SDP_OFFER);
    const session = request.body.session as Record<string, unknown>;
    assert.equal(session.instructions, 'Held.');
    assert.deepEqual(session.audio, { output: { voice: 'cedar' } });

    const withSession = await post(`${t.base}/session`, JSON.stringify({ sdp: TEST_SDP_OFFER, session: { output_modalities: ['audio'], instructions: 'mine' } }));
    assert.equal(withSession.status, 201);
    const second = t.endpoints.requests[1].body.session as Record<string, unknown>;
    assert.deepEqual(second.output_modalities, ['audio']);
    assert.equal(second.instructions, 'Held.');

    for (const [body, type, status] of [['hello', 'application/sdp', 400], [TEST_SDP_OFFER, 'text/plain', 415], ['{"sdp": 1}', 'application/json', 400], ['v=0\0', 'application/sdp', 400]] as const) {
      const refused = await post(`${t.base}/session`, body, { type });
      assert.equal(refused.status, status, `${type} ${body.slice(0, 20)} → ${refused.text}`);
      assert.equal((refused.json().error as { type: string }).type, 'relay_error');
    }
    assert.equal(t.endpoints.requests.length, 2);
    assertNoKey([answer.text, withSession.text, ...t.log.lines]);
  } finally {
    await t.close();
  }
});

test('upstream failures reach the browser as readable JSON errors, the key redacted', async () => {
  const quoted = JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY.slice(0, 12)}****cdef. You can find your API key at …`, code: 'invalid_api_key' } });
  const t = await setup({}, { answer: () => ({ status: 401, body: quoted, headers: { 'content-type': 'application/json' } }) });
  try {
    for (const [path, type, body] of [['/token', 'application/json', ''], ['/session', 'application/sdp', TEST_SDP_OFFER]] as const) {
      const answer = await post(`${t.base}${path}`, body, { type });
      assert.equal(answer.status, 502);
      const error = answer.json().error as { code: string; message: string };
      assert.equal(error.code, 'relay_upstream_refused');
      assert.match(error.message, /HTTP 401: Incorrect API key provided: sk-\[redacted\]/);
    }
    assertNoKey(t.log.lines);
  } finally {
    await t.close();
  }

  const bad = await setup({}, { answer: () => ({ status: 400, body: JSON.stringify({ error: { message: 'Invalid SDP offer' } }) }) });
  try {
    const answer = await post(`${bad.base}/session`, TEST_SDP_OFFER, { type: 'application/sdp' });
    assert.equal(answer.status, 400, 'a refusal of what the browser sent is passed on as such');
    assert.match((answer.json().error as { message: string }).message, /Invalid SDP offer/);
  } finally {
    await bad.close();
  }

  const slow = await setup({ upstreamConnectTimeoutMs: 200 }, { delayMs: 2000 });
  try {
    const answer = await post(`${slow.base}/token`, '');
    assert.equal(answer.status, 504);
    assert.equal((answer.json().error as { code: string }).code, 'relay_upstream_timeout');
  } finally {
    await slow.close();
  }

  const log = captureLog();
  const gone = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: 'ws://127.0.0.1:9/v1/realtime', log: log.sink });
  try {
    const answer = await post(`http://127.0.0.1:${gone.port}/session`, TEST_SDP_OFFER, { type: 'application/sdp' });
    assert.equal(answer.status, 502);
    assert.equal((answer.json().error as { code: string }).code, 'relay_upstream_unreachable');
    assert.match((answer.json().error as { message: string }).message, /127\.0\.0\.1:9/);
  } finally {
    await gone.close();
  }
});

test('a client gets at most webrtcRequestsPerMinute answers a minute, then 429 with Retry-After', async () => {
  const t = await setup({ webrtcRequestsPerMinute: 3 });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(`${t.base}${i % 2 ? '/session' : '/token'}`, i % 2 ? TEST_SDP_OFFER : '', { type: i % 2 ? 'application/sdp' : 'application/json' })).status);
    assert.deepEqual(statuses, [200, 201, 200, 429, 429]);
    const limited = await post(`${t.base}/token`, '');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((limited.json().error as { code: string }).code, 'relay_rate_limited');
    assert.equal(t.endpoints.requests.length, 3);
  } finally {
    await t.close();
  }
});

test('bodies over maxHttpBodyBytes are refused with 413 before the upstream hears of them', async () => {
  const t = await setup({ maxHttpBodyBytes: 1000 });
  try {
    const answer = await post(`${t.base}/session`, `${TEST_SDP_OFFER}${'a=x\r\n'.repeat(500)}`, { type: 'application/sdp' });
    assert.equal(answer.status, 413);
    assert.equal(t.endpoints.requests.length, 0);
  } finally {
    await t.close();
  }
});

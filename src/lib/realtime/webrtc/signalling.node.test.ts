// The WebRTC signalling roads against the real relay on loopback (its upstream the relay's
// scriptable test upstream): /session, /token then the calls endpoint with the ek_ key, a key
// given directly, and each failure as the readable WebRTCError the console shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRelay, type RunningRelay } from '../../../../relay-server/server';
import { captureLog, startTestUpstream, type TestUpstream } from '../../../../relay-server/test-support';
import { TEST_CALL_ID, TEST_EPHEMERAL_KEY, TEST_SDP_ANSWER, TEST_SDP_OFFER, webrtcEndpoints, type WebRtcEndpointOptions } from '../../../../relay-server/test-support-webrtc';
import { callsUrl, exchangeSdp, relayHttpUrl, WebRTCError, type WebRTCErrorKind } from './signalling';
import { parseToolNames } from '../../protocol/relay-headers';

const KEY = 'sk-test-signalling-0123456789abcdef';
const TOKEN = 'relay-token-0123456789abcdef';

async function setup(endpointOptions: WebRtcEndpointOptions = {}) {
  const endpoints = webrtcEndpoints(endpointOptions);
  const upstream: TestUpstream = await startTestUpstream({ onRequest: endpoints.onRequest, onConnection: () => undefined });
  const relay: RunningRelay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, log: captureLog().sink, accessToken: TOKEN, sideband: false });
  return {
    endpoints,
    relayUrl: `${relay.url}/?access_token=${TOKEN}`,
    apiUrl: upstream.url,
    async close() {
      await relay.close();
      await upstream.close();
    },
  };
}

async function rejectsWith(promise: Promise<unknown>, kind: WebRTCErrorKind, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WebRTCError, String(error));
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

test('URLs: the relay\'s ws URL becomes its http routes (token kept), the API\'s becomes its calls endpoint', () => {
  assert.equal(relayHttpUrl('ws://localhost:8081/?access_token=t', 'session'), 'http://localhost:8081/session?access_token=t');
  assert.equal(relayHttpUrl('wss://relay.example/', 'token'), 'https://relay.example/token');
  assert.equal(callsUrl('wss://api.openai.com/v1/realtime?model=gpt-realtime'), 'https://api.openai.com/v1/realtime/calls');
});

test('through /session the relay posts the offer and the answer comes back with the call id; no key on the page', async () => {
  const t = await setup();
  try {
    const answer = await exchangeSdp(TEST_SDP_OFFER, { via: 'relay-session', relayUrl: t.relayUrl }, { session: { type: 'realtime', model: 'gpt-realtime-2.1' }, timeoutMs: 5000 });
    assert.equal(answer.sdp, TEST_SDP_ANSWER);
    assert.equal(answer.callId, TEST_CALL_ID);
    assert.ok(!answer.url.includes(TOKEN), 'the URL shown carries no token');
    assert.equal(t.endpoints.requests[0].body.sdp, TEST_SDP_OFFER);
    assert.equal(t.endpoints.requests[0].headers.authorization, `Bearer ${KEY}`);
  } finally {
    await t.close();
  }
});

test('through /token the page gets an ek_ key and posts its offer to the calls endpoint with it', async () => {
  const t = await setup();
  try {
    const answer = await exchangeSdp(TEST_SDP_OFFER, { via: 'relay-token', relayUrl: t.relayUrl, realtimeUrl: t.apiUrl }, { timeoutMs: 5000 });
    assert.equal(answer.callId, TEST_CALL_ID);
    const [mint, call] = t.endpoints.requests;
    assert.match(mint.path, /\/client_secrets$/);
    assert.equal(call.headers.authorization, `Bearer ${TEST_EPHEMERAL_KEY}`);
    assert.equal(call.headers['content-type'], 'application/sdp');
    assert.equal(call.body.sdp, TEST_SDP_OFFER);
  } finally {
    await t.close();
  }
});

test('failures are readable: relay refusal, expired or standard key, the API refusing the key, nothing listening', async () => {
  const t = await setup({ answer: (route, request) => (route === 'calls' && request.headers.authorization?.includes('ek_') ? { status: 401, body: JSON.stringify({ error: { message: 'Ephemeral key expired' } }) } : null) });
  try {
    const noToken = t.relayUrl.replace(/\?.*$/, '');
    await rejectsWith(exchangeSdp(TEST_SDP_OFFER, { via: 'relay-session', relayUrl: noToken }, { timeoutMs: 5000 }), 'sdp-refused', /relay at http:\/\/127\.0\.0\.1:\d+\/session refused the offer \(HTTP 401: relay: an access token is required\)/);
    const past = Math.floor(Date.now() / 1000) - 5;
    await rejectsWith(exchangeSdp(TEST_SDP_OFFER, { via: 'ephemeral-key', key: 'ek_x', realtimeUrl: t.apiUrl, expiresAt: past }, { timeoutMs: 5000 }), 'key-expired', /expired at/);
    await rejectsWith(exchangeSdp(TEST_SDP_OFFER, { via: 'ephemeral-key', key: 'sk-nope', realtimeUrl: t.apiUrl }, { timeoutMs: 5000 }), 'key-expired', /never a standard key/);
    await rejectsWith(exchangeSdp(TEST_SDP_OFFER, { via: 'ephemeral-key', key: 'ek_old', realtimeUrl: t.apiUrl }, { timeoutMs: 5000 }), 'key-expired', /HTTP 401: Ephemeral key expired/);
    assert.equal(t.endpoints.requests.length, 1, 'an expired or standard key is refused before anything is sent');
    await rejectsWith(exchangeSdp(TEST_SDP_OFFER, { via: 'relay-session', relayUrl: 'ws://127.0.0.1:9/' }, { timeoutMs: 5000 }), 'unreachable', /cannot reach the relay at http:\/\/127\.0\.0\.1:9\/session/);
  } finally {
    await t.close();
  }
});

test('Relay-Sideband-Tools: tool names as the API spells them, junk left out, so a header cannot silence other tools', () => {
  assert.deepEqual(parseToolNames('get_weather, set_memory'), ['get_weather', 'set_memory']);
  assert.deepEqual(parseToolNames(null), []);
  assert.deepEqual(parseToolNames(''), []);
  assert.deepEqual(parseToolNames('get weather,<b>,a'.padEnd(90, 'x') + ',ok-1,' + 'n'.repeat(65)), ['ok-1']);
  assert.equal(parseToolNames(Array.from({ length: 500 }, (_, i) => `t${i}`).join(',')).length, 128);
});

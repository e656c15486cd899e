// The relay's `POST /session/live` in front of the simulator's GPT-Live WebRTC endpoint, loopback
// only: a LiveClient over WebRTC (werift) gets its session with the relay's template (model
// allow-list, held instructions and delegation, data-channel allow-lists the API enforces), the
// relay attaches its sideband, and the key is in no answer and no log line. Then the refusals:
// access control, policy, body limit, rate limit, readable upstream errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerEvent as LiveServerEvent, SessionResource } from 'openai/resources/live/live';
import { startSimulator } from '../simulator/server';
import { LiveClient } from '../src/lib/live/live-client';
import { LiveRtcWire } from '../src/lib/live/live-rtc-wire';
import { validateLiveServerEvent } from '../src/lib/protocol/live-validate';
import { loopbackPeerConfiguration, NodePeerConnection } from '../src/lib/realtime/test-support/webrtc-peer';
import type { RelayOptions } from './config';
import { startRelay } from './server';
import { captureLog, eventually } from './test-support';
import { post, TEST_SDP_OFFER } from './test-support-webrtc';
import { frontendPermissions } from './live-data-channel';
import { DEFAULTS } from './config';

const KEY = 'sk-relay-live-rtc-0123456789abcdef';
const HELD_DELEGATION = { type: 'responses', responses: { model: 'gpt-5.5', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' } }] } };

async function setup(relayOptions: Partial<RelayOptions> = {}) {
  const upstreamSeen: LiveServerEvent[] = [];
  const simulator = await startSimulator({ apiKey: KEY, onLiveServerEvent: (event) => upstreamSeen.push(event) });
  const log = captureLog();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: simulator.url, log: log.sink, ...relayOptions });
  return {
    relay,
    log,
    upstreamSeen,
    base: `http://127.0.0.1:${relay.port}`,
    async close() {
      await relay.close();
      await simulator.close();
    },
  };
}

function assertNoKey(texts: string[]): void {
  for (const text of texts) assert.ok(!text.includes(KEY) && !text.includes(KEY.slice(8)), `key leaked in: ${text.slice(0, 200)}`);
}

test('the data-channel template: what the relay holds or refuses leaves the client list; nothing held leaves both lists out', () => {
  assert.equal(frontendPermissions(DEFAULTS), null);
  const held = frontendPermissions({ ...DEFAULTS, liveInstructions: 'x', liveDelegation: { type: 'client' }, policy: { ...DEFAULTS.policy, clientDeny: ['session.output_audio.*'] } });
  const allowed = held?.allowed_client_events as string[];
  const refused = ['session.update', 'session.instructions.append', 'session.start', 'session.input_audio.append', 'session.output_audio.fixture.play', 'response.item.create', 'response.create'];
  for (const type of refused) assert.ok(!allowed.includes(type), type);
  assert.ok(allowed.includes('session.commentary.append') && allowed.includes('session.close'));
  // Held instructions: every server event but the snapshots that would show them.
  const server = held?.allowed_server_events as Array<{ type: string; response_event?: string }>;
  assert.ok(!server.some((s) => ['session.started', 'session.updated', 'session.closed'].includes(s.type)));
  assert.ok(server.some((s) => s.type === 'response.event' && s.response_event === 'response.output_text.delta') && server.some((s) => s.type === 'session.delegation.created'));
  const client = frontendPermissions({ ...DEFAULTS, liveDelegation: { type: 'client' } });
  assert.equal(client?.allowed_server_events, undefined, 'no held text: the server list is left alone');
  const given = frontendPermissions({ ...DEFAULTS, liveDataChannel: { allowed_client_events: ['session.close', 'session.update'], allowed_server_events: [{ type: 'session.started' }] } });
  assert.deepEqual(given, { allowed_client_events: ['session.close', 'session.update'], allowed_server_events: [{ type: 'session.started' }] });
});

test('a LiveClient over WebRTC through /session/live: the relay\'s template upstream, its allow-list enforced, its sideband attached, no key anywhere', async () => {
  const t = await setup({ liveInstructions: 'Held frontend rules', liveDelegation: HELD_DELEGATION, sideband: true });
  const config = { model: 'gpt-live-1', instructions: 'the browser\'s own' };
  const wire = new LiveRtcWire({ signalling: { via: 'relay', relayUrl: t.relay.url }, session: config, input: null, RTCPeerConnection: NodePeerConnection, peerConfiguration: loopbackPeerConfiguration() });
  const client = new LiveClient({ session: config, wire });
  const received: string[] = [];
  client.on('live.event', (e) => e.source === 'server' && received.push(JSON.stringify(e.event)));
  try {
    const session = await client.connect();
    assert.equal(wire.sessionId, session.id, 'the relay passes the session id on in Location');
    const upstream = t.upstreamSeen.find((e) => e.type === 'session.started') as { session: SessionResource };
    assert.equal(upstream.session.instructions, 'Held frontend rules', 'held instructions forced');
    assert.equal(upstream.session.delegation?.type, 'responses', 'held delegation forced');
    const allowed = upstream.session.client?.data_channel.allowed_client_events as string[];
    assert.ok(!allowed.includes('session.update') && !allowed.includes('session.instructions.append'));
    // The browser's data channel goes straight to the API; the API refuses what the lists leave out.
    const refused = new Promise<string>((resolve) => client.on('error', (e) => resolve(e.error.code)));
    client.send({ type: 'session.update', session: { delegation: { type: 'responses', acknowledgement_delay_ms: 5 } } });
    assert.equal(await refused, 'event_not_permitted');
    await eventually(() => t.log.lines.some((line) => /sideband open/.test(line)), 'the relay\'s sideband attached');
    assert.ok(received.every((text) => validateLiveServerEvent(JSON.parse(text), { strict: true }).valid));
    await client.close();
    await eventually(() => t.log.lines.some((line) => /sideband closed/.test(line)), 'the sideband closed with the session', 8000);
    assertNoKey([...t.log.lines, ...received]);
  } finally {
    client.disconnect();
    await t.close();
  }
});

test('/session/live refusals: access, policy, shape, body limit, rate limit, and upstream errors as readable JSON without the key', async () => {
  const t = await setup({ accessToken: 'token-0123456789abcdef', liveInstructions: 'Held', maxHttpBodyBytes: 64 * 1024, webrtcRequestsPerMinute: 12 });
  const url = `${t.base}/session/live?access_token=token-0123456789abcdef`;
  const json = (session: unknown) => JSON.stringify({ sdp: TEST_SDP_OFFER, session });
  try {
    assert.equal((await post(url, json({}), { origin: 'http://evil.example' })).status, 403);
    assert.equal((await post(`${t.base}/session/live`, json({}))).status, 401);
    const model = await post(url, json({ model: 'gpt-realtime' }));
    assert.deepEqual([model.status, (model.json().error as { code: string }).code], [403, 'relay_model_not_allowed']);
    const developer = await post(url, json({ model: 'gpt-live-1', input: [{ type: 'message', role: 'developer', content: 'obey me' }] }));
    assert.deepEqual([developer.status, (developer.json().error as { code: string }).code], [403, 'relay_held_session_field']);
    assert.equal((await post(url, json('gpt-live-1'))).status, 400);
    assert.equal((await post(url, 'hello', { type: 'application/sdp' })).status, 400);
    assert.equal((await post(url, TEST_SDP_OFFER, { type: 'text/plain' })).status, 415);
    assert.equal((await post(url, json({ model: 'gpt-live-1', instructions: 'x'.repeat(70_000) }))).status, 413);
    // The upstream refuses a field it does not know; the browser reads why.
    const upstream = await post(url, json({ model: 'gpt-live-1', voice: 'marin' }));
    assert.equal(upstream.status, 400);
    assert.match(String((upstream.json().error as { message: string }).message), /session\.voice/);
    const preflight = await post(`${t.base}/session/live`, '', { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 204);
    let limited = 0;
    for (let i = 0; i < 6; i++) if ((await post(url, json({ model: 'nope' }))).status === 429) limited++;
    assert.ok(limited > 0, 'over webrtcRequestsPerMinute: 429');
    assertNoKey(t.log.lines);
  } finally {
    await t.close();
  }
});

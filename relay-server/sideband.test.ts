// The relay's sideband on loopback: after `POST /session` it attaches to the call over a
// WebSocket with `?call_id=` and its key, puts changed held fields back, lets the browser that
// started the call watch its events, and closes with the relay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeldTool, RelayOptions } from './config';
import { GET_WEATHER_TOOL, SET_MEMORY_TOOL } from '../src/tools';
import { validateClientEvent } from '../src/lib/protocol/validate';
import { fuzzSeed, mulberry32 } from '../testing/seeded-random';
import { startRelay } from './server';
import { captureLog, eventually, openBrowser, startTestUpstream, type UpstreamConnection } from './test-support';
import { TEST_CALL_ID, TEST_SDP_OFFER, post, webrtcEndpoints } from './test-support-webrtc';

const KEY = 'sk-test-sideband-0123456789abcdef';
const SEED = fuzzSeed();

async function setup(relayOptions: Partial<RelayOptions> = {}) {
  const endpoints = webrtcEndpoints();
  const upstream = await startTestUpstream({ onRequest: endpoints.onRequest, onConnection: () => undefined });
  const log = captureLog();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, log: log.sink, ...relayOptions });
  const base = `http://127.0.0.1:${relay.port}`;
  return { endpoints, upstream, relay, log, base };
}

async function startCall(base: string): Promise<void> {
  const answer = await post(`${base}/session`, TEST_SDP_OFFER, { type: 'application/sdp' });
  assert.equal(answer.status, 201, answer.text);
}

test('the relay attaches to each call it started, with its key, and a watcher sees the call\'s events', async () => {
  const t = await setup();
  try {
    await startCall(t.base);
    await eventually(() => t.upstream.connections.length === 1, 'the sideband connects');
    const sideband: UpstreamConnection = t.upstream.connections[0];
    const url = new URL(sideband.url, 'http://x');
    assert.equal(url.pathname, '/v1/realtime');
    assert.equal(url.searchParams.get('call_id'), TEST_CALL_ID);
    assert.equal(url.searchParams.get('model'), null);
    assert.equal(sideband.headers.authorization, `Bearer ${KEY}`);

    const watcher = await openBrowser(t.relay.url, { path: `/call-events?call_id=${TEST_CALL_ID}` });
    await eventually(() => sideband.socket.readyState === 1, 'the sideband is open');
    sideband.socket.send(JSON.stringify({ type: 'response.done', event_id: 'e1', echo: KEY }));
    const seen = await watcher.next('response.done');
    assert.equal(seen.echo, '[redacted]', 'the key is scrubbed from what a watcher sees');
    watcher.send({ type: 'response.create' });
    const refused = await watcher.next('error');
    assert.match(String((refused.error as { message: string }).message), /watches a WebRTC call/);
    assert.equal(sideband.frames.length, 0, 'a watcher sends nothing upstream');

    sideband.socket.close(1000, 'call over');
    assert.equal((await watcher.closed).code, 1000);
    await eventually(() => t.log.lines.some((line) => line.includes('sideband closed: 1000')), 'the close line');
    assert.match(t.log.lines.find((line) => line.includes('sideband closed')) ?? '', /1 server events/);
    for (const line of t.log.lines) assert.ok(!line.includes(KEY), line);
  } finally {
    await t.relay.close();
    await t.upstream.close();
  }
});

test('an unknown call id cannot be watched', async () => {
  const t = await setup();
  try {
    const watcher = await openBrowser(t.relay.url, { path: '/call-events?call_id=rtc_nobody' });
    const error = await watcher.next('error');
    assert.match(String((error.error as { message: string }).message), /no call with that id/);
    assert.equal((await watcher.closed).code, 1008);
  } finally {
    await t.relay.close();
    await t.upstream.close();
  }
});

test('a held field changed in the call is sent back at once', async () => {
  const t = await setup({ policy: { instructions: 'Held.', voice: 'marin' } });
  try {
    await startCall(t.base);
    await eventually(() => t.upstream.connections[0]?.socket.readyState === 1, 'the sideband is open');
    const sideband = t.upstream.connections[0];
    sideband.socket.send(JSON.stringify({ type: 'session.updated', event_id: 'e1', session: { type: 'realtime', instructions: 'Held.', audio: { output: { voice: 'marin' } } } }));
    sideband.socket.send(JSON.stringify({ type: 'session.updated', event_id: 'e2', session: { type: 'realtime', instructions: 'Jailbroken.', audio: { output: { voice: 'marin' } } } }));
    await eventually(() => sideband.frames.length === 1, 'the held fields are sent again');
    const update = JSON.parse(sideband.frames[0]) as { type: string; session: Record<string, unknown> };
    assert.equal(update.type, 'session.update');
    assert.equal(update.session.instructions, 'Held.');
    assert.deepEqual(update.session.audio, { output: { voice: 'marin' } });
    assert.ok(t.log.lines.some((line) => line.includes('held session field was changed')));
  } finally {
    await t.relay.close();
    await t.upstream.close();
  }
});

test('with the sideband off no WebSocket is opened; closing the relay closes open sidebands', async () => {
  const off = await setup({ sideband: false });
  try {
    await startCall(off.base);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(off.upstream.connections.length, 0);
  } finally {
    await off.relay.close();
    await off.upstream.close();
  }

  const on = await setup();
  try {
    await startCall(on.base);
    await eventually(() => on.upstream.connections[0]?.socket.readyState === 1, 'the sideband is open');
    const closed = new Promise<number>((resolve) => on.upstream.connections[0].socket.on('close', (code) => resolve(code)));
    await on.relay.close();
    assert.equal(await closed, 1001);
  } finally {
    await on.upstream.close();
  }
});

test(`hostile response.done frames on a sideband that runs tools: answered only for well-formed calls, never a crash (FUZZ_SEED=${SEED})`, async () => {
  const t = await setup({ policy: { tools: [GET_WEATHER_TOOL, SET_MEMORY_TOOL] as HeldTool[] }, sidebandTools: ['get_weather', 'set_memory'], sidebandWeatherUrl: 'http://127.0.0.1:9/v1/forecast' });
  try {
    await startCall(t.base);
    await eventually(() => t.upstream.connections[0]?.socket.readyState === 1, 'the sideband is open');
    const sideband = t.upstream.connections[0];
    const random = mulberry32(SEED);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
    const names = ['get_weather', 'set_memory', 'lookup_order', '', 7, null, 'get_weather\u0000'];
    const args = ['{"key":"k","value":"v"}', '{"lat":48.8,"lng":2.3,"location":"Paris"}', '[]', 'not json', '{"lat":"x"}', 12, '{"key":"' + 'x'.repeat(5000) + '"}', '{{{'];
    let wellFormed = 0;
    for (let i = 0; i < 200; i++) {
      const item: Record<string, unknown> = { type: pick(['function_call', 'function_call', 'message', 7]), name: pick(names), call_id: pick([`call_${i}`, 3, undefined]), arguments: pick(args) };
      const status = pick(['completed', 'completed', 'cancelled', 'failed', undefined]);
      const output = pick([[item], [item, item], item, null, 'x', []]);
      const whole = JSON.stringify({ type: 'response.done', event_id: `e${i}`, response: { id: `resp_${i}`, status, output } });
      const frame = pick([
        whole,
        whole,
        JSON.stringify({ type: 'response.done', response: pick([null, 'x', [], { output: [item] }]) }),
        `{"type":"response.done","response":{"status":"completed","output":[${'['.repeat(200)}`,
        '{"type":"response.done"',
      ]);
      sideband.socket.send(frame);
      const answerable = frame === whole && status === 'completed' && Array.isArray(output) && item.type === 'function_call';
      if (answerable && (item.name === 'get_weather' || item.name === 'set_memory') && typeof item.call_id === 'string') wellFormed += output.length;
    }
    // Every well-formed call of a relay tool is answered, then one response.create per answered response.
    const outputs = () => sideband.frames.filter((f) => f.includes('function_call_output')).length;
    await eventually(() => outputs() >= wellFormed, `${wellFormed} outputs`, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(outputs(), wellFormed, 'nothing answered for a call that was not well formed or not the relay\'s');
    for (const frame of sideband.frames) {
      const event = JSON.parse(frame) as unknown;
      const result = validateClientEvent(event);
      assert.equal(result.valid, true, `${result.type}: ${result.errors.join('; ')}`);
    }
    assert.equal((await fetch(`${t.base}/health`)).status, 200, 'the relay still answers');
    for (const line of t.log.lines) assert.ok(!line.includes(KEY), line);
  } finally {
    await t.relay.close();
    await t.upstream.close();
  }
});

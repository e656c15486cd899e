import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MODEL, insecureKeyUrlReason, isLoopbackHost, planHandshake, realtimeUrl } from './handshake';
import { WebSocketTransport } from './websocket-transport';
import type { CloseInfo, MalformedFrame, TransportEvent } from './transport-types';
import { FakeSocket, FakeSocketConstructor } from './test-support/fake-socket';
import { ev } from './test-support/server-events';

beforeEach(() => FakeSocket.reset());

test('handshake: a browser refuses a standard key unless allowed, accepts ephemeral keys, never sends a beta marker', () => {
  assert.throws(() => planHandshake({ apiKey: 'sk-test', runtime: 'browser' }), /dangerouslyAllowAPIKeyInBrowser/);
  const allowed = planHandshake({ apiKey: 'sk-test', runtime: 'browser', dangerouslyAllowAPIKeyInBrowser: true });
  assert.deepEqual(allowed.protocols, ['realtime', 'openai-insecure-api-key.sk-test']);
  const ephemeral = planHandshake({ apiKey: 'ek_abc', runtime: 'browser' });
  assert.deepEqual(ephemeral.protocols, ['realtime', 'openai-insecure-api-key.ek_abc']);
  assert.deepEqual(ephemeral.headers, {});
  const node = planHandshake({ apiKey: 'sk-test', runtime: 'node' });
  assert.deepEqual(node.headers, { Authorization: 'Bearer sk-test' });
  assert.deepEqual(node.protocols, []);
  const relay = planHandshake({ url: 'ws://127.0.0.1:8081', runtime: 'browser' });
  assert.deepEqual(relay, { url: `ws://127.0.0.1:8081/?model=${DEFAULT_MODEL}`, protocols: [], headers: {} });
  for (const plan of [allowed, ephemeral, node, relay]) {
    const text = JSON.stringify(plan).toLowerCase();
    assert.ok(!text.includes('openai-beta') && !text.includes('realtime=v1'), text);
  }
});

test('handshake: a key never goes over ws:// off loopback, in a browser or in Node, ephemeral or not', () => {
  const offLoopback = ['ws://example.com/v1/realtime', 'ws://192.168.1.20:8082', 'ws://10.0.0.1', 'ws://127.0.0.1.nip.io', 'ws://localhost.example', 'ws://[::2]', 'http://api.example'];
  for (const url of offLoopback) {
    for (const apiKey of ['sk-test', 'ek_abc']) {
      for (const runtime of ['browser', 'node'] as const) {
        assert.throws(
          () => planHandshake({ url, apiKey, runtime, dangerouslyAllowAPIKeyInBrowser: true }),
          (error: Error) => /^Refusing to send an API key over unencrypted (ws|http):\/\/ to /.test(error.message) && /use wss:\/\//.test(error.message) && !error.message.includes(apiKey),
          `${url} ${apiKey} ${runtime}`,
        );
      }
    }
  }
  // Loopback, as the URL parser normalises it (127.1, 0x7f.0.0.1, [0:0::1], LOCALHOST), may use ws://.
  for (const url of ['ws://127.0.0.1:8082/v1/realtime', 'ws://127.255.0.9', 'ws://127.1:9', 'ws://0x7f.0.0.1', 'ws://localhost:8082', 'ws://LOCALHOST', 'ws://[::1]:8082', 'ws://[0:0::1]']) {
    assert.deepEqual(planHandshake({ url, apiKey: 'ek_abc', runtime: 'browser' }).protocols, ['realtime', 'openai-insecure-api-key.ek_abc'], url);
    assert.deepEqual(planHandshake({ url, apiKey: 'sk-test', runtime: 'node' }).headers, { Authorization: 'Bearer sk-test' }, url);
  }
  // wss:// anywhere; no key (a relay) anywhere, ws:// included.
  assert.deepEqual(planHandshake({ url: 'wss://example.com/v1/realtime', apiKey: 'ek_abc', runtime: 'browser' }).protocols, ['realtime', 'openai-insecure-api-key.ek_abc']);
  assert.deepEqual(planHandshake({ url: 'ws://relay.example:8081', runtime: 'browser' }).protocols, []);
  // The opt-in does not lift the ws:// rule, and the ws:// rule does not lift the opt-in.
  assert.throws(() => planHandshake({ url: 'ws://127.0.0.1:8082', apiKey: 'sk-test', runtime: 'browser' }), /dangerouslyAllowAPIKeyInBrowser/);
  assert.deepEqual(planHandshake({ url: 'ws://127.0.0.1:8082', apiKey: 'sk-test', runtime: 'browser', dangerouslyAllowAPIKeyInBrowser: true }).protocols, ['realtime', 'openai-insecure-api-key.sk-test']);
});

test('loopback hosts and key-safe URLs', () => {
  for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ['0.0.0.0', '128.0.0.1', 'localhost.example', '127.0.0.1.example', '[::]', 'example.com', '']) assert.equal(isLoopbackHost(host), false, host);
  assert.equal(insecureKeyUrlReason('wss://api.openai.com/v1/realtime'), null);
  assert.equal(insecureKeyUrlReason('ws://127.0.0.1:8082/v1/realtime'), null);
  assert.equal(
    insecureKeyUrlReason('ws://example.com:8082/v1/realtime'),
    'Refusing to send an API key over unencrypted ws:// to example.com:8082: use wss://, or ws:// only to this machine (localhost, 127.0.0.0/8, [::1]).',
  );
  assert.match(insecureKeyUrlReason('ftp://example.com') ?? '', /unencrypted ftp:\/\//);
});

test('a key to ws:// off loopback is refused before any socket is opened', async () => {
  const api = new WebSocketTransport({ apiKey: 'ek_abc', runtime: 'browser', WebSocket: FakeSocketConstructor, url: 'ws://example.com/v1/realtime' });
  await assert.rejects(api.connect(), /unencrypted ws:\/\/ to example\.com/);
  assert.equal(FakeSocket.instances.length, 0);
});

test('handshake URL: default endpoint, any base URL, a model given in the URL is kept', () => {
  assert.equal(planHandshake({ runtime: 'node' }).url, `wss://api.openai.com/v1/realtime?model=${DEFAULT_MODEL}`);
  assert.equal(realtimeUrl('ws://localhost:8082/v1/realtime', 'gpt-realtime-mini'), 'ws://localhost:8082/v1/realtime?model=gpt-realtime-mini');
  assert.equal(realtimeUrl('ws://h/v1/realtime?model=a', 'b'), 'ws://h/v1/realtime?model=a');
});

async function connectedFake(): Promise<{ api: WebSocketTransport; socket: FakeSocket }> {
  const api = new WebSocketTransport({ apiKey: 'ek_test', runtime: 'browser', WebSocket: FakeSocketConstructor, url: 'ws://127.0.0.1:8082/v1/realtime' });
  const connecting = api.connect();
  await new Promise((r) => setImmediate(r));
  const socket = FakeSocket.last();
  socket.open();
  await connecting;
  return { api, socket };
}

test('browser transport: subprotocol auth, event ids, client and server events re-emitted by type', async () => {
  const { api, socket } = await connectedFake();
  assert.deepEqual(socket.protocols, ['realtime', 'openai-insecure-api-key.ek_test']);
  assert.equal(socket.options, undefined, 'no headers object from a browser');
  assert.equal(api.isConnected(), true);
  const log: TransportEvent[] = [];
  const typed: string[] = [];
  api.on('realtime.event', (e) => log.push(e));
  api.on('client.response.create', (e) => typed.push(`client:${e.type}`));
  api.on('client.*', (e) => typed.push(`client*:${e.type}`));
  api.on('server.response.created', (e) => typed.push(`server:${e.response.id}`));
  api.on('server.*', (e) => typed.push(`server*:${e.type}`));
  api.send({ type: 'response.create' });
  api.send({ type: 'response.cancel', event_id: 'mine' });
  const [first, second] = socket.sentEvents();
  assert.match(String(first.event_id), /^evt_/);
  assert.equal(second.event_id, 'mine');
  socket.receive(ev.responseCreated('resp_9'));
  assert.deepEqual(typed, ['client:response.create', 'client*:response.create', 'client*:response.cancel', 'server:resp_9', 'server*:response.created']);
  assert.deepEqual(log.map((e) => e.source), ['client', 'client', 'server']);
  // The text of a parsed frame is not kept (issue 14): only a malformed frame carries it.
  assert.equal('raw' in log[2], false);
});

test('the wire verbs: audio as appends (none while muted), commit, clear, and an interrupt that cancels and truncates', async () => {
  const { api, socket } = await connectedFake();
  assert.deepEqual(api.audio, { input: 'events', output: 'events' });
  api.mute(true);
  api.sendAudio(new Uint8Array([1, 2, 3, 4]));
  assert.equal(api.muted, true);
  api.mute(false);
  api.sendAudio(new Uint8Array([1, 2, 3, 4]));
  api.sendAudio(new Uint8Array(0));
  api.commitAudio();
  api.clearAudio();
  api.interrupt({ cancel: false });
  api.interrupt({ cancel: true, heard: { itemId: 'item_a', contentIndex: 0, audioEndMs: 250 } });
  const sent = socket.sentEvents().map(({ event_id, ...rest }) => rest);
  assert.deepEqual(sent, [
    { type: 'input_audio_buffer.append', audio: 'AQIDBA==' },
    { type: 'input_audio_buffer.commit' },
    { type: 'input_audio_buffer.clear' },
    { type: 'response.cancel' },
    { type: 'conversation.item.truncate', item_id: 'item_a', content_index: 0, audio_end_ms: 250 },
  ]);
});

test('malformed frames are reported and skipped; later events still flow', async () => {
  const { api, socket } = await connectedFake();
  const malformed: MalformedFrame[] = [];
  const types: string[] = [];
  api.on('malformed', (m) => malformed.push(m));
  api.on('server.*', (e) => types.push(e.type));
  socket.receiveRaw('{not json');
  socket.receiveRaw('[1,2]');
  socket.receiveRaw('{"type": 5}');
  socket.receiveRaw('null');
  socket.receiveRaw(new Uint8Array([1, 2, 3]));
  socket.receive({ type: 'future.unknown_event', foo: 1 });
  socket.receive(ev.responseCreated('resp_ok'));
  assert.equal(malformed.length, 5);
  assert.match(malformed[0].error, /not JSON/);
  assert.match(malformed[4].error, /binary/);
  assert.deepEqual(types, ['future.unknown_event', 'response.created']);
});

test('close info carries code, reason and the last error message; sending afterwards throws', async () => {
  const { api, socket } = await connectedFake();
  const closed = api.waitForNext('close', 1000);
  socket.receive(ev.error('Your session hit the maximum duration of 60 minutes.', 'session_expired'));
  socket.serverClose(4000, 'beta_api_shape_disabled', false);
  const info: CloseInfo = await closed;
  assert.deepEqual(info, { code: 4000, reason: 'beta_api_shape_disabled', wasClean: false, error: 'Your session hit the maximum duration of 60 minutes.' });
  assert.equal(api.isConnected(), false);
  assert.throws(() => api.send({ type: 'response.create' }), /not connected/);
});

test('connect fails cleanly: socket error, close before open, timeout; connecting twice is refused', async () => {
  const api = new WebSocketTransport({ runtime: 'browser', WebSocket: FakeSocketConstructor, url: 'ws://x/v1/realtime', connectTimeoutMs: 50 });
  let attempt = api.connect();
  await assert.rejects(api.connect(), /already connected or connecting/);
  await new Promise((r) => setImmediate(r));
  FakeSocket.last().fail('ECONNREFUSED');
  await assert.rejects(attempt, /could not connect: ECONNREFUSED/);
  attempt = api.connect();
  await new Promise((r) => setImmediate(r));
  FakeSocket.last().serverClose(1008, 'policy');
  await assert.rejects(attempt, /closed before opening \(code 1008, policy\)/);
  await assert.rejects(api.connect(), /within 50 ms/);
  assert.equal(api.isConnected(), false);
});

test('disconnect while connecting abandons the socket; the transport can connect again after a close', async () => {
  const api = new WebSocketTransport({ runtime: 'browser', WebSocket: FakeSocketConstructor, url: 'ws://x/v1/realtime' });
  const attempt = api.connect();
  await new Promise((r) => setImmediate(r));
  api.disconnect();
  await assert.rejects(attempt, /closed before opening \(code 1000/);
  const again = api.connect();
  await new Promise((r) => setImmediate(r));
  FakeSocket.last().open();
  await again;
  assert.equal(api.isConnected(), true);
  const closed = api.waitForNext('close', 1000);
  api.disconnect();
  assert.equal(api.isConnected(), false, 'not connected as soon as disconnect is called');
  assert.equal((await closed).code, 1000);
  const third = api.connect();
  await new Promise((r) => setImmediate(r));
  FakeSocket.last().open();
  await third;
  assert.equal(api.isConnected(), true);
  assert.equal(FakeSocket.instances.length, 3);
});

test('browser mode refuses a standard key before opening any socket', async () => {
  const api = new WebSocketTransport({ apiKey: 'sk-live', runtime: 'browser', WebSocket: FakeSocketConstructor });
  await assert.rejects(api.connect(), /Refusing to send a standard API key/);
  assert.equal(FakeSocket.instances.length, 0);
});

interface Handshake {
  headers: IncomingMessage['headers'];
  url: string;
}

async function loopbackServer(onConnection?: (socket: import('ws').WebSocket) => void): Promise<{ url: string; handshakes: Handshake[]; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const handshakes: Handshake[] = [];
  server.on('connection', (socket, request) => {
    handshakes.push({ headers: request.headers, url: request.url ?? '' });
    onConnection?.(socket);
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    handshakes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('in Node, the ws package (loaded lazily) sends the key as a Bearer header and no beta header', async () => {
  const server = await loopbackServer((socket) => socket.send(JSON.stringify(ev.sessionCreated())));
  try {
    const api = new WebSocketTransport({ url: server.url, apiKey: 'sk-node', model: 'gpt-realtime-mini' });
    const created = api.waitForNext('server.session.created', 2000);
    await api.connect();
    await created;
    const [{ headers, url }] = server.handshakes;
    assert.equal(headers.authorization, 'Bearer sk-node');
    assert.equal(headers['openai-beta'], undefined);
    assert.equal(headers['sec-websocket-protocol'], undefined);
    assert.equal(url, '/v1/realtime?model=gpt-realtime-mini');
    const closed = api.waitForNext('close', 2000);
    api.disconnect();
    assert.equal((await closed).code, 1000);
  } finally {
    await server.close();
  }
});

test('in Node through a relay: no key, no Authorization header; a server close code reaches the caller', async () => {
  const server = await loopbackServer((socket) => setTimeout(() => socket.close(4000, 'bye'), 10));
  try {
    const api = new WebSocketTransport({ url: server.url });
    const closed = api.waitForNext('close', 2000);
    await api.connect();
    const info = await closed;
    assert.equal(server.handshakes[0].headers.authorization, undefined);
    assert.equal(info.code, 4000);
    assert.equal(info.reason, 'bye');
  } finally {
    await server.close();
  }
});

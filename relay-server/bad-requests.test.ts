// Requests that used to take the relay down or hold it up, sent as raw bytes to the relay run
// as a child process (`npm run relay`): the process must answer, log once and keep serving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { health, rawRequest, startChildRelay, upgradeRequest, type ChildRelay } from './child-relay';
import { openBrowser, startTestUpstream, type TestUpstream } from './test-support';

/** The relay still answers /health and still relays a session to the upstream. */
async function assertServing(relay: ChildRelay): Promise<void> {
  assert.ok(relay.alive(), `the relay exited:\n${relay.output().slice(-2000)}`);
  const status = await health(relay.port);
  assert.equal(status.status, 200);
  const browser = await openBrowser(relay.url);
  browser.send({ type: 'response.create' });
  const [echoed] = await browser.waitForFrames(1);
  assert.deepEqual(JSON.parse(echoed), { type: 'response.create' });
  browser.socket.close();
  await browser.closed;
}

function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

async function withRelay(env: Record<string, string>, body: (relay: ChildRelay, upstream: TestUpstream) => Promise<void>): Promise<void> {
  const upstream = await startTestUpstream();
  const relay = await startChildRelay({ OPENAI_REALTIME_URL: upstream.url, ...env });
  try {
    await body(relay, upstream);
  } finally {
    await relay.stop();
    await upstream.close();
  }
}

test('a request target that is not a path or URL gets 400, one log line, and the relay keeps serving (one GET used to kill it)', async () => {
  await withRelay({}, async (relay) => {
    const targets = ['//[', '//%', '//x:99999', '//x/health', 'http://x:99999/', 'http://[/health'];
    for (const target of targets) {
      const plain = await rawRequest(relay.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      assert.equal(plain.status, 400, `GET ${target}: ${plain.text}`);
      assert.ok(relay.alive(), `GET ${target} killed the relay:\n${relay.output().slice(-2000)}`);
      const upgrade = await rawRequest(relay.port, upgradeRequest(target));
      assert.equal(upgrade.status, 400, `upgrade ${target}: ${upgrade.text}`);
      assert.ok(upgrade.closedByServer, 'a refused upgrade is closed');
    }
    const options = await rawRequest(relay.port, 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    assert.equal(options.status, 400);
    await assertServing(relay);
    const output = relay.output();
    assert.equal(count(output, /refused a request from 127\.0\.0\.1: HTTP 400, the request target is not a path or URL/), targets.length + 1);
    assert.equal(count(output, /refused a connection from 127\.0\.0\.1: HTTP 400, the request target is not a path or URL/), targets.length);
  });
});

test('half-sent requests and silent connections are dropped with 408 within the default handshake timeout (5 s, was 60-90 s)', async () => {
  await withRelay({}, async (relay) => {
    const half = await Promise.all([
      rawRequest(relay.port, 'GET /health HT', { timeoutMs: 9000 }),
      rawRequest(relay.port, '', { timeoutMs: 9000 }),
      rawRequest(relay.port, upgradeRequest('/').slice(0, 60), { timeoutMs: 9000 }),
    ]);
    for (const response of half) {
      assert.ok(response.closedByServer, `still open after ${response.ms} ms`);
      assert.ok(response.ms >= 4500 && response.ms < 7500, `dropped after ${response.ms} ms`);
    }
    assert.equal(half[0].status, 408);
    assert.equal(count(relay.output(), /dropped a connection from 127\.0\.0\.1: HTTP 408/), 3);
    await assertServing(relay);
  });
});

test('a handshake ws refuses (no key, wrong method or version) is answered and logged once', async () => {
  await withRelay({}, async (relay) => {
    const noKey = await rawRequest(relay.port, upgradeRequest('/', { 'Sec-WebSocket-Key': '' }));
    assert.equal(noKey.status, 400);
    const post = await rawRequest(relay.port, upgradeRequest('/').replace(/^GET/, 'POST'));
    assert.equal(post.status, 405);
    const version = await rawRequest(relay.port, upgradeRequest('/', { 'Sec-WebSocket-Version': '12' }));
    assert.equal(version.status, 400);
    assert.match(version.text, /\r\nSec-WebSocket-Version: 13\r\n/);
    const output = relay.output();
    assert.equal(count(output, /refused a connection from 127\.0\.0\.1: HTTP 400, Missing or invalid Sec-WebSocket-Key header/), 1);
    assert.equal(count(output, /refused a connection from 127\.0\.0\.1: HTTP 405, Invalid HTTP method/), 1);
    assert.equal(count(output, /refused a connection from 127\.0\.0\.1: HTTP 400, Missing or invalid Sec-WebSocket-Version header/), 1);
    await assertServing(relay);
  });
});

test('connections beyond RELAY_MAX_CONNECTIONS are dropped on arrival and logged; the relay serves again once they go', async () => {
  await withRelay({ RELAY_MAX_CONNECTIONS: '4', RELAY_MAX_SESSIONS: '4' }, async (relay) => {
    const held = Array.from({ length: 4 }, () => rawRequest(relay.port, '', { timeoutMs: 1500 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const over = await rawRequest(relay.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { timeoutMs: 1000 });
    assert.equal(over.status, null, `the fifth connection was served: ${over.text}`);
    assert.ok(over.closedByServer && over.ms < 500);
    await Promise.all(held);
    assert.match(relay.output(), /dropped 1 connection\(s\): 4 are open, the most allowed \(RELAY_MAX_CONNECTIONS\)/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await assertServing(relay);
  });
});

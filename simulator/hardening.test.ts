// No request target, frame or control character ends the simulator: `npm run mock` runs as a
// real child process, bad requests are written byte for byte over node:net, and a normal
// session still works afterwards.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { escapeControl, jsonDepthExceeds, MAX_JSON_DEPTH } from './request-safety';
import { startSimulator } from './server';
import { rawExchange, spawnSimulator, statusOf, upgradeRequest, type SimulatorChild } from './child-process-support';
import { openSession, connectClient } from './test-support';

const BAD_TARGETS = ['//[', '//%', '//x:99999', '//[::1', 'http://[/v1/realtime', '//x:99999/v1/realtime?model=a'];
const DEEP = 100_000;

/** Every line the CLI printed is its own, escaped: nothing forged, no terminal escapes. */
function assertCleanLog(child: SimulatorChild): void {
  assert.equal(child.stderr(), '', 'nothing on stderr (no uncaught exception)');
  assert.ok(!child.stdout().includes('\x1b'), 'no raw escape character in the log');
  for (const line of child.stdout().split('\n').filter(Boolean)) assert.match(line, /^simulator: /, `a line the simulator did not write: ${JSON.stringify(line)}`);
}

async function assertServing(child: SimulatorChild): Promise<void> {
  assert.ok(child.alive(), `the simulator exited:\n${child.stdout()}${child.stderr()}`);
  const health = await fetch(`http://127.0.0.1:${child.port}/health`);
  assert.equal(health.status, 200);
  const { client } = await openSession(child.url);
  client.send({ type: 'session.update', event_id: 'evt_alive', session: { type: 'realtime', instructions: 'still serving' } });
  await client.next('session.updated', (e) => (e.session as { instructions: string }).instructions === 'still serving');
  client.close();
}

describe('the simulator as a child process under bad requests', () => {
  let child: SimulatorChild;
  before(async () => {
    child = await spawnSimulator();
  });
  after(async () => {
    await child.stop();
  });

  it('answers a target that is not a URL with 400, as a plain request and as an upgrade, and logs each once', async () => {
    for (const target of BAD_TARGETS) {
      const plain = await rawExchange(child.port, [`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`]);
      assert.equal(statusOf(plain.response), 400, `GET ${target}: ${plain.response}`);
      const upgrade = await rawExchange(child.port, [upgradeRequest(target)]);
      assert.equal(statusOf(upgrade.response), 400, `upgrade ${target}: ${upgrade.response}`);
      assert.ok(child.alive(), `the simulator exited on ${target}:\n${child.stderr()}`);
    }
    const logged = child.stdout().split('\n').filter((l) => l.includes('not a URL'));
    assert.equal(logged.length, BAD_TARGETS.length * 2, logged.join('\n'));
    await assertServing(child);
  });

  it('a refused socket (no key) that then sends a bad frame does not end the process', async () => {
    // An unmasked frame with a reserved opcode: the WebSocket emits 'error' on the server side.
    const exchange = await rawExchange(child.port, [upgradeRequest('/v1/realtime', null), Buffer.from([0x83, 0x80, 0, 0, 0, 0])], 500);
    assert.equal(statusOf(exchange.response), 101);
    await new Promise((r) => setTimeout(r, 100));
    assert.match(child.stdout(), /socket error: Invalid WebSocket frame/);
    await assertServing(child);
  });

  it('a reset in the middle of a refused upgrade (404) does not end the process', async () => {
    for (let i = 0; i < 50; i++) {
      const socket = connect(child.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('connect', () => {
        socket.write(upgradeRequest('/elsewhere'));
        socket.resetAndDestroy();
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    await assertServing(child);
  });

  it('control characters in a request cannot forge log lines or send terminal escapes', async () => {
    const model = 'gpt-realtime\nsimulator: forged line\x1b[31m\u2028';
    const client = await connectClient(child.url, { query: { model } });
    await client.next('session.created');
    client.close();
    await new Promise((r) => setTimeout(r, 100));
    assert.match(child.stdout(), /connection for gpt-realtime\\nsimulator: forged line\\x1b\[31m\\u2028 /);
    assertCleanLog(child);
  });

  it(`a frame nested ${DEEP.toLocaleString('en')} deep gets an error event and the session goes on`, async () => {
    const { client } = await openSession(child.url);
    const deep = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
    client.socket.send(`{"type":"session.update","session":{"type":"realtime","tools":[{"type":"function","name":"f","parameters":${deep}}]}}`);
    client.socket.send(`{"type":"conversation.item.create","item":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`);
    const errors = [await client.next('error'), await client.next('error')];
    for (const error of errors) assert.equal((error.error as { code: string }).code, 'invalid_event');
    client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'after the deep frames' } });
    await client.next('session.updated', (e) => (e.session as { instructions: string }).instructions === 'after the deep frames');
    assert.equal(client.all('error').length, 2, 'no server_error: the session was not left half-updated');
    client.close();
    await assertServing(child);
    assertCleanLog(child);
  });
});

describe('request-safety helpers', () => {
  it('escapes C0, C1 and line separators, keeps the rest', () => {
    assert.equal(escapeControl('a\nb\r\tc\x1b[0m\x00\x7f\x85\u2028é✓'), 'a\\nb\\r\\tc\\x1b[0m\\x00\\x7f\\x85\\u2028é✓');
  });

  it('measures nesting without parsing, ignoring brackets inside strings', () => {
    assert.equal(jsonDepthExceeds('[[[]]]', 3), false);
    assert.equal(jsonDepthExceeds('[[[[]]]]', 3), true);
    assert.equal(jsonDepthExceeds(`{"a":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`), false);
    assert.equal(jsonDepthExceeds(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`), false);
    assert.equal(jsonDepthExceeds(`${'['.repeat(MAX_JSON_DEPTH + 1)}`), true);
  });
});

describe('simulator timeouts and caps', () => {
  it('a half-sent request gets 408 after headersTimeoutMs; an open WebSocket outlives requestTimeoutMs', async () => {
    const lines: string[] = [];
    const sim = await startSimulator({ headersTimeoutMs: 500, requestTimeoutMs: 800, log: (l) => lines.push(l) });
    try {
      const { client } = await openSession(sim.url);
      const started = Date.now();
      const half = await rawExchange(sim.port, ['GET /v1/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\n'], 5000);
      assert.equal(statusOf(half.response), 408, half.response);
      assert.ok(Date.now() - started < 3000, `closed after ${Date.now() - started} ms`);
      await new Promise((r) => setTimeout(r, 1200));
      client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'later' } });
      await client.next('session.updated');
      assert.ok(lines.includes('simulator: a request timed out'), lines.join('\n'));
      client.close();
    } finally {
      await sim.close();
    }
  });

  it('maxConnections drops connections beyond the cap; maxPayloadBytes closes a bigger frame with 1009', async () => {
    const sim = await startSimulator({ maxConnections: 2, maxPayloadBytes: 1024 });
    try {
      const first = await openSession(sim.url);
      const second = await openSession(sim.url);
      await assert.rejects(connectClient(sim.url));
      second.client.close();
      await second.client.closed;
      await new Promise((r) => setTimeout(r, 50));
      const third = await openSession(sim.url);
      third.client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'x'.repeat(2000) } });
      assert.equal((await third.client.closed).code, 1009);
      first.client.close();
    } finally {
      await sim.close();
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { readDemoOptions } from './options';
import { startDemo } from './run-demo';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  await new Promise<void>((done) => server.close(() => done()));
  return address.port;
}

/** Whether a browser-like client (the console's origin) gets a WebSocket open on the relay. */
function relayOpens(url: string, origin: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => {
      socket.close();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

test("the demo's relay alone stops and starts again (SIGUSR1 in the demo), the rest keeps running (issue 13, item 10)", async () => {
  // A repository with a build newer than its (absent) src/ and public/: nothing is built.
  const root = mkdtempSync(join(tmpdir(), 'demo-relay-toggle-'));
  mkdirSync(join(root, 'build'));
  writeFileSync(join(root, 'build', 'index.html'), '<html>app</html>');
  const future = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'build', 'index.html'), future, future);
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [app, relay, simulator] = [...ports];
  const options = readDemoOptions({ DEMO_APP_PORT: String(app), DEMO_RELAY_PORT: String(relay), DEMO_SIMULATOR_PORT: String(simulator), DEMO_BUILD: 'never' });
  const demo = await startDemo(options, { root, log: () => undefined });
  const origin = `http://127.0.0.1:${app}`;
  try {
    assert.equal(await relayOpens(demo.relayUrl, origin), true);
    assert.equal(await demo.toggleRelay(), 'stopped');
    assert.equal(await relayOpens(demo.relayUrl, origin), false);
    assert.equal((await fetch(demo.appUrl)).status, 200, 'the console is still served');
    assert.equal(await demo.toggleRelay(), 'started');
    assert.equal(await relayOpens(demo.relayUrl, origin), true);
    // Two at once run one after the other.
    assert.deepEqual(await Promise.all([demo.toggleRelay(), demo.toggleRelay()]), ['stopped', 'started']);
  } finally {
    await demo.close();
    rmSync(root, { recursive: true, force: true });
  }
});

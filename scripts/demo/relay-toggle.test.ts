import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startStubDemo } from './test-support';

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
  const { demo, appPort: app, close } = await startStubDemo();
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
    await close();
  }
});

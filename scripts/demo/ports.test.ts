import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { DemoError } from './options';
import { assertPortsFree, explainListenError, isPortBusy, portBusyMessage, portForbiddenMessage } from './ports';

const HOST = '127.0.0.1';

async function listen(port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(port, HOST, done));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { server, port: address.port };
}
const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));

test('a port in use is busy; once released it is free, and probing does not hold it', async () => {
  const { server, port } = await listen();
  assert.equal(await isPortBusy(port, HOST), true);
  await close(server);
  assert.equal(await isPortBusy(port, HOST), false);
  // The probe let go: the port can be taken again at once.
  const again = await listen(port);
  await close(again.server);
});

test('assertPortsFree names the first busy port and the variable that moves it', async () => {
  const free = await listen();
  await close(free.server);
  const busy = await listen();
  try {
    await assert.rejects(
      assertPortsFree(
        [
          { role: 'simulator', port: free.port, envVar: 'DEMO_SIMULATOR_PORT' },
          { role: 'relay', port: busy.port, envVar: 'DEMO_RELAY_PORT' },
        ],
        HOST,
      ),
      (error: unknown) =>
        error instanceof DemoError &&
        error.message === `port ${busy.port} on ${HOST} (the relay) is already in use: stop what is using it, or set DEMO_RELAY_PORT to a free port.`,
    );
    await assertPortsFree([{ role: 'simulator', port: free.port, envVar: 'DEMO_SIMULATOR_PORT' }], HOST);
  } finally {
    await close(busy.server);
  }
});

test('a lost race for a port (EADDRINUSE at listen) reads the same; other errors pass through', () => {
  const named = { role: 'console', port: 3000, envVar: 'DEMO_APP_PORT' };
  const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
  const explained = explainListenError(inUse, named, HOST);
  assert.ok(explained instanceof DemoError);
  assert.equal(explained.message, portBusyMessage(named, HOST));
  const forbidden = explainListenError(Object.assign(new Error('listen EACCES'), { code: 'EACCES' }), named, HOST);
  assert.ok(forbidden instanceof DemoError);
  assert.equal(forbidden.message, portForbiddenMessage(named, HOST));
  assert.match(forbidden.message, /needs privileges this user lacks: set DEMO_APP_PORT to a port above 1023/);
  const other = new Error('boom');
  assert.equal(explainListenError(other, named, HOST), other);
});

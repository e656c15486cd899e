// 1000 connect/disconnect cycles, in every way a session can end, leave no socket open at the
// relay, at the upstream, or in this process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startRelay } from './server';
import { echo, eventually, openBrowser, startTestUpstream } from './test-support';

const CYCLES = 1000;
const CONCURRENCY = 25;

const openTcpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

test(`${CYCLES} connect/disconnect cycles leave no open sockets`, { timeout: 90_000 }, async () => {
  const upstream = await startTestUpstream({
    onConnection: (c) => {
      echo(c);
      c.socket.on('message', (data) => {
        if (data.toString().includes('"test.upstream_close"')) c.socket.close(1000, 'upstream done');
      });
    },
  });
  const relay = await startRelay({ apiKey: 'sk-soak', port: 0, upstreamUrl: upstream.url, log: () => undefined, shutdownGraceMs: 1000 });
  const baseline = openTcpSockets();
  const endings = { immediate: 0, afterEcho: 0, terminate: 0, upstreamClose: 0 };
  const started = Date.now();
  try {
    const cycle = async (i: number) => {
      const browser = await openBrowser(relay.url);
      switch (i % 4) {
        case 0: // gone before the upstream has even opened
          browser.socket.close();
          endings.immediate++;
          break;
        case 1:
          browser.send({ type: 'response.create', event_id: `c${i}` });
          await browser.waitForFrames(1);
          browser.socket.close(1000, 'bye');
          endings.afterEcho++;
          break;
        case 2: // a tab killed mid-session
          browser.send({ type: 'response.create' });
          await browser.waitForFrames(1);
          browser.socket.terminate();
          endings.terminate++;
          break;
        default:
          browser.send({ type: 'test.upstream_close' });
          assert.equal((await browser.closed).code, 1000);
          endings.upstreamClose++;
      }
      await browser.closed;
    };
    for (let i = 0; i < CYCLES; i += CONCURRENCY) {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, CYCLES - i) }, (_, k) => cycle(i + k)));
    }
    await eventually(() => relay.activeSessions() === 0, 'no relay session left', 10_000);
    await eventually(() => upstream.openCount() === 0, 'no upstream socket left', 10_000);
    await eventually(() => openTcpSockets() <= baseline, `TCP sockets back to ${baseline} (now ${openTcpSockets()})`, 10_000);
    assert.deepEqual(endings, { immediate: CYCLES / 4, afterEcho: CYCLES / 4, terminate: CYCLES / 4, upstreamClose: CYCLES / 4 });
    // Upstream connections: one per session that lived long enough to dial (all but some immediate closes).
    assert.ok(upstream.connections.length >= (CYCLES * 3) / 4);
    const health = await new Promise<string>((resolve) => {
      const socket = new WebSocket(relay.url, { origin: 'http://localhost:3000' });
      socket.on('open', () => {
        socket.close();
        resolve('still accepting');
      });
      socket.on('error', (e) => resolve(e.message));
    });
    assert.equal(health, 'still accepting');
    console.log(`soak: ${CYCLES} cycles in ${Date.now() - started} ms`);
  } finally {
    await relay.close();
    await upstream.close();
  }
});

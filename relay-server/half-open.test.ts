// 200 half-open connections against the relay run as a child process: 100 that send half a
// request line, 100 that upgrade and then send half a frame. The relay's resident memory is
// read from /proc before and after (and printed), and every one of them is dropped by the
// timeouts (short ones here: the handshake timeout for the first kind, the idle timeout for the
// second), after which the relay serves as before. Loopback only.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { health, rssKiB, startChildRelay, upgradeRequest } from './child-relay';
import { eventually, openBrowser, startTestUpstream } from './test-support';

const HALF_REQUESTS = 100;
const HALF_FRAMES = 100;
/** The frame announced after the upgrade; half of it is sent. */
const FRAME_BYTES = 128 * 1024;
const HEADERS_TIMEOUT_MS = 1500;
const IDLE_TIMEOUT_MS = 3000;
const SHUTDOWN_GRACE_MS = 500;
/** Generous: measured at about 11 MiB (sessions, their upstream sockets, 6.4 MiB of half frames). */
const MAX_GROWTH_MIB = 150;

interface HalfOpen {
  socket: Socket;
  received: () => string;
  closedAt: Promise<number>;
}

function open(port: number, first: string): HalfOpen {
  const socket = connect({ port, host: '127.0.0.1' });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closedAt = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  socket.write(first);
  return { socket, received: () => received, closedAt };
}

/** A masked text frame header announcing `length` bytes (64-bit length form), then half of them. */
function halfFrame(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  header.writeUInt32BE(0x01020304, 10);
  return Buffer.concat([header, Buffer.alloc(length / 2, 0x61)]);
}

const mib = (kib: number) => (kib / 1024).toFixed(1);

test(`RSS with ${HALF_REQUESTS + HALF_FRAMES} half-open connections stays bounded and the timeouts drop them all`, { timeout: 60_000 }, async () => {
  const upstream = await startTestUpstream();
  const relay = await startChildRelay({
    OPENAI_REALTIME_URL: upstream.url,
    RELAY_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    RELAY_REQUEST_TIMEOUT_MS: String(2 * HEADERS_TIMEOUT_MS),
    RELAY_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
    RELAY_SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
    RELAY_MAX_SESSIONS_PER_CLIENT: String(HALF_FRAMES),
  });
  try {
    // Warm up (modules loaded, one session through) before the baseline.
    const warm = await openBrowser(relay.url);
    warm.send({ type: 'response.create' });
    await warm.waitForFrames(1);
    warm.socket.close();
    await warm.closed;
    await eventually(() => upstream.openCount() === 0, 'the warm-up session ended');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = rssKiB(relay.pid);

    const started = Date.now();
    const halfRequests = Array.from({ length: HALF_REQUESTS }, () => open(relay.port, 'GET /health HT'));
    const halfFrames = Array.from({ length: HALF_FRAMES }, () => open(relay.port, upgradeRequest('/')));
    await eventually(() => halfFrames.every((c) => c.received().startsWith('HTTP/1.1 101')), 'every upgrade answered', 10_000);
    await Promise.all(halfFrames.map((c) => new Promise((resolve) => c.socket.write(halfFrame(FRAME_BYTES), resolve))));
    await eventually(() => upstream.openCount() === HALF_FRAMES, 'every session reached the upstream', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = rssKiB(relay.pid);
    const sessionsDuring = (await health(relay.port)).body;

    const requestsClosed = await Promise.all(halfRequests.map((c) => c.closedAt));
    const framesClosed = await Promise.all(halfFrames.map((c) => c.closedAt));
    await eventually(() => upstream.openCount() === 0, 'every upstream closed', 5000);
    const after = rssKiB(relay.pid);
    console.log(
      `half-open: relay RSS ${mib(before)} MiB before, ${mib(during)} MiB with ${HALF_REQUESTS} half request lines + ${HALF_FRAMES} half ${FRAME_BYTES / 1024} KiB frames open ` +
        `(+${mib(during - before)} MiB), ${mib(after)} MiB once dropped; ` +
        `half requests dropped after ${Math.max(...requestsClosed) - started} ms, half frames after ${Math.max(...framesClosed) - started} ms`,
    );

    assert.deepEqual(sessionsDuring, { ok: true, sessions: HALF_FRAMES });
    assert.ok(during - before < MAX_GROWTH_MIB * 1024, `RSS grew by ${mib(during - before)} MiB`);
    // The handshake timeout (checked every headersTimeout/5) dropped the half requests with 408.
    assert.ok(Math.max(...requestsClosed) - started < HEADERS_TIMEOUT_MS + 1500, 'half request lines dropped by the handshake timeout');
    assert.ok(halfRequests.every((c) => c.received().startsWith('HTTP/1.1 408')));
    // The idle timeout closed the half-frame sessions (4901), cut after the grace period.
    assert.ok(Math.max(...framesClosed) - started < IDLE_TIMEOUT_MS + SHUTDOWN_GRACE_MS + 2500, 'half frames dropped by the idle timeout');
    assert.ok(Math.min(...framesClosed) - started >= IDLE_TIMEOUT_MS - 100, 'not before the idle timeout');
    await eventually(() => (relay.output().match(/ closed: 4901 /g) ?? []).length === HALF_FRAMES, 'a 4901 close logged per half-frame session');

    assert.ok(relay.alive());
    assert.deepEqual((await health(relay.port)).body, { ok: true, sessions: 0 });
    const browser = await openBrowser(relay.url);
    browser.send({ type: 'response.create' });
    await browser.waitForFrames(1);
    browser.socket.close();
    await browser.closed;
  } finally {
    await relay.stop();
    await upstream.close();
  }
});

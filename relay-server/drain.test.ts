// Readiness and the drain, in-process: /ready follows the upstream probe and the drain; a drain
// refuses new sessions at once, lets open ones go on for its grace, then closes them with 1012.
// Phone calls and WebRTC sidebands are drained the same way. The route table answers a wrong
// method with 405. (The CLI's SIGTERM drain behind a real load
// balancer: deploy/fleet.test.ts.)
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startRelay } from './server';
import { DRAIN_CLOSE_REASON } from './shutdown';
import { captureLog, eventually, handshakeStatus, openBrowser, startTestUpstream } from './test-support';
import { TEST_SDP_OFFER, post, webrtcEndpoints } from './test-support-webrtc';
import { startPhoneRelay } from './phone/test-support';

const KEY = 'sk-drain-test-0123456789abcdef';

async function get(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string; allow: string | null }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: response.status, body: await response.text(), allow: response.headers.get('allow') };
}

/**
 * /ready, polled until `wanted` holds (the probe runs on its own timer): a count of polls is no
 * measure of time, and on a loaded machine 40 of them ended before the probe had run.
 */
async function readyOnce(port: number, wanted: (ready: { status: number; body: string }) => boolean, what: string): Promise<{ status: number; body: string }> {
  let ready = await get(port, '/ready');
  const deadline = Date.now() + 10_000;
  while (!wanted(ready) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    ready = await get(port, '/ready');
  }
  assert.ok(wanted(ready), `/ready never answered ${what}: ${ready.status} ${ready.body}`);
  return ready;
}

test('/ready is 503 until the upstream answers a probe, 200 while it does, 503 again once it stops', async () => {
  // A plain TCP listener stands in for the upstream host: the probe only connects.
  const host: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const { port: upstreamPort } = host.address() as AddressInfo;
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: `ws://127.0.0.1:${upstreamPort}/v1/realtime`, upstreamProbeIntervalMs: 50, log: () => undefined });
  try {
    const ready = await readyOnce(relay.port, (r) => r.status === 200, '200');
    assert.deepEqual(JSON.parse(ready.body), { ready: true, sessions: 0 });
    await new Promise<void>((resolve) => host.close(() => resolve()));
    // A probe that raced the close is reset (ECONNRESET); once the host is gone, refused.
    await readyOnce(relay.port, (r) => r.status === 503 && /upstream unreachable \(ECONNREFUSED\)/.test(JSON.parse(r.body).reason), '503, upstream unreachable (ECONNREFUSED)');
    assert.equal((await get(relay.port, '/health')).status, 200, 'alive although not ready');
  } finally {
    await relay.close();
  }
});

test('a drain: /ready 503 and new sessions refused at once, open ones go on until the grace ends, then 1012', async () => {
  const upstream = await startTestUpstream();
  const log = captureLog();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, upstreamProbeIntervalMs: 0, drainGraceMs: 600, log: log.sink });
  try {
    assert.equal((await get(relay.port, '/ready')).status, 200);
    const staying = await openBrowser(relay.url);
    const leaving = await openBrowser(relay.url);
    staying.send({ type: 'response.create' });
    await staying.waitForFrames(1);

    const started = Date.now();
    const drained = relay.drain();
    const ready = await get(relay.port, '/ready');
    assert.equal(ready.status, 503);
    assert.equal(JSON.parse(ready.body).reason, 'draining');
    assert.equal(await handshakeStatus(relay.url), 503, 'a new session is refused so the balancer retries elsewhere');

    // An open session still works during the grace, and one that leaves by itself is not waited for.
    staying.send({ type: 'input_audio_buffer.append', audio: 'AAAA' });
    await staying.waitForFrames(2);
    leaving.socket.close(1000);
    assert.deepEqual(await staying.closed, { code: 1012, reason: DRAIN_CLOSE_REASON });
    const tookMs = Date.now() - started;
    assert.ok(tookMs >= 550, `closed after ${tookMs} ms, before the grace ended`);
    await drained;
    assert.equal(relay.activeSessions(), 0);
    assert.ok(log.lines.some((line) => /draining: not ready, new sessions refused; 2 open session\(s\)/.test(line)), log.lines.join('\n'));
    assert.ok(log.lines.some((line) => / closed: 1012 /.test(line)));
  } finally {
    await relay.close();
    await upstream.close();
  }
});

test('a drain with no open session ends at once; close() during a drain skips the rest of the grace', async () => {
  const upstream = await startTestUpstream();
  const idle = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, upstreamProbeIntervalMs: 0, drainGraceMs: 60_000, log: () => undefined });
  const started = Date.now();
  await idle.drain();
  assert.ok(Date.now() - started < 2000);

  const busy = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, upstreamProbeIntervalMs: 0, drainGraceMs: 60_000, log: () => undefined });
  const browser = await openBrowser(busy.url);
  const drained = busy.drain();
  await busy.close();
  await drained;
  assert.equal((await browser.closed).code, 1012);
  await upstream.close();
});

test('the route table: a known path with the wrong method gets 405 and Allow; HEAD works where GET does', async () => {
  const upstream = await startTestUpstream();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, upstreamProbeIntervalMs: 0, log: () => undefined });
  try {
    const post = await get(relay.port, '/ready', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.allow, 'GET');
    assert.equal((await get(relay.port, '/health', 'HEAD')).status, 200);
    assert.equal((await get(relay.port, '/nothing')).status, 426);
  } finally {
    await relay.close();
    await upstream.close();
  }
});

test('a drain gives phone calls and WebRTC sidebands the same grace, then closes them with 1012 too', async () => {
  const endpoints = webrtcEndpoints();
  const upstream = await startTestUpstream({ onRequest: endpoints.onRequest, onConnection: () => undefined });
  const phone = await startPhoneRelay({ apiKey: KEY, upstreamUrl: upstream.url, upstreamProbeIntervalMs: 0, drainGraceMs: 600 });
  try {
    const line = await phone.call();
    const answer = await post(`${phone.httpUrl}/session`, TEST_SDP_OFFER, { type: 'application/sdp' });
    assert.equal(answer.status, 201, answer.text);
    await eventually(() => upstream.connections.length === 2 && upstream.connections.every((c) => c.socket.readyState === 1), 'the call\'s upstream and the sideband are open');
    const upstreamClosed = upstream.connections.map((c) => new Promise<number>((resolve) => c.socket.on('close', (code) => resolve(code))));

    const started = Date.now();
    const drained = phone.relay.drain();
    assert.equal((await get(phone.relay.port, '/ready')).status, 503);
    assert.equal((await post(`${phone.httpUrl}/session`, TEST_SDP_OFFER, { type: 'application/sdp' })).status, 503, 'no new call during the drain');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(upstream.openCount(), 2, 'both go on during the grace');

    const closed = await line.closed;
    assert.equal(closed.code, 1012);
    assert.match(closed.reason, /restarting/);
    assert.deepEqual((await Promise.all(upstreamClosed)).sort(), [1012, 1012]);
    assert.ok(Date.now() - started >= 550, 'not before the grace ended');
    await drained;
    assert.ok(phone.lines.some((line) => /draining: .* 2 open session\(s\)/.test(line)), phone.lines.join('\n'));
    assert.ok(phone.lines.some((line) => /sideband closed: 1012/.test(line)), phone.lines.join('\n'));
  } finally {
    await phone.close();
    await upstream.close();
  }
});

test('a drain ends as soon as the last phone call hangs up', async () => {
  const upstream = await startTestUpstream({ onConnection: () => undefined });
  const phone = await startPhoneRelay({ apiKey: KEY, upstreamUrl: upstream.url, upstreamProbeIntervalMs: 0, drainGraceMs: 60_000 });
  try {
    const line = await phone.call();
    await eventually(() => upstream.connections[0]?.socket.readyState === 1, 'the call\'s upstream is open');
    const started = Date.now();
    const drained = phone.relay.drain();
    await new Promise((resolve) => setTimeout(resolve, 100));
    line.hangUp();
    await drained;
    assert.ok(Date.now() - started < 5000, `the drain waited ${Date.now() - started} ms for a call that had ended`);
  } finally {
    await phone.close();
    await upstream.close();
  }
});

// Generated webhooks and Media Streams frames against the phone line: random bodies, signatures
// and headers on /twiml; on /call random frames before `start` (each must close the socket with
// 1008 and open no upstream) and after it (each ignored or used, never crashing the bridge).
// Afterwards the relay answers /health and a real call still works. Seeded: FUZZ_SEED=N
// reproduces a run. Loopback only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { startTestUpstream, type TestUpstream } from '../test-support';
import { fuzzSeed, mulberry32 } from '../../testing/seeded-random';
import { AUTH_TOKEN, startPhoneRelay, until, type PhoneRelay } from './test-support';

const SEED = fuzzSeed();
const WEBHOOKS = 300;
const FRAMES = 2000;

function generator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const junk = (max: number) => Array.from({ length: int(max) }, () => String.fromCharCode(int(0x2fff))).join('');
  const value = (): unknown => pick<() => unknown>([
    () => junk(20), () => int(1e6), () => String(int(1e6)), () => null, () => [], () => ({}), () => -1, () => 1e309, () => '',
    () => 'A'.repeat(int(70_000)), () => ({ payload: junk(10) }), () => true,
  ])();
  const events = ['connected', 'start', 'media', 'dtmf', 'mark', 'stop', 'clear', 'bogus', ''];
  /** A frame shaped like a Media Streams message, one part of it wrong. */
  const frame = (streamSid: string): string => {
    const base: Record<string, unknown> = {
      event: pick(events), sequenceNumber: pick([String(int(100)), int(100), value()]), streamSid: pick([streamSid, value()]),
      media: pick([{ track: 'inbound', chunk: '1', timestamp: String(int(1e5)), payload: Buffer.from(junk(40)).toString('base64') }, { payload: value(), timestamp: value() }, value()]),
      mark: pick([{ name: String(int(50)) }, { name: value() }, value()]),
      dtmf: pick([{ digit: pick(['1', '#', '*']) }, value()]),
      start: pick([{ customParameters: value(), mediaFormat: value() }, value()]),
    };
    if (random() < 0.3) base[pick(Object.keys(base))] = value();
    return pick([() => JSON.stringify(base), () => junk(200), () => JSON.stringify(value()), () => JSON.stringify(base).slice(0, int(100))])();
  };
  const body = (): string => pick([
    () => new URLSearchParams({ CallSid: junk(10), From: junk(10) }).toString(),
    () => junk(500),
    () => '%'.repeat(int(100)) + '&=&==&' + junk(30),
    () => 'x='.repeat(int(5000)),
  ])();
  return { int, pick, frame, body, junk };
}

describe(`phone line fuzz (FUZZ_SEED=${SEED})`, () => {
  let upstream: TestUpstream;
  let phone: PhoneRelay;
  before(async () => {
    upstream = await startTestUpstream({ onConnection: () => undefined });
    phone = await startPhoneRelay({ upstreamUrl: upstream.url, phone: { maxWebhookBodyBytes: 8 * 1024 } });
  });
  after(async () => {
    await phone.close();
    await upstream.close();
  });

  it('refuses every unsigned or mis-signed webhook with 403 (or 413 when too big)', async () => {
    const g = generator(mulberry32(SEED));
    const url = `${phone.httpUrl}/twiml`;
    for (let i = 0; i < WEBHOOKS; i++) {
      const body = g.body();
      const params = Object.fromEntries(new URLSearchParams(body));
      const signature = g.pick([
        () => undefined,
        () => g.junk(40),
        () => getExpectedTwilioSignature(AUTH_TOKEN, `${url}?x=${i}`, params),
        () => getExpectedTwilioSignature(`${AUTH_TOKEN}!`, url, params),
      ])();
      const headers: Record<string, string> = { 'content-type': g.pick(['application/x-www-form-urlencoded', 'text/plain', 'x/y']) };
      // Header values must be Latin-1 for fetch; junk is only sent where it fits.
      if (signature !== undefined && /^[\x20-\x7e]*$/.test(signature)) headers['x-twilio-signature'] = signature;
      const response = await fetch(url, { method: 'POST', headers, body });
      await response.text();
      assert.ok([403, 413].includes(response.status), `webhook ${i}: HTTP ${response.status}`);
    }
    assert.equal(upstream.connections.length, 0);
  });

  it('closes /call with 1008 on any frame before a valid start, and survives any frame after it', async () => {
    const g = generator(mulberry32(SEED + 1));
    const callUrl = `${phone.httpUrl.replace('http', 'ws')}/call`;
    for (let i = 0; i < 100; i++) {
      const socket = new WebSocket(callUrl);
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('open', resolve));
      // A random frame, then a start with no token (a `connected` first is allowed; nothing else is).
      socket.send(g.frame('MZ00'));
      socket.send(JSON.stringify({ event: 'start', sequenceNumber: '1', streamSid: 'MZ00', start: { customParameters: {} } }));
      assert.equal(await closed, 1008, `frame ${i}`);
    }
    const line = await phone.call();
    await until(() => upstream.connections.length === 1, 'the upstream opened');
    for (let i = 0; i < FRAMES; i++) line.sendRaw(g.frame(line.streamSid));
    const health = await fetch(`${phone.httpUrl}/health`);
    assert.equal(health.status, 200);
    line.hangUp();
    await line.closed;
    assert.equal(upstream.connections.length, 1, 'only the valid call reached the upstream');
    // Every frame that reached the upstream is a JSON object with a string type.
    for (const text of upstream.connections[0].frames) assert.equal(typeof (JSON.parse(text) as { type: unknown }).type, 'string');
    // And the line still takes calls.
    const next = await phone.call();
    await until(() => upstream.connections.length === 2, 'a later call reached the upstream');
    next.hangUp();
    await next.closed;
  });
});

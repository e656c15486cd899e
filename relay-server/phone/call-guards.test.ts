// Who may start a call, and how calls end: the webhook's signature, the one-time stream token,
// the caller hanging up, the upstream failing. Loopback only; the upstream is the relay suite's
// recording server (it records what reaches it and how many sockets are open).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestUpstream, type TestUpstream } from '../test-support';
import { PhoneLine } from '../../scripts/phone/phone-line';
import { WebhookRefused, postWebhook, type StreamInstructions } from '../../scripts/phone/webhook-client';
import { startRelay } from '../server';
import { AUTH_TOKEN, startPhoneRelay, until, type PhoneRelay } from './test-support';

async function refusedStatus(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WebhookRefused) return error.status;
    throw error;
  }
  return 200;
}

describe('phone line guards', () => {
  let upstream: TestUpstream;
  let phone: PhoneRelay;

  before(async () => {
    upstream = await startTestUpstream({ onConnection: () => undefined });
    phone = await startPhoneRelay({ upstreamUrl: upstream.url, phone: { streamTokenTtlMs: 1000, startTimeoutMs: 500 } });
  });
  after(async () => {
    await phone.close();
    await upstream.close();
  });

  it('refuses unsigned, badly signed and wrongly addressed webhooks with 403, and other methods with 405', async () => {
    assert.equal(await refusedStatus(phone.webhook({ signature: 'none' })), 403);
    assert.equal(await refusedStatus(phone.webhook({ signature: 'bad' })), 403);
    // Signed for another URL than the relay's public one.
    assert.equal(await refusedStatus(phone.webhook({ signedUrl: 'https://elsewhere.example/twiml' })), 403);
    const get = await fetch(`${phone.httpUrl}/twiml`);
    assert.equal(get.status, 405);
    assert.ok(phone.lines.some((line) => /webhook refused: HTTP 403, the signature does not verify/.test(line)));
    assert.equal(upstream.connections.length, 0);
  });

  it('answers a signed webhook with TwiML that streams to /call with a token parameter', async () => {
    const call = await phone.webhook();
    assert.equal(call.streamUrl, `${phone.httpUrl.replace('http', 'ws')}/call`);
    assert.match(call.parameters.relay_stream_token ?? '', /^[\w-]{32}$/);
  });

  it('closes /call with 1008 and opens no upstream without a valid token: none, forged, reused, expired, or no start at all', async () => {
    const call = await phone.webhook();
    const cases: StreamInstructions[] = [
      { ...call, parameters: {} },
      { ...call, parameters: { relay_stream_token: 'forged-token-forged-token-forged-1' } },
    ];
    for (const instructions of cases) {
      const line = await PhoneLine.dial(instructions);
      assert.equal((await line.closed).code, 1008);
    }
    // Used once (the upstream opens), refused the second time.
    const first = await PhoneLine.dial(call);
    await until(() => upstream.connections.length === 1, 'the first use opened an upstream');
    const second = await PhoneLine.dial(call);
    assert.equal((await second.closed).code, 1008);
    first.hangUp();
    await first.closed;
    // Expired: the test relay's tokens live 1 s.
    const late = await phone.webhook();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await (await PhoneLine.dial(late)).closed).code, 1008);
    // A socket that never sends start is closed after startTimeoutMs.
    const silent = new WebSocket(call.streamUrl);
    const closed = await new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    assert.equal(closed, 1008);
    assert.equal(upstream.connections.length, 1);
    assert.ok(phone.lines.some((line) => /refused: the stream token is missing, used or expired/.test(line)));
  });

  it('ends the upstream session when the caller hangs up', async () => {
    const before = upstream.connections.length;
    const line = await phone.call();
    await until(() => upstream.connections.length === before + 1 && upstream.openCount() === 1, 'the upstream is open');
    await until(() => upstream.connections[before].frames.some((f) => f.includes('"session.update"')), 'the session was configured');
    line.hangUp();
    await until(() => upstream.openCount() === 0, 'the upstream closed');
    assert.ok(phone.lines.some((l) => /ended after .*the caller hung up/.test(l)));
  });

  it('ends the call with a logged reason when the upstream fails', async () => {
    const before = upstream.connections.length;
    const line = await phone.call();
    await until(() => upstream.connections.length === before + 1, 'the upstream is open');
    upstream.connections[before].socket.close(1011, 'model crashed');
    const closed = await line.closed;
    assert.equal(closed.code, 1011);
    assert.match(closed.reason, /upstream closed the session \(1011 model crashed\)/);
    assert.ok(phone.lines.some((l) => /ended after .*the upstream closed the session \(1011 model crashed\)/.test(l)));
  });

  it('ends the call when the upstream cannot be reached, saying why', async () => {
    const dead = await startPhoneRelay({ upstreamUrl: 'ws://127.0.0.1:1/v1/realtime' });
    try {
      const line = await dead.call();
      const closed = await line.closed;
      assert.equal(closed.code, 1011);
      assert.match(closed.reason, /cannot reach the upstream \(ECONNREFUSED\)/);
    } finally {
      await dead.close();
    }
  });

  it('has no /twiml and no /call unless both the auth token and the public URL are set', async () => {
    const relay = await startRelay({ apiKey: 'sim-key', port: 0, upstreamUrl: upstream.url, log: () => undefined, phone: { twilioAuthToken: AUTH_TOKEN } });
    try {
      const http = relay.url.replace('ws', 'http');
      const posted = await postWebhook({ postUrl: `${http}/twiml`, signedUrl: `${http}/twiml`, authToken: AUTH_TOKEN }).catch((error: unknown) => error);
      assert.ok(posted instanceof WebhookRefused && posted.status !== 200, 'no webhook route');
    } finally {
      await relay.close();
    }
  });

  it("applies the relay's policy to calls: held instructions are forced, denied events never leave", async () => {
    const held = await startPhoneRelay({ upstreamUrl: upstream.url, policy: { instructions: 'You are Acme support.', clientDeny: ['response.create'] } });
    try {
      const before = upstream.connections.length;
      const line = await held.call();
      await until(() => upstream.connections.length === before + 1 && upstream.connections[before].frames.filter((f) => f.includes('"session.update"')).length >= 2, 'the opening and the call session reached the upstream');
      const updates = upstream.connections[before].frames.filter((f) => f.includes('"session.update"')).map((f) => JSON.parse(f) as { session: { instructions?: string } });
      assert.ok(updates.every((u) => u.session.instructions === 'You are Acme support.'), JSON.stringify(updates.map((u) => u.session.instructions)));
      // A tool result's response.create would be denied: the upstream never sees one.
      upstream.connections[before].socket.send(JSON.stringify({ type: 'response.done', event_id: 'e1', response: { id: 'r1', status: 'completed', output: [{ type: 'function_call', name: 'set_memory', call_id: 'c1', arguments: '{"key":"name","value":"Ada"}' }] } }));
      await until(() => upstream.connections[before].frames.some((f) => f.includes('function_call_output')), 'the tool output went up');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(!upstream.connections[before].frames.some((f) => f.includes('"response.create"')));
      assert.ok(held.lines.some((l) => /policy refused response.create/.test(l)));
      line.hangUp();
      await line.closed;
    } finally {
      await held.close();
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startSimulator } from './server';
import { suiteSimulator, openSession, connectClient } from './test-support';

const KEY = 'sk-sim-required-key';

describe('simulator handshake', () => {
  const sim = suiteSimulator({ apiKey: KEY, speed: 50 });

  it('listens on loopback at the real path', () => {
    assert.match(sim.url, /^ws:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/);
  });

  it('accepts the key as a Bearer header and sends a full GA session', async () => {
    const { client, session } = await openSession(sim.url, { key: KEY, query: { model: 'gpt-realtime-mini' } });
    const s = session.session as Record<string, unknown>;
    assert.match(String(s.id), /^sess_sim_[A-Za-z0-9]{21}$/);
    assert.equal(s.object, 'realtime.session');
    assert.equal(s.type, 'realtime');
    assert.equal(s.model, 'gpt-realtime-mini');
    assert.deepEqual(Object.keys(s.audio as object).sort(), ['input', 'output']);
    client.close();
  });

  it('accepts the key as the openai-insecure-api-key subprotocol and selects `realtime`', async () => {
    const client = await connectClient(sim.url, { key: KEY, keyInSubprotocol: true, protocols: ['realtime'] });
    assert.equal(client.socket.protocol, 'realtime');
    await client.next('session.created');
    client.close();
  });

  it('refuses a wrong key with invalid_api_key, then closes', async () => {
    const client = await connectClient(sim.url, { key: 'sk-wrong-key-123456' });
    const error = await client.next('error');
    const info = error.error as Record<string, unknown>;
    assert.equal(info.code, 'invalid_api_key');
    assert.ok(!String(info.message).includes('sk-wrong-key-123456'), 'the key is redacted');
    const closed = await client.closed;
    assert.equal(closed.code, 1008);
    assert.equal(client.all('session.created').length, 0);
  });

  it('refuses a missing key', async () => {
    const client = await connectClient(sim.url, { key: null });
    const error = await client.next('error');
    assert.equal((error.error as { code: string }).code, 'missing_api_key');
    assert.equal((await client.closed).code, 1008);
  });

  it('closes a beta handshake (OpenAI-Beta header) with 4000 and beta_api_shape_disabled', async () => {
    const client = await connectClient(sim.url, { key: KEY, headers: { 'OpenAI-Beta': 'realtime=v1' } });
    const error = await client.next('error');
    assert.equal((error.error as { code: string }).code, 'beta_api_shape_disabled');
    assert.equal((await client.closed).code, 4000);
  });

  it('closes a beta handshake (openai-beta.realtime-v1 subprotocol) the same way', async () => {
    const client = await connectClient(sim.url, {
      key: KEY,
      keyInSubprotocol: true,
      protocols: ['realtime', 'openai-beta.realtime-v1'],
    });
    const error = await client.next('error');
    assert.equal((error.error as { code: string }).code, 'beta_api_shape_disabled');
    assert.equal((await client.closed).code, 4000);
  });

  it('answers 404 on another path', async () => {
    const socket = new WebSocket(sim.url.replace('/v1/realtime', '/v1/other'), { headers: { Authorization: `Bearer ${KEY}` } });
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => resolve(-1));
    });
    assert.equal(status, 404);
  });

  it('accepts any non-empty key when no key is configured', async () => {
    const open = await startSimulator({ speed: 50 });
    try {
      const { client } = await openSession(open.url, { key: 'anything' });
      client.close();
    } finally {
      await open.close();
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FAULT_CLOSE_CODE, parseFaults, parseScript } from './faults';
import { suiteSimulator, openSession, connectClient } from './test-support';
import type { RecordingClient } from '../testing/recording-client';

const userText = (client: RecordingClient, text: string): void =>
  client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });

describe('simulator faults (query parameters)', () => {
  const sim = suiteSimulator({ speed: 100 });

  it('fault_close_after=N closes after N events with 1011 by default', async () => {
    const client = await connectClient(sim.url, { query: { fault_close_after: 4 } });
    client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    userText(client, 'hello');
    const closed = await client.closed;
    assert.equal(closed.code, DEFAULT_FAULT_CLOSE_CODE);
    assert.deepEqual(client.events.map((e) => e.type), ['session.created', 'session.updated', 'conversation.item.added', 'conversation.item.done']);
  });

  it('fault_close_code=C alone closes right after session.created with C', async () => {
    const client = await connectClient(sim.url, { query: { fault_close_code: 4321 } });
    const closed = await client.closed;
    assert.equal(closed.code, 4321);
    assert.deepEqual(client.events.map((e) => e.type), ['session.created']);
  });

  it('fault_close_after with fault_close_code cuts a response mid-stream', async () => {
    const client = await connectClient(sim.url, { query: { fault_close_after: 8, fault_close_code: 3001 } });
    await client.next('session.created');
    userText(client, 'Say something');
    client.send({ type: 'response.create' });
    const closed = await client.closed;
    assert.equal(closed.code, 3001);
    assert.equal(client.events.length, 8);
    assert.equal(client.all('response.done').length, 0);
  });

  it('fault_beta_shape=1 refuses the session as the real API refuses a beta shape', async () => {
    const client = await connectClient(sim.url, { query: { fault_beta_shape: 1 } });
    const closed = await client.closed;
    assert.equal(closed.code, 4000);
    assert.equal(closed.reason, 'beta_api_shape_disabled');
    assert.deepEqual(client.events.map((e) => e.type), ['error']);
    const error = client.events[0].error as { code?: unknown; message?: unknown };
    assert.equal(error.code, 'beta_api_shape_disabled');
    assert.match(String(error.message), /beta shape is no longer supported/);
  });

  it('ignores a close code a server may not send', () => {
    assert.equal(parseFaults(new URLSearchParams('fault_close_code=1005')).closeCode, DEFAULT_FAULT_CLOSE_CODE);
    assert.equal(parseFaults(new URLSearchParams('fault_close_after=x')).closeAfterEvents, null);
    assert.equal(parseFaults(new URLSearchParams('fault_delay_ms=99999999')).delayMs, 60_000);
  });

  it('reads sim_script as JSON or |-separated text', () => {
    assert.deepEqual(parseScript(new URLSearchParams({ sim_script: '["a|b", "c"]' })), ['a|b', 'c']);
    assert.deepEqual(parseScript(new URLSearchParams({ sim_script: 'one | two|' })), ['one', 'two']);
    assert.equal(parseScript(new URLSearchParams('')), null);
  });

  it('fault_delay_ms delays every event and keeps their order', async () => {
    const delay = 150;
    const openedAt = Date.now();
    const client = await connectClient(sim.url, { query: { fault_delay_ms: delay } });
    await client.next('session.created');
    assert.ok(Date.now() - openedAt >= delay, 'session.created held back');
    client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    const sentAt = Date.now();
    await client.next('session.updated');
    assert.ok(Date.now() - sentAt >= delay - 5, 'session.updated held back');
    userText(client, 'hello');
    client.send({ type: 'response.create' });
    await client.next('response.done');
    const types = client.events.map((e) => e.type);
    assert.ok(types.indexOf('response.created') < types.indexOf('response.output_text.delta'));
    assert.ok(types.indexOf('response.output_text.done') < types.indexOf('response.done'));
    client.close();
  });

  it('fault_error=CODE sends that error after session.created; the connection stays usable', async () => {
    const { client } = await openSession(sim.url, { query: { fault_error: 'rate_limit_exceeded' } });
    const error = await client.next('error');
    assert.equal((error.error as { code: string }).code, 'rate_limit_exceeded');
    client.send({ type: 'session.update', session: { type: 'realtime' } });
    await client.next('session.updated');
    client.close();
  });

  it('fault_stall=1 sends session.created then nothing, with the socket open', async () => {
    const { client } = await openSession(sim.url, { query: { fault_stall: 1 } });
    userText(client, 'hello');
    client.send({ type: 'response.create' });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(client.events.map((e) => e.type), ['session.created']);
    assert.equal(client.socket.readyState, client.socket.OPEN);
    client.close();
  });

  it('fault_malformed=1 sends a frame that is not JSON', async () => {
    const { client } = await openSession(sim.url, { query: { fault_malformed: 1 } });
    await client.waitUntil(() => (client.frames.length >= 2 ? true : null));
    assert.throws(() => JSON.parse(client.frames[1]));
    client.close();
  });

  it('fault_response_failed=1 ends responses with status failed', async () => {
    const { client } = await openSession(sim.url, { query: { fault_response_failed: 1 } });
    userText(client, 'hello');
    client.send({ type: 'response.create' });
    const done = await client.next('response.done');
    const response = done.response as { status: string; status_details: { type: string; error: { code: string } } };
    assert.equal(response.status, 'failed');
    assert.equal(response.status_details.type, 'failed');
    assert.equal(response.status_details.error.code, 'simulated_failure');
    client.close();
  });
});

// The fork route's input, fuzzed: odd session ids in the path, query strings, missing keys, and
// mutated `session.start` overrides and commands on a fork of a real stored session. The
// simulator must answer each with an error or a refusal, never crash, and still fork afterwards.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectLive, invalidLiveEvents, mutateEvent, sendAudio, silence, speech, startLiveSession, startLiveSimulator } from './test-support';
import type { RecordingClient } from '../../testing/recording-client';

const live = startLiveSimulator({ script: ['Hello there simulator'] });
after(async () => (await live).simulator.close());

const forkUrl = (base: string, id: string): string => `${base}/${id}/fork`;

/** A stored, closed session that heard one turn. */
async function storedSession(url: string): Promise<string> {
  const client = await startLiveSession(url, { store: true });
  const id = (client.all('session.started')[0].session as { id: string }).id;
  sendAudio(client, speech('Hello there simulator'));
  sendAudio(client, silence(3000));
  await client.next('session.output_transcript.delta');
  client.send({ type: 'session.close' });
  await client.closed;
  return id;
}

/** Opens a socket, or null when the handshake itself is refused (an id the route does not match). */
async function tryConnect(url: string, key: string | null = 'sk-sim-test'): Promise<RecordingClient | null> {
  try {
    return await connectLive(url, key);
  } catch {
    return null;
  }
}

const ODD: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(5000), [], {}, { type: 'x' }, true, '\u0000', 'gpt-live-1', { rate: 'x' }];
const START_SEEDS: unknown[] = [
  { type: 'session.start', session: {} },
  { type: 'session.start', session: { store: false, audio: { format: { type: 'audio/pcm', rate: 24000 } } } },
  { type: 'session.start', session: { delegation: { type: 'responses', acknowledgement_delay_ms: 10, responses: { model: 'gpt-5.5' } } } },
  { type: 'session.start', session: { client: { data_channel: { allowed_client_events: 'all' } } } },
  { type: 'session.update', session: { delegation: { type: 'client' } } },
  { type: 'session.input_audio.append', audio: 'AAAA' },
];

const mutate = (seed: unknown, n: number): unknown => mutateEvent(seed, n, ODD, ['model', 'voice', 'instructions', 'extra', 'input']);

test('odd ids, query strings and keys on the fork path are refused; the simulator stays up', async () => {
  const { url, sent } = await live;
  const ids = ['', 'sess_sim_x', 'a'.repeat(200), 'a'.repeat(201), '..', '%2e%2e', '%00', 'x%2Fy', 'é', 'sess sim', 'sess_sim_x/attach', '-_-', '0'];
  let refusedInBand = 0;
  for (const id of ids) {
    const client = await tryConnect(forkUrl(url, id));
    if (!client) continue;
    const error = await client.next('error');
    assert.ok(['session_not_found', 'invalid_value'].includes((error.error as { code: string }).code), `${id}: ${JSON.stringify(error)}`);
    assert.equal((await client.closed).code, 1008);
    refusedInBand++;
  }
  // The route takes ids of 1–200 letters, digits, `_` and `-`; the rest never reach it.
  assert.equal(refusedInBand, ids.filter((id) => /^[A-Za-z0-9_-]{1,200}$/.test(id)).length);
  const stored = await storedSession(url);
  for (const [target, key, code] of [
    [`${forkUrl(url, stored)}?model=gpt-live-1`, 'sk-sim-test', 'unknown_parameter'],
    [forkUrl(url, stored), null, 'missing_api_key'],
  ] as const) {
    const client = await tryConnect(target, key);
    assert.ok(client);
    assert.equal(((await client.next('error')).error as { code: string }).code, code);
    assert.equal((await client.closed).code, 1008);
  }
  assert.deepEqual(invalidLiveEvents(sent), []);
});

test('mutated fork commands are answered with errors, before and after session.start; a clean fork still works', async () => {
  const { url, sent } = await live;
  const stored = await storedSession(url);
  for (const started of [false, true]) {
    const client = await tryConnect(forkUrl(url, stored));
    assert.ok(client);
    if (started) {
      client.send({ type: 'session.start', session: {} });
      await client.next('session.started');
    }
    client.socket.send(Buffer.from([0xff, 0x00, 0x13]));
    client.socket.send('{not json');
    client.socket.send('[]');
    for (let n = 0; n < 300; n++) client.send(mutate(START_SEEDS[n % START_SEEDS.length], n));
    client.send({ type: 'session.close' });
    await client.waitUntil(() => (client.all('error').length > 100 ? true : null));
    client.close();
    await client.closed;
  }
  const clean = await tryConnect(forkUrl(url, stored));
  assert.ok(clean);
  clean.send({ type: 'session.start', session: {} });
  const started = await clean.next('session.started');
  assert.equal((started.session as { input: unknown[] }).input.length >= 1, true);
  clean.close();
  assert.deepEqual(invalidLiveEvents(sent), []);
});

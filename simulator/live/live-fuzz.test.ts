import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectLive, invalidLiveEvents, mutateEvent, startLiveSession, startLiveSimulator } from './test-support';

const live = startLiveSimulator();
after(async () => (await live).simulator.close());

const SEEDS: unknown[] = [
  { type: 'session.start', session: { model: 'gpt-live-1' } },
  { type: 'session.input_audio.append', audio: 'AAAA' },
  { type: 'session.commentary.append', content: 'x', delegation_id: null },
  { type: 'response.item.create', item: { type: 'function_call_output', call_id: 'c', output: '1' } },
  { type: 'session.update', session: { delegation: { type: 'client', acknowledgement_delay_ms: 10 } } },
  { type: 'session.output_audio.fixture.play', audio: 'AAAA' },
  { type: 'decision.create' },
  { type: 'response.create' },
];
const ODD: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(2000), [], {}, { type: 'x' }, true, '\u0000', 'AAA', '@@@'];

const mutate = (seed: unknown, n: number): unknown => mutateEvent(seed, n, ODD, ['extra_0', 'extra_1', 'extra_2', 'extra_3', 'extra_4']);

test('a Live socket survives malformed and mutated commands, before and after session.start, and answers only valid events', async () => {
  const { url, simulator, sent } = await live;
  for (const started of [false, true]) {
    const client = started ? await startLiveSession(url) : await connectLive(url);
    client.socket.send(Buffer.from([0xff, 0x00, 0x13]));
    client.socket.send('{not json');
    client.socket.send('[]');
    for (let n = 0; n < 400; n++) client.send(mutate(SEEDS[n % SEEDS.length], n));
    // The simulator answers in order: once the last command is answered (session.closed, or an
    // error before a start), every command before it has been.
    client.send({ type: 'session.close', event_id: 'fuzz_last' });
    await client.waitUntil(() => client.events.find((event) => event.client_event_id === 'fuzz_last') ?? null, 20_000, 'the answer to the last command');
    assert.ok(client.all('error').length > 100, 'bad commands are answered with errors');
    client.close();
  }
  const after = await startLiveSession(url);
  after.close();
  assert.ok(simulator.port > 0);
  assert.deepEqual(invalidLiveEvents(sent), []);
});

// Mutated and random client events: the simulator answers each with valid events (errors for
// the invalid ones) and never drops the connection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from './server';
import { validateClientEvent } from '../src/lib/protocol/validate';
import { invalidEvents, openSession, received, tone, toBase64 } from './test-support';

const FUZZ_EVENTS = 300;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

const SEEDS: Array<Record<string, unknown>> = [
  { type: 'session.update', session: { type: 'realtime', instructions: 'hi', output_modalities: ['text'] } },
  { type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'high' } } } } },
  { type: 'input_audio_buffer.append', audio: toBase64(tone(60)) },
  { type: 'input_audio_buffer.commit' },
  { type: 'input_audio_buffer.clear' },
  { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'weather in Paris' }] } },
  { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_x', output: '{"a":1}' } },
  { type: 'conversation.item.delete', item_id: 'item_x' },
  { type: 'conversation.item.retrieve', item_id: 'item_x' },
  { type: 'conversation.item.truncate', item_id: 'item_x', content_index: 0, audio_end_ms: 10 },
  { type: 'response.create', response: { output_modalities: ['text'], max_output_tokens: 5 } },
  { type: 'response.cancel' },
];

const ODD_VALUES: unknown[] = [null, 0, -1, 1e12, '', 'x'.repeat(300), true, [], {}, [1, 'a'], { type: 'realtime' }];

function mutate(event: Record<string, unknown>, random: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const objects: Array<Record<string, unknown>> = [];
  const collect = (node: unknown): void => {
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      objects.push(node as Record<string, unknown>);
      Object.values(node).forEach(collect);
    } else if (Array.isArray(node)) node.forEach(collect);
  };
  collect(copy);
  const target = pick(objects);
  const keys = Object.keys(target);
  switch (Math.floor(random() * 5)) {
    case 0:
      if (keys.length) delete target[pick(keys)];
      break;
    case 1:
      target[`extra_${Math.floor(random() * 100)}`] = pick(ODD_VALUES);
      break;
    case 2:
      if (keys.length) target[pick(keys)] = pick(ODD_VALUES);
      break;
    case 3:
      copy.type = pick(['response.make', '', 'session.updated', 'input_audio_buffer.append ', 42]);
      break;
    default:
      return pick(ODD_VALUES);
  }
  return copy;
}

describe('simulator under fuzzed client events', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ speed: 1000 });
  });
  after(async () => {
    await sim.close();
  });

  it(`answers ${FUZZ_EVENTS} mutated events with valid events and stays up (seed ${SEED})`, async () => {
    const random = rng(SEED);
    const { client } = await openSession(sim.url);
    let invalidSent = 0;
    for (let i = 0; i < FUZZ_EVENTS; i++) {
      const base = SEEDS[Math.floor(random() * SEEDS.length)];
      const event = random() < 0.7 ? mutate(base, random) : base;
      if (!validateClientEvent(event).valid) invalidSent++;
      client.socket.send(JSON.stringify(event));
      if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    client.send({ type: 'session.update', event_id: 'evt_final', session: { type: 'realtime', instructions: 'still alive' } });
    await client.next('session.updated', (e) => (e.session as { instructions: string }).instructions === 'still alive', 10_000);
    const schemaErrors = client
      .all('error')
      .filter((e) => ['invalid_event', 'invalid_value', 'invalid_type', 'unknown_parameter', 'missing_required_parameter'].includes(String((e.error as { code: string }).code)));
    assert.ok(invalidSent > FUZZ_EVENTS / 3, `${invalidSent} invalid events sent`);
    assert.ok(schemaErrors.length >= invalidSent, `${schemaErrors.length} schema errors for ${invalidSent} invalid events`);
    assert.deepEqual(invalidEvents(received), []);
    client.close();
  });
});

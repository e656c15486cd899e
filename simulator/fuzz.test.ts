// Mutated and random client events: the simulator answers each with valid events (errors for
// the invalid ones) and never drops the connection. Then hostile frames (nesting 100,000 deep,
// big frames, duplicate and escaped keys, control characters, bad UTF-8) against `npm run mock`
// as a child process: an `error` event where one is due, and the process never exits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, MAX_PAYLOAD_BYTES, type RunningSimulator } from './server';
import { validateClientEvent } from '../src/lib/protocol/validate';
import { invalidEvents, openSession, received, tone, toBase64 } from './test-support';
import { spawnSimulator, type SimulatorChild } from './child-process-support';

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

const HOSTILE_SESSIONS = 6;
const HOSTILE_FRAMES_PER_SESSION = 150;
const DEEP = 100_000;

/** `expect`: `deep` = the nesting error, `error` = some `error` event, `any` = whatever is valid. */
interface HostileFrame {
  data: string | Buffer;
  binary?: boolean;
  expect: 'deep' | 'error' | 'any';
}

function hostileFrames(random: () => number) {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const nest = (open: string, close: string, inner: string, depth = DEEP): string => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
  const deepValue = (): string => (int(2) ? nest('[', ']', '') : nest('{"a":', '}', '1'));
  const controls = (): string => Array.from({ length: 1 + int(6) }, () => String.fromCharCode(int(32))).join('');
  const escaped = (text: string): string => JSON.stringify(text).slice(1, -1);
  return (): HostileFrame => {
    switch (int(16)) {
      case 0: return { expect: 'deep', data: deepValue() };
      case 1: return { expect: 'deep', data: `{"type":"session.update","session":{"type":"realtime","tools":[{"type":"function","name":"f","parameters":${deepValue()}}]}}` };
      case 2: return { expect: 'deep', data: `{"type":"conversation.item.create","item":{"type":"message","role":"user","content":${deepValue()}}}` };
      case 3: return { expect: 'deep', data: `{"type":"response.create","response":{"metadata":${deepValue()}}}` };
      // Deep but within the limit: a legal tool schema.
      case 4: return { expect: 'any', data: `{"type":"session.update","session":{"type":"realtime","tools":[{"type":"function","name":"deep","parameters":${nest('{"type":"object","properties":{"a":', '}}', '{"type":"string"}', 60)}}]}}` };
      // Big frames: legal instructions of up to 4 MiB, an unknown field of up to 8 MiB, audio.
      case 5: return { expect: 'any', data: JSON.stringify({ type: 'session.update', session: { type: 'realtime', instructions: 'i'.repeat(int(4 * 1024 * 1024)) } }) };
      case 6: return { expect: 'error', data: JSON.stringify({ type: 'input_audio_buffer.clear', junk: 'j'.repeat(int(8 * 1024 * 1024)) }) };
      case 7: return { expect: 'any', data: JSON.stringify({ type: 'input_audio_buffer.append', audio: toBase64(tone(100 + int(20_000))) }) };
      // Duplicate keys (the last one wins in JSON.parse) and escaped keys.
      case 8: return { expect: 'any', data: pick([
        '{"type":"bogus","type":"input_audio_buffer.clear"}',
        '{"type":"input_audio_buffer.clear","type":"bogus"}',
        '{"type":"session.update","session":{"type":"realtime","type":"transcription","instructions":"a","instructions":"b"}}',
        '{"type":"session.update","session":{"type":"realtime"},"session":{"type":"realtime","instructions":"dup"}}',
        '{"\\u0074ype":"input_audio_buffer.clear"}',
        '{"type":"session.update","session":{"\\u0074yp\\u0065":"realtime","instr\\u0075ctions":"escaped"}}',
        '{"type":"input_audio_buffer.\\u0063lear","event_id":"\\ud800"}',
      ]) };
      // Control characters: raw ones are not JSON; escaped ones are legal text.
      case 9: return { expect: 'error', data: `{"type":"session.update","session":{"type":"realtime","instructions":"a${controls()}b"}}` };
      case 10: return { expect: 'any', data: JSON.stringify({ type: 'session.update', event_id: `evt_${controls()}`, session: { type: 'realtime', instructions: `a${controls()}\u001b[31m\u2028b` } }) };
      case 11: return { expect: 'error', data: JSON.stringify({ type: pick([`response.cancel${controls()}`, `\n${escaped('session.update')}`, 'session.update\u0000']) }) };
      // Prototype keys, odd numbers, not an object, not JSON, binary.
      case 12: return { expect: 'any', data: pick([
        '{"__proto__":{"type":"input_audio_buffer.clear"},"type":"input_audio_buffer.clear"}',
        '{"type":"session.update","session":{"__proto__":{"instructions":"p"},"type":"realtime"}}',
        '{"type":"conversation.item.truncate","item_id":"x","content_index":1e400,"audio_end_ms":-0}',
        '{"type":"session.update","session":{"type":"realtime","max_output_tokens":1e308}}',
      ]) };
      case 13: return { expect: 'error', data: pick(['[]', '"type"', 'null', '1e999', '[{"type":"input_audio_buffer.clear"}]', 'true']) };
      case 14: return { expect: 'error', data: pick(['', '{', '{"type":', '{"type":"input_audio_buffer.clear"', '\u0000', '{"type":"a"}}', `{"type":"input_audio_buffer.clear"}${controls()}x`]) };
      default: return { expect: 'error', binary: true, data: Buffer.from(Array.from({ length: int(2000) }, () => int(256))) };
    }
  };
}

describe('simulator (child process) under hostile frames', () => {
  let child: SimulatorChild;
  before(async () => {
    child = await spawnSimulator();
  });
  after(async () => {
    await child.stop();
  });

  it(`answers ${HOSTILE_SESSIONS * HOSTILE_FRAMES_PER_SESSION} hostile frames and oversized / bad UTF-8 frames without exiting (seed ${SEED})`, async () => {
    const next = hostileFrames(rng(SEED + 1));
    const counts = { frames: 0, deep: 0, mustError: 0, errors: 0, deepErrors: 0, closes: [] as number[] };
    for (let s = 0; s < HOSTILE_SESSIONS; s++) {
      const { client } = await openSession(child.url);
      client.socket.on('error', () => undefined); // the closing frames below may reset the socket
      for (let i = 0; i < HOSTILE_FRAMES_PER_SESSION; i++) {
        const frame = next();
        client.socket.send(frame.data, { binary: frame.binary ?? false });
        counts.frames++;
        if (frame.expect === 'deep') counts.deep++;
        if (frame.expect !== 'any') counts.mustError++;
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
      }
      const marker = `after hostile frames ${s}`;
      client.send({ type: 'session.update', session: { type: 'realtime', instructions: marker } });
      await client.next('session.updated', (e) => (e.session as { instructions: string }).instructions === marker, 30_000);
      const errors = client.all('error');
      counts.errors += errors.length;
      counts.deepErrors += errors.filter((e) => /nests deeper/.test(String((e.error as { message: string }).message))).length;
      assert.deepEqual(errors.filter((e) => (e.error as { code: string }).code === 'server_error'), [], 'no frame made the simulator fail');
      // Each session ends with a frame the protocol itself refuses: too big (1009) or bad UTF-8 (1007).
      if (s % 2 === 0) client.socket.send(Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20), { binary: false });
      else client.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
      counts.frames++;
      counts.closes.push((await client.closed).code);
    }
    const crashes = child.alive() ? 0 : 1;
    console.log(
      `frame fuzz (seed ${SEED}): ${counts.frames} frames fuzzed (${counts.deep} nested ${DEEP} deep), ${counts.errors} error events ` +
        `(${counts.mustError} due), closes ${counts.closes.join(',')}, crashes: ${crashes}`,
    );
    assert.equal(crashes, 0, child.stderr());
    assert.equal(counts.deepErrors, counts.deep, 'every deep frame gets the nesting error');
    assert.ok(counts.errors >= counts.mustError, `${counts.errors} errors for ${counts.mustError} frames that must be refused`);
    assert.deepEqual(counts.closes, Array.from({ length: HOSTILE_SESSIONS }, (_, s) => (s % 2 === 0 ? 1009 : 1007)));
    assert.equal(child.stderr(), '');

    const { client } = await openSession(child.url);
    client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Remember that my name is Ada' }] } });
    client.send({ type: 'response.create' });
    await client.next('response.done', () => true, 10_000);
    client.close();
    assert.ok(child.alive());
  });
});

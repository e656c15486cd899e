// Thousands of random server frames (known types, random or missing fields): the client never
// throws, stays connected and keeps applying valid events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_EVENT_TYPES } from '../protocol/validate';
import { int16ToBase64 } from '../audio-codec/pcm';
import { connectedClient } from './test-support/client-harness';
import { ev, items } from './test-support/server-events';

const FRAMES = 3000;
const FIELDS = ['item_id', 'response_id', 'delta', 'item', 'response', 'error', 'session', 'transcript', 'audio_end_ms', 'audio_start_ms', 'call_id', 'name', 'arguments', 'text', 'part', 'content_index', 'previous_item_id'];

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('fuzz: random frames never throw and never stop the client', async () => {
  const random = seeded(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const values: unknown[] = [
    null,
    undefined,
    0,
    -1,
    1e9,
    '',
    'item_1',
    'item_2',
    'resp_1',
    'not base64 ~',
    int16ToBase64(new Int16Array([1, 2, 3])),
    [],
    {},
    { id: 'item_1', type: 'message', role: 'assistant', content: [{ type: 'output_audio', transcript: 'x' }] },
    { id: 'item_2', type: 'function_call', name: 'f', call_id: 'c', arguments: '{' },
    { id: 'resp_1', status: 'cancelled', output: [null, { id: 'item_1' }] },
    { message: 7 },
    { type: 'audio' },
  ];
  const types = Array.from(SERVER_EVENT_TYPES.keys());
  const h = await connectedClient();
  let malformed = 0;
  h.client.on('malformed', () => malformed++);
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown): void => void uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    for (let i = 0; i < FRAMES; i++) {
      const frame: Record<string, unknown> = { type: pick(types), event_id: `e${i}` };
      const fieldCount = Math.floor(random() * 5);
      for (let f = 0; f < fieldCount; f++) frame[pick(FIELDS)] = pick(values);
      h.socket.receive(frame);
    }
    await new Promise((resolve) => setTimeout(resolve, 20)); // let any rethrown handler error surface
  } finally {
    process.off('uncaughtException', onUncaught);
  }
  assert.deepEqual(uncaught, []);
  assert.equal(h.client.isConnected(), true);
  assert.ok(malformed > 0, 'broken events were reported');
  // And valid events still work afterwards.
  h.client.conversation.clear();
  h.receive(ev.itemAdded(items.userText('item_after', 'still here')));
  assert.equal(h.client.conversation.getItem('item_after')?.formatted.text, 'still here');
});

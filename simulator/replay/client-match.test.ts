// The comparison rules of client-match.ts on hand-built events: what is compared exactly, what
// through the id mapping, what by length, and the path of the first difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareClientEvent, IdMap } from './client-match';
import type { ExpectedTurn, Fields } from './replay-plan';

const turn = (event: Fields, bufferedBytes = 0): ExpectedTurn => ({ turn: 1, event, bufferedBytes, anchor: 1 });
const text = (id: string | undefined, words: string): Fields => ({ type: 'conversation.item.create', event_id: `evt_${words.length}`, item: { ...(id ? { id } : {}), type: 'message', role: 'user', content: [{ type: 'input_text', text: words }] } });

test('event ids and the ids of created items are learnt, not compared; later references go through them', () => {
  const ids = new IdMap();
  assert.equal(compareClientEvent(turn(text('item_rec', 'Hi')), text('item_new', 'Hi'), 0, ids), null);
  assert.equal(ids.forClient('item_rec'), 'item_new');
  assert.equal(ids.forClient('evt_2'), 'evt_2', 'the same event id maps to itself');
  const truncate = (itemId: string, ms: number): Fields => ({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: ms });
  assert.equal(compareClientEvent(turn(truncate('item_rec', 1200)), truncate('item_new', 900), 0, ids), null, 'audio_end_ms is where playback was');
  assert.deepEqual(compareClientEvent(turn(truncate('item_rec', 1200)), truncate('item_other', 1200), 0, ids), { path: 'item_id', expected: 'item_rec', got: 'item_other' });
});

test('the first differing field is named by its path, absent fields included', () => {
  const ids = new IdMap();
  assert.deepEqual(compareClientEvent(turn(text(undefined, 'Hello')), text(undefined, 'Hallo'), 0, ids), { path: 'item.content[0].text', expected: 'Hello', got: 'Hallo' });
  const update = (session: Record<string, unknown>): Fields => ({ type: 'session.update', session });
  assert.deepEqual(
    compareClientEvent(turn(update({ tools: [{ name: 'a', parameters: { required: ['x'] } }] })), update({ tools: [{ name: 'a', parameters: { required: ['x', 'y'] } }] }), 0, ids),
    { path: 'session.tools[0].parameters.required[1]', expected: undefined, got: 'y' },
  );
  assert.deepEqual(compareClientEvent(turn(update({ instructions: 'x' })), update({}), 0, ids), { path: 'session.instructions', expected: 'x', got: undefined });
  assert.deepEqual(compareClientEvent(turn({ type: 'response.create' }), { type: 'response.cancel' }, 0, ids), { path: 'type', expected: 'response.create', got: 'response.cancel' });
  assert.deepEqual(compareClientEvent(turn(update({ max: 1 })), update({ max: '1' }), 0, ids), { path: 'session.max', expected: 1, got: '1' });
});

test('audio is compared by length within 10%, whether the recording kept the bytes or only the placeholder', () => {
  const ids = new IdMap();
  const audioItem = (audio: string): Fields => ({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_audio', audio }] } });
  const bytes = (n: number): string => Buffer.alloc(n, 7).toString('base64');
  assert.equal(compareClientEvent(turn(audioItem('<base64 audio 4800 bytes>')), audioItem(bytes(4800)), 0, ids), null);
  assert.equal(compareClientEvent(turn(audioItem(bytes(4800))), audioItem(bytes(4500)), 0, ids), null);
  assert.deepEqual(compareClientEvent(turn(audioItem(bytes(4800))), audioItem(bytes(2400)), 0, ids), { path: 'item.content[0].audio (bytes)', expected: 4800, got: 2400 });
  const commit: Fields = { type: 'input_audio_buffer.commit' };
  assert.equal(compareClientEvent(turn(commit, 48_000), commit, 47_000, ids), null);
  assert.deepEqual(compareClientEvent(turn(commit, 48_000), commit, 24_000, ids), { path: '(audio appended before the commit, bytes)', expected: 48_000, got: 24_000 });
});

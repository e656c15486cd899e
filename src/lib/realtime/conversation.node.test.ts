import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerEvent } from '../protocol/protocol-types';
import { RealtimeConversation, type ConversationChange } from './conversation';
import { assertValidServerEvents, audioResponse, ev, items } from './test-support/server-events';

function run(events: ServerEvent[], conversation = new RealtimeConversation()): { conversation: RealtimeConversation; changes: ConversationChange[] } {
  assertValidServerEvents(events);
  const changes = events.flatMap((e) => conversation.processEvent(e));
  return { conversation, changes };
}

test('text response: deltas build the text, done events complete the item once', () => {
  const r = 'resp_1';
  const done = items.assistant('item_a', 'completed', [{ type: 'output_text', text: 'Hello there.' }]);
  const { conversation, changes } = run([
    ev.responseCreated(r),
    ev.outputItemAdded(r, items.assistant('item_a', 'in_progress')),
    ev.itemAdded(items.assistant('item_a', 'in_progress')),
    ev.contentPartAdded(r, 'item_a', 'text'),
    ev.textDelta(r, 'item_a', 'Hello'),
    ev.textDelta(r, 'item_a', ' there.'),
    ev.textDone(r, 'item_a', 'Hello there.'),
    ev.contentPartDone(r, 'item_a', { type: 'text', text: 'Hello there.' }),
    ev.outputItemDone(r, done),
    ev.itemDone(done),
    ev.responseDone(r, [done]),
  ]);
  const [item] = conversation.getItems();
  assert.equal(item.id, 'item_a');
  assert.equal(item.role, 'assistant');
  assert.equal(item.status, 'completed');
  assert.equal(item.formatted.text, 'Hello there.');
  assert.equal(item.responseId, r);
  assert.equal(changes.filter((c) => c.appended).length, 1);
  assert.equal(changes.filter((c) => c.completed).length, 1);
  assert.deepEqual(changes.filter((c) => c.delta?.text).map((c) => c.delta?.text), ['Hello', ' there.']);
});

test('audio response with transcript: audio chunks are joined in order', () => {
  const { conversation, changes } = run(audioResponse('resp_2', 'item_b', ['one', 'two', 'three'], 1200));
  const item = conversation.getItem('item_b');
  assert.ok(item);
  assert.equal(item.formatted.transcript, 'one two three');
  assert.equal(item.formatted.audioSampleCount, 3600);
  const audio = item.getAudio();
  assert.equal(audio.length, 3600);
  assert.deepEqual([audio[0], audio[1199], audio[1200], audio[3599]], [1, 1, 2, 3]);
  assert.equal(item.getAudio(), audio, 'joined once, then reused');
  const audioDeltas = changes.filter((c) => c.delta?.audio).map((c) => c.delta?.audio?.length);
  assert.deepEqual(audioDeltas, [1200, 1200, 1200]);
  assert.equal(item.audioContentIndex, 0);
});

test('function call: arguments streamed in pieces, name and call id from the done events', () => {
  const r = 'resp_3';
  const args = '{"lat":48.85,"lng":2.35,"location":"Paris"}';
  const pieces = [args.slice(0, 7), args.slice(7, 20), args.slice(20)];
  const done = items.functionCall('item_fc', 'call_1', 'get_weather', args);
  const { conversation, changes } = run([
    ev.responseCreated(r),
    ev.outputItemAdded(r, items.functionCall('item_fc', 'call_1', 'get_weather', '', 'in_progress')),
    ev.itemAdded(items.functionCall('item_fc', 'call_1', 'get_weather', '', 'in_progress')),
    ...pieces.map((p) => ev.argumentsDelta(r, 'item_fc', 'call_1', p)),
  ]);
  const item = conversation.getItem('item_fc');
  assert.ok(item);
  assert.deepEqual(item.formatted.tool, { name: 'get_weather', call_id: 'call_1', arguments: args });
  assert.equal(item.status, 'in_progress');
  assert.deepEqual(changes.filter((c) => c.delta?.arguments).map((c) => c.delta?.arguments), pieces);
  const after = run([ev.argumentsDone(r, 'item_fc', 'call_1', 'get_weather', args), ev.outputItemDone(r, done), ev.itemDone(done)], conversation);
  assert.equal(item.status, 'completed');
  assert.equal(after.changes.filter((c) => c.completed).length, 1);
  assert.equal(item.formatted.tool?.arguments, args);
});

test('user audio with VAD and transcription: timing, deltas, then the authoritative transcript', () => {
  const { conversation, changes } = run([
    ev.speechStarted('item_u', 320),
    ev.speechStopped('item_u', 1840),
    ev.committed('item_u'),
    ev.itemAdded(items.userAudio('item_u')),
    ev.itemDone(items.userAudio('item_u')),
    ev.transcriptionDelta('item_u', 'What is'),
    ev.transcriptionDelta('item_u', ' the wether'),
    ev.transcriptionCompleted('item_u', 'What is the weather?'),
  ]);
  const item = conversation.getItem('item_u');
  assert.ok(item);
  assert.equal(item.role, 'user');
  assert.deepEqual(item.speech, { audioStartMs: 320, audioEndMs: 1840 });
  assert.equal(item.formatted.transcript, 'What is the weather?');
  assert.equal(changes.filter((c) => c.completed).length, 1);
  assert.deepEqual(
    changes.filter((c) => c.delta?.transcript).map((c) => c.delta?.transcript),
    ['What is', ' the wether', 'What is the weather?'],
    'a completed transcript that does not extend the deltas is reported whole',
  );
});

test('out of order: a transcript that completes before its item is known is kept', () => {
  const { conversation } = run([
    ev.transcriptionDelta('item_early', 'Hel'),
    ev.transcriptionCompleted('item_early', 'Hello?'),
    ev.transcriptionDelta('item_early', 'late delta ignored'),
  ]);
  assert.equal(conversation.getItems().length, 0);
  assert.equal(conversation.pendingCount, 1);
  run([ev.itemAdded(items.userAudio('item_early'))], conversation);
  assert.equal(conversation.getItem('item_early')?.formatted.transcript, 'Hello?');
  assert.equal(conversation.pendingCount, 0);
});

test('out of order: a failed transcription before the item, and streamed events before output_item.added', () => {
  const { conversation, changes } = run([
    ev.transcriptionFailed('item_f', 'Audio was unintelligible'),
    ev.itemAdded(items.userAudio('item_f')),
    ev.textDelta('resp_x', 'item_g', 'Hi'),
    ev.outputItemAdded('resp_x', items.assistant('item_g', 'in_progress')),
  ]);
  assert.equal(conversation.getItem('item_f')?.transcriptionError, 'Audio was unintelligible');
  const g = conversation.getItem('item_g');
  assert.equal(g?.formatted.text, 'Hi');
  assert.equal(g?.role, 'assistant');
  assert.equal(changes.filter((c) => c.appended && c.item.id === 'item_g').length, 1, 'appended once');
});

test('pending updates for unknown items are bounded', () => {
  const conversation = new RealtimeConversation({ maxPendingItems: 3 });
  run(['a', 'b', 'c', 'd', 'e'].map((id) => ev.transcriptionCompleted(`item_${id}`, id)), conversation);
  assert.equal(conversation.pendingCount, 3);
  run([ev.itemAdded(items.userAudio('item_a')), ev.itemAdded(items.userAudio('item_e'))], conversation);
  assert.equal(conversation.getItem('item_a')?.formatted.transcript, '', 'the oldest was dropped');
  assert.equal(conversation.getItem('item_e')?.formatted.transcript, 'e');
});

test('previous_item_id places an item after its predecessor', () => {
  const { conversation } = run([
    ev.itemAdded(items.userText('item_1', 'one')),
    ev.itemAdded(items.userText('item_3', 'three'), 'item_1'),
    ev.itemAdded(items.userText('item_2', 'two'), 'item_1'),
  ]);
  assert.deepEqual(conversation.getItems().map((i) => i.formatted.text), ['one', 'two', 'three']);
});

test('truncation cuts the audio at audio_end_ms (24 kHz) and drops the transcript the user never heard', () => {
  const { conversation } = run([...audioResponse('resp_t', 'item_t', ['a', 'b', 'c', 'd'], 2400), ev.truncated('item_t', 150)]);
  const item = conversation.getItem('item_t');
  assert.ok(item);
  assert.equal(item.formatted.audioSampleCount, 3600);
  assert.equal(item.getAudio().length, 3600);
  assert.equal(item.formatted.transcript, '');
  assert.deepEqual(item.truncated, { audioEndMs: 150, contentIndex: 0, transcript: 'a b c d', receivedAudioMs: 400 });
  run([ev.audioDelta('resp_t', 'item_t', new Int16Array(2400)), ev.transcriptDelta('resp_t', 'item_t', 'late')], conversation);
  assert.equal(item.formatted.audioSampleCount, 3600, 'stragglers after a truncation are not appended');
  assert.equal(item.formatted.transcript, '');
});

test('deletion removes the item and any early updates for it', () => {
  const { conversation, changes } = run([
    ev.itemAdded(items.userText('item_d', 'bye')),
    ev.deleted('item_d'),
    ev.transcriptionCompleted('item_gone', 'x'),
    ev.deleted('item_gone'),
  ]);
  assert.equal(conversation.getItems().length, 0);
  assert.equal(conversation.getItem('item_d'), undefined);
  assert.equal(conversation.pendingCount, 0);
  assert.equal(changes.filter((c) => c.deleted).length, 1);
});

test('an item deleted while its response still streams does not come back', () => {
  const r = 'resp_del';
  const done = items.assistant('item_s', 'completed', [{ type: 'output_text', text: 'Hello there.' }]);
  const { conversation, changes } = run([
    ev.itemAdded(items.userText('item_u', 'hi')),
    ev.responseCreated(r),
    ev.outputItemAdded(r, items.assistant('item_s', 'in_progress')),
    ev.itemAdded(items.assistant('item_s', 'in_progress')),
    ev.contentPartAdded(r, 'item_s', 'text'),
    ev.textDelta(r, 'item_s', 'Hello'),
    ev.deleted('item_s'),
    // What a server still sends for that response after the delete.
    ev.textDelta(r, 'item_s', ' there.'),
    ev.audioDelta(r, 'item_s', new Int16Array([1, 2, 3])),
    ev.transcriptDelta(r, 'item_s', 'Hello'),
    ev.textDone(r, 'item_s', 'Hello there.'),
    ev.contentPartDone(r, 'item_s', { type: 'text', text: 'Hello there.' }),
    ev.outputItemDone(r, done),
    ev.itemDone(done),
    ev.responseDone(r, [done]),
  ]);
  assert.deepEqual(conversation.getItems().map((i) => i.id), ['item_u']);
  assert.equal(conversation.getItem('item_s'), undefined);
  const afterDelete = changes.slice(changes.findIndex((c) => c.deleted) + 1);
  assert.deepEqual(afterDelete, [], 'no change is reported for the deleted item');
  // clear() forgets deleted ids: a new session may reuse nothing, but nothing is held forever.
  conversation.clear();
  run([ev.itemAdded(items.assistant('item_s', 'in_progress'))], conversation);
  assert.equal(conversation.getItems().length, 1);
});

test('remembered deleted ids are bounded', () => {
  const conversation = new RealtimeConversation({ maxDeletedItems: 2 });
  run([ev.deleted('a'), ev.deleted('b'), ev.deleted('c')], conversation);
  // 'a' was forgotten, so an item with that id can be added again; 'c' is still refused.
  run([ev.itemAdded(items.userText('a', 'x')), ev.itemAdded(items.userText('c', 'y'))], conversation);
  assert.deepEqual(conversation.getItems().map((i) => i.id), ['a']);
});

test('a cancelled response marks its unfinished items incomplete, once', () => {
  const r = 'resp_c';
  const { conversation, changes } = run([
    ev.responseCreated(r),
    ev.outputItemAdded(r, items.assistant('item_c', 'in_progress')),
    ev.audioDelta(r, 'item_c', new Int16Array(480)),
    ev.responseDone(r, [], 'cancelled'),
    ev.responseDone(r, [], 'cancelled'),
  ]);
  assert.equal(conversation.getItem('item_c')?.status, 'incomplete');
  assert.equal(changes.filter((c) => c.completed).length, 1);
});

test('error events and unknown event types change nothing and do not throw', () => {
  const conversation = new RealtimeConversation();
  const { changes } = run([ev.error('bad thing')], conversation);
  assert.deepEqual(changes, []);
  assert.deepEqual(conversation.processEvent({ type: 'future.event', foo: 1 }), []);
  assert.deepEqual(conversation.processEvent({ type: 'conversation.item.truncated', item_id: 'missing', content_index: 0, audio_end_ms: 5, event_id: 'e' }), []);
});

test('clear empties everything', () => {
  const { conversation } = run(audioResponse('resp_z', 'item_z', ['x'], 10));
  conversation.clear();
  assert.equal(conversation.getItems().length, 0);
});

/** A small seeded generator, so a failing order can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test('any order of a user turn and an audio answer ends in the same state, without throwing', () => {
  const user = [
    ev.speechStarted('item_user', 200),
    ev.speechStopped('item_user', 1400),
    ev.committed('item_user'),
    ev.itemAdded(items.userAudio('item_user')),
    ev.itemDone(items.userAudio('item_user')),
    ev.transcriptionDelta('item_user', 'Is it'),
    ev.transcriptionDelta('item_user', ' raining?'),
    ev.transcriptionCompleted('item_user', 'Is it raining?'),
  ];
  const answer = audioResponse('resp_o', 'item_answer', ['No,', 'it', 'is', 'sunny.'], 240);
  const events = [...user, ...answer];
  assertValidServerEvents(events);
  const orders = 300;
  for (let n = 0; n < orders; n++) {
    const random = seeded(n + 1);
    const shuffled = events.slice();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const conversation = new RealtimeConversation();
    const changes = shuffled.flatMap((e) => conversation.processEvent(e));
    const context = `order #${n}: ${shuffled.map((e) => e.type).join(', ')}`;
    const u = conversation.getItem('item_user');
    const a = conversation.getItem('item_answer');
    assert.equal(u?.formatted.transcript, 'Is it raining?', context);
    assert.deepEqual(u?.speech, { audioStartMs: 200, audioEndMs: 1400 }, context);
    assert.equal(a?.formatted.transcript, 'No, it is sunny.', context);
    assert.equal(a?.formatted.audioSampleCount, 960, context);
    assert.equal(a?.status, 'completed', context);
    assert.equal(a?.role, 'assistant', context);
    assert.equal(changes.filter((c) => c.appended).length, 2, context);
    assert.equal(changes.filter((c) => c.completed && c.item.id === 'item_answer').length, 1, context);
  }
});

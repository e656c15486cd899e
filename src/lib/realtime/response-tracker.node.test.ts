import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FollowUpResponses, ACTIVE_RESPONSE_ERROR } from './follow-up-responses';
import { ResponseTracker } from './response-tracker';
import { assertValidServerEvents, ev, items } from './test-support/server-events';
import type { ServerEvent } from '../protocol/protocol-types';

function feed(tracker: ResponseTracker, ...events: ServerEvent[]): void {
  assertValidServerEvents(events);
  for (const event of events) tracker.processEvent(event);
}

test('concurrent responses are tracked by id: an out-of-band one does not replace the active conversation response', () => {
  const tracker = new ResponseTracker();
  tracker.requested({ conversation: 'none', metadata: { topic: 'summary' } }, 'evt_1');
  feed(
    tracker,
    ev.responseCreatedWith('resp_main', { conversation_id: 'conv_1' }),
    ev.responseCreatedWith('resp_oob', { metadata: { topic: 'summary' } }),
  );
  assert.equal(tracker.activeInConversation()?.id, 'resp_main');
  assert.equal(tracker.isOutOfBand('resp_oob'), true);
  assert.deepEqual(tracker.get('resp_oob')?.metadata, { topic: 'summary' });
  feed(tracker, ev.responseDoneWith('resp_oob', [], { metadata: { topic: 'summary' }, usage: { total_tokens: 42 } }));
  assert.equal(tracker.activeInConversation()?.id, 'resp_main', 'the out-of-band done leaves the conversation response active');
  assert.deepEqual(tracker.get('resp_oob')?.usage, { total_tokens: 42 });
  feed(tracker, ev.responseDoneWith('resp_main', [], { status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' } }));
  assert.equal(tracker.activeInConversation(), null);
  assert.equal(tracker.get('resp_main')?.statusDetails?.reason, 'turn_detected');
  assert.deepEqual(tracker.list().map((r) => [r.id, r.status, r.conversation]), [
    ['resp_main', 'cancelled', 'auto'],
    ['resp_oob', 'completed', 'none'],
  ]);
});

test('out of band is recognised by conversation_id null (docs) or by the metadata of a request this client sent', () => {
  const tracker = new ResponseTracker();
  // The docs say `conversation_id: null`; the types and schema say string, so it is sent unvalidated.
  tracker.processEvent({ ...ev.responseCreated('resp_null'), response: { id: 'resp_null', status: 'in_progress', conversation_id: null } } as unknown as ServerEvent);
  assert.equal(tracker.isOutOfBand('resp_null'), true);
  // Absent conversation_id: matched by metadata; an unmatched response is in the conversation.
  tracker.requested({ conversation: 'none', metadata: { n: '2' } });
  tracker.requested({ conversation: 'auto', metadata: { n: '3' } });
  feed(tracker, ev.responseCreatedWith('resp_vad', {}), ev.responseCreatedWith('resp_two', { metadata: { n: '2' } }));
  assert.equal(tracker.isOutOfBand('resp_vad'), false);
  assert.equal(tracker.isOutOfBand('resp_two'), true);
  // A refused out-of-band request is forgotten: a later response with its metadata is not taken for it.
  tracker.requested({ conversation: 'none', metadata: { n: '4' } }, 'evt_refused');
  tracker.refused('evt_refused');
  feed(tracker, ev.responseCreatedWith('resp_four', { metadata: { n: '4' } }));
  assert.equal(tracker.isOutOfBand('resp_four'), false);
});

test('output items, a missed response.created, serverCancels, output audio buffer and bounds', () => {
  const tracker = new ResponseTracker({ maxFinished: 2 });
  feed(tracker, ev.outputItemAdded('resp_late', items.assistant('item_1', 'in_progress')));
  assert.deepEqual(tracker.get('resp_late')?.outputItemIds, ['item_1']);
  assert.equal(tracker.activeInConversation()?.id, 'resp_late');
  tracker.serverCancels();
  assert.equal(tracker.get('resp_late')?.cancelling, true);
  feed(tracker, ev.outputAudioBuffer('resp_late', 'started'));
  assert.equal(tracker.get('resp_late')?.outputAudio, 'started');
  feed(tracker, ev.outputAudioBuffer('resp_late', 'cleared'), ev.responseDone('resp_late', [], 'cancelled'));
  assert.equal(tracker.get('resp_late')?.outputAudio, 'cleared');
  assert.equal(tracker.get('resp_late')?.cancelling, false);
  assert.equal(tracker.isDone('resp_late'), true);
  assert.equal(tracker.isDone('resp_unknown'), false);
  feed(tracker, ev.responseCreated('r2'), ev.responseDone('r2', []), ev.responseCreated('r3'), ev.responseDone('r3', []));
  assert.deepEqual(tracker.list().map((r) => r.id), ['r2', 'r3'], 'only the last finished ones are kept');
  tracker.clear();
  assert.deepEqual(tracker.list(), []);
});

test('follow-ups: a refusal for an active response is retried once, after that response is done', () => {
  const followUps = new FollowUpResponses(1);
  const first = followUps.register();
  assert.equal(followUps.refused('invalid_value', first, 'resp_vad'), false, 'other errors are not retried');
  assert.equal(followUps.refused(ACTIVE_RESPONSE_ERROR, 'evt_someone_else', 'resp_vad'), false, 'only our own requests');
  assert.equal(followUps.refused(ACTIVE_RESPONSE_ERROR, first, 'resp_vad'), true);
  assert.deepEqual(followUps.responseDone('resp_other'), []);
  assert.deepEqual(followUps.responseDone('resp_vad'), [1]);
  assert.deepEqual(followUps.responseDone('resp_vad'), [], 'once');
  const second = followUps.register(1);
  assert.equal(followUps.refused(ACTIVE_RESPONSE_ERROR, second, 'resp_again'), false, 'bounded: no second retry');
  // Blocking response unknown: the conversation's next done.
  const third = followUps.register();
  assert.equal(followUps.refused(ACTIVE_RESPONSE_ERROR, third, null), true);
  assert.deepEqual(followUps.responseDone('resp_any'), [1]);
});

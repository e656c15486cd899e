// Responses by id: out-of-band output kept apart, concurrent responses, the post-tool
// response.create retried after a refusal. A fake socket plays the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerEvent } from '../protocol/protocol-types';
import type { OutOfBandResponse } from './out-of-band';
import { connectedClient, tick } from './test-support/client-harness';
import { assertValidServerEvents, audioResponse, ev, items } from './test-support/server-events';

const WEATHER_TOOL = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: {} } };

/** An out-of-band text answer and a function call, as the server streams them: no conversation.item.* events. */
function outOfBandResponse(responseId: string, metadata: Record<string, string>): ServerEvent[] {
  const text = items.assistant('item_oob_text', 'completed', [{ type: 'output_text', text: 'positive' }]);
  const call = items.functionCall('item_oob_call', 'call_oob', 'get_weather', '{}');
  const events = [
    ev.responseCreatedWith(responseId, { metadata, output_modalities: ['text'] }),
    ev.outputItemAdded(responseId, items.assistant('item_oob_text', 'in_progress')),
    ev.contentPartAdded(responseId, 'item_oob_text', 'text'),
    ev.textDelta(responseId, 'item_oob_text', 'positive'),
    ev.textDone(responseId, 'item_oob_text', 'positive'),
    ev.outputItemDone(responseId, text),
    ev.outputItemAdded(responseId, items.functionCall('item_oob_call', 'call_oob', 'get_weather', '', 'in_progress'), 1),
    ev.argumentsDone(responseId, 'item_oob_call', 'call_oob', 'get_weather', '{}'),
    ev.outputItemDone(responseId, call, 1),
    ev.responseDoneWith(responseId, [text, call], { metadata, output_modalities: ['text'] }),
  ];
  assertValidServerEvents(events);
  return events;
}

const refused = (eventId: string): ServerEvent => ({
  type: 'error',
  event_id: 'event_refusal',
  error: { type: 'invalid_request_error', code: 'conversation_already_has_active_response', message: 'Conversation already has an active response in progress: resp_vad.', param: null, event_id: eventId },
});

test('an out-of-band response stays out of the conversation, is reported with its metadata, and its tool call is not answered', async () => {
  const h = await connectedClient();
  let ran = 0;
  h.client.addTool(WEATHER_TOOL, () => ran++);
  h.takeSent();
  const updates: string[] = [];
  const finished: OutOfBandResponse[] = [];
  h.client.on('response.out_of_band.updated', ({ item, delta }) => delta?.text && updates.push(`${item.id}:${delta.text}`));
  h.client.on('response.out_of_band', (r) => finished.push(r));
  h.client.createResponse({ conversation: 'none', metadata: { purpose: 'sentiment' }, output_modalities: ['text'], instructions: 'Classify.' });
  assert.deepEqual(
    h.takeSent().map((e) => [e.type, (e.response as { conversation?: string }).conversation]),
    [['response.create', 'none']],
    'no commit for an out-of-band request',
  );
  h.receive(...outOfBandResponse('resp_oob', { purpose: 'sentiment' }));
  await tick();
  assert.deepEqual(h.client.conversation.getItems(), [], 'nothing joined the conversation');
  assert.deepEqual(updates, ['item_oob_text:positive']);
  assert.equal(finished.length, 1);
  assert.deepEqual(finished[0].response.metadata, { purpose: 'sentiment' });
  assert.deepEqual(finished[0].items.map((i) => [i.id, i.status, i.formatted.text || i.formatted.tool?.name]), [
    ['item_oob_text', 'completed', 'positive'],
    ['item_oob_call', 'completed', 'get_weather'],
  ]);
  assert.equal(h.client.outOfBandResponses[0].response.id, 'resp_oob');
  assert.equal(ran, 0, 'the tool did not run');
  assert.deepEqual(h.takeSent(), [], 'no function_call_output, no response.create');
});

test('concurrent responses: an out-of-band one neither hides nor ends the conversation response', async () => {
  const h = await connectedClient();
  const answer = audioResponse('resp_main', 'item_main', ['one', 'two'], 480);
  h.receive(...answer.slice(0, 6)); // the conversation response is streaming
  h.client.createResponse({ conversation: 'none', metadata: { purpose: 'summary' } });
  h.receive(...outOfBandResponse('resp_side', { purpose: 'summary' }));
  h.takeSent();
  assert.equal(h.client.getActiveResponse()?.id, 'resp_main');
  h.client.cancelResponse();
  assert.deepEqual(h.takeSent().map((e) => [e.type, e.response_id]), [['response.cancel', undefined]], 'the conversation response can still be cancelled');
  h.client.cancelOutOfBandResponse('resp_side');
  assert.deepEqual(h.takeSent(), [], 'already done');
  h.receive(...answer.slice(6));
  assert.equal(h.client.getActiveResponse(), null);
  assert.deepEqual(h.client.getResponses().map((r) => [r.id, r.conversation, r.status]), [
    ['resp_main', 'auto', 'completed'],
    ['resp_side', 'none', 'completed'],
  ]);
  assert.deepEqual(h.client.conversation.getItems().map((i) => i.id), ['item_main']);
});

test('a refused out-of-band request is not mistaken for the next response', async () => {
  const h = await connectedClient();
  h.takeSent();
  h.client.createResponse({ conversation: 'none', metadata: { n: '1' } });
  const [request] = h.takeSent();
  h.receive(refused(request.event_id as string));
  h.receive(ev.responseCreatedWith('resp_next', { metadata: { n: '1' } }));
  assert.equal(h.client.getResponse('resp_next')?.conversation, 'auto');
});

function toolCall(responseId: string): ServerEvent[] {
  const done = items.functionCall('item_fc', 'call_1', 'get_weather', '{}');
  return [
    ev.responseCreated(responseId),
    ev.outputItemAdded(responseId, items.functionCall('item_fc', 'call_1', 'get_weather', '', 'in_progress')),
    ev.itemAdded(items.functionCall('item_fc', 'call_1', 'get_weather', '', 'in_progress')),
    ev.argumentsDone(responseId, 'item_fc', 'call_1', 'get_weather', '{}'),
    ev.outputItemDone(responseId, done),
    ev.itemDone(done),
    ev.responseDone(responseId, [done]),
  ];
}


test('the post-tool response.create refused for an active response (the user spoke) is sent again once that response is done', async () => {
  const h = await connectedClient({ session: { audio: { input: { turn_detection: { type: 'server_vad' } } } } });
  h.client.addTool(WEATHER_TOOL, () => ({ temperature: 18 }));
  h.receive(...toolCall('resp_tool'));
  await tick();
  const sent = h.takeSent().filter((e) => e.type !== 'session.update');
  assert.deepEqual(sent.map((e) => e.type), ['conversation.item.create', 'response.create']);
  const followUp = sent[1].event_id as string;
  // The user spoke meanwhile: VAD started a response, and ours is refused.
  h.receive(ev.responseCreated('resp_vad'), refused(followUp));
  assert.deepEqual(h.takeSent(), [], 'nothing yet: the blocking response is still running');
  h.receive(ev.responseDone('resp_vad', []));
  const retry = h.takeSent();
  assert.deepEqual(retry.map((e) => e.type), ['response.create']);
  assert.notEqual(retry[0].event_id, followUp);
  // Refused again: bounded, no loop.
  h.receive(ev.responseCreated('resp_vad2'), refused(retry[0].event_id as string), ev.responseDone('resp_vad2', []));
  assert.deepEqual(h.takeSent(), []);
});

test('an unrelated error or a refusal of the app’s own response.create is not retried', async () => {
  const h = await connectedClient();
  h.takeSent();
  h.client.createResponse();
  const [own] = h.takeSent();
  h.receive(ev.responseCreated('resp_a'), refused(own.event_id as string), ev.responseDone('resp_a', []));
  assert.deepEqual(h.takeSent(), []);
});

// The carry mapping on conversations built by the client's own state machine from GA server
// events; every event it plans must pass the strict client schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationItem } from 'openai/resources/realtime/realtime';
import type { ServerEvent } from '../protocol/protocol-types';
import { validateClientEvent } from '../protocol/validate';
import { RealtimeConversation } from './conversation';
import { AUDIO_WITHOUT_TRANSCRIPT, carriedCallIds, historyCarryEvents, planHistoryCarry, type HistoryCarryOptions, type HistoryCarryPlan } from './history-carry';
import { audioResponse, ev, items } from './test-support/server-events';

function conversationOf(events: ServerEvent[]): RealtimeConversation {
  const conversation = new RealtimeConversation();
  for (const event of events) conversation.processEvent(event);
  return conversation;
}

function plan(events: ServerEvent[], options?: HistoryCarryOptions): HistoryCarryPlan {
  const carried = planHistoryCarry(conversationOf(events).getItems(), options);
  for (const event of historyCarryEvents(carried)) {
    const result = validateClientEvent(event);
    assert.ok(result.valid, `strictly valid: ${JSON.stringify(event)} ${JSON.stringify(result)}`);
  }
  return carried;
}

const createdItems = (carried: HistoryCarryPlan): ConversationItem[] => historyCarryEvents(carried).map((event) => event.item);

const output = (id: string, callId: string, text: string): ConversationItem => ({ id, object: 'realtime.item', type: 'function_call_output', call_id: callId, output: text });
const added = (item: ConversationItem): ServerEvent[] => [ev.itemAdded(item), ev.itemDone(item)];

test('typed text, an assistant text answer and a system message carry as input_text / output_text, in order, with their ids', () => {
  const answer = items.assistant('item_a', 'completed', [{ type: 'output_text', text: 'Hello! How can I help?' }]);
  const system: ConversationItem = { id: 'item_s', type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] };
  const carried = plan([...added(system), ...added(items.userText('item_u', 'Hi there')), ev.outputItemAdded('r1', answer), ev.outputItemDone('r1', answer)]);
  assert.deepEqual(createdItems(carried), [
    { id: 'item_s', type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] },
    { id: 'item_u', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi there' }] },
    { id: 'item_a', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello! How can I help?' }] },
  ]);
  assert.deepEqual(carried.skipped, []);
  assert.equal(carried.chars, 'Be brief.'.length + 'Hi there'.length + 'Hello! How can I help?'.length);
});

test('audio both ways carries as the transcripts; a user turn without one says so, or is skipped when asked', () => {
  const events = [
    ev.committed('item_u1'),
    ...added(items.userAudio('item_u1')),
    ev.transcriptionCompleted('item_u1', 'What is the weather in Paris?'),
    ...audioResponse('r1', 'item_a1', ['It', 'is', 'sunny.'], 2400),
    ...added(items.userAudio('item_u2')),
    ...audioResponse('r2', 'item_a2', ['Sorry,', 'I', 'missed', 'that.'], 2400),
  ];
  const carried = plan(events);
  assert.deepEqual(
    createdItems(carried).map((item) => (item.type === 'message' ? [item.role, item.content[0]] : item.type)),
    [
      ['user', { type: 'input_text', text: 'What is the weather in Paris?' }],
      ['assistant', { type: 'output_text', text: 'It is sunny.' }],
      ['user', { type: 'input_text', text: AUDIO_WITHOUT_TRANSCRIPT }],
      ['assistant', { type: 'output_text', text: 'Sorry, I missed that.' }],
    ],
  );
  const skipping = plan(events, { audioWithoutTranscript: 'skip' });
  assert.deepEqual(skipping.items.map((c) => c.sourceId), ['item_u1', 'item_a1', 'item_a2']);
  assert.deepEqual(skipping.skipped, [{ sourceId: 'item_u2', type: 'message', reason: 'empty' }]);
});

test('a tool call carries with its output and call_id; its call id is reported so it is not run again', () => {
  const call = items.functionCall('item_c', 'call_1', 'set_memory', '{"key":"favourite_colour","value":"blue"}');
  const carried = plan([
    ...added(items.userText('item_u', 'Remember that my favourite colour is blue')),
    ev.outputItemAdded('r1', call),
    ev.argumentsDone('r1', 'item_c', 'call_1', 'set_memory', '{"key":"favourite_colour","value":"blue"}'),
    ev.outputItemDone('r1', call),
    ev.responseDone('r1', [call]),
    ...added(output('item_o', 'call_1', '{"ok":true}')),
    ...audioResponse('r2', 'item_a', ['Noted.'], 2400),
  ]);
  assert.deepEqual(createdItems(carried).slice(1, 3), [
    { id: 'item_c', type: 'function_call', call_id: 'call_1', name: 'set_memory', arguments: '{"key":"favourite_colour","value":"blue"}' },
    { id: 'item_o', type: 'function_call_output', call_id: 'call_1', output: '{"ok":true}' },
  ]);
  assert.deepEqual(carriedCallIds(carried), ['call_1']);
});

test('a call without its output, and an output without its call, stay behind', () => {
  const carried = plan([
    ...added(items.functionCall('item_c1', 'call_1', 'get_weather', '{}')),
    ...added(output('item_o2', 'call_2', '{"temp":20}')),
    ...added(items.userText('item_u', 'ok')),
  ]);
  assert.deepEqual(carried.items.map((c) => c.sourceId), ['item_u']);
  assert.deepEqual(carried.skipped.map((s) => [s.sourceId, s.reason]), [['item_c1', 'no_output'], ['item_o2', 'no_call']]);
});

test('an interrupted answer carries only the share heard, cut at a word; one heard not at all is skipped', () => {
  // 10 words, 100 ms of audio each: 1 s received, 450 ms heard → the first 45% of the transcript.
  const words = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  const carried = plan([...audioResponse('r1', 'item_a', words, 2400), ev.truncated('item_a', 450), ...audioResponse('r2', 'item_b', ['never', 'heard'], 2400), ev.truncated('item_b', 0)]);
  const [first] = createdItems(carried);
  const transcript = words.join(' ');
  const expected = transcript.slice(0, Math.round(0.45 * transcript.length)).replace(/\s\S*$/, '');
  assert.deepEqual(first, { id: 'item_a', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `${expected}…` }] });
  assert.equal(expected, 'one two three four');
  assert.equal(carried.items[0].cut, true);
  assert.deepEqual(carried.skipped, [{ sourceId: 'item_b', type: 'message', reason: 'not_heard' }]);
});

test('on a media wire (no audio events) the heard share is judged at the speaking rate', () => {
  const answer = items.assistant('item_a', 'completed', [{ type: 'output_audio', transcript: 'The quick brown fox jumps over the lazy dog and runs far away.' }]);
  const carried = plan([ev.outputItemAdded('r1', answer), ev.outputItemDone('r1', answer), ev.truncated('item_a', 1000)]);
  // 1 s at 15 characters a second: "The quick brown" (15), whole words only.
  assert.deepEqual(createdItems(carried)[0], { id: 'item_a', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'The quick brown…' }] });
});

test('caps: the newest items within maxItems and maxChars, long texts cut, no pair split, nothing older past the cap', () => {
  const events: ServerEvent[] = [];
  for (let i = 0; i < 6; i++) events.push(...added(items.userText(`item_${i}`, `message ${i} ${'x'.repeat(90)}`)));
  const byCount = plan(events, { maxItems: 2 });
  assert.deepEqual(byCount.items.map((c) => c.sourceId), ['item_4', 'item_5']);
  assert.ok(byCount.skipped.every((s) => s.reason === 'over_cap'));
  const byChars = plan(events, { maxChars: 250 });
  assert.deepEqual(byChars.items.map((c) => c.sourceId), ['item_4', 'item_5']);
  assert.ok(byChars.chars <= 250);
  const cut = plan([...added(items.userText('item_long', 'y'.repeat(5000)))], { maxItemChars: 100 });
  assert.equal((createdItems(cut)[0] as { content: Array<{ text: string }> }).content[0].text, `${'y'.repeat(99)}…`);
  // The cap falls between a call and its output: neither goes.
  const paired = plan(
    [
      ...added(items.functionCall('item_c', 'call_1', 'get_weather', '{"location":"Paris"}')),
      ...added(output('item_o', 'call_1', 'z'.repeat(100))),
      ...added(items.userText('item_u', 'thanks')),
    ],
    { maxChars: 110 },
  );
  assert.deepEqual(paired.items.map((c) => c.sourceId), ['item_u']);
  assert.deepEqual(paired.skipped.map((s) => [s.sourceId, s.reason]), [['item_c', 'over_cap'], ['item_o', 'no_call']]);
});

test('MCP items are skipped; an id longer than the API takes is replaced; an empty conversation plans nothing', () => {
  const longId = `item_${'q'.repeat(40)}`;
  const carried = plan([...added(items.mcpListTools('item_m', 'sim', [{ name: 'add' }])), ...added(items.userText(longId, 'hello'))]);
  assert.deepEqual(carried.skipped, [{ sourceId: 'item_m', type: 'mcp_list_tools', reason: 'unsupported' }]);
  assert.equal(carried.items[0].sourceId, longId);
  assert.ok(carried.items[0].id.length <= 32 && carried.items[0].id !== longId);
  assert.deepEqual(planHistoryCarry([]), { items: [], skipped: [], chars: 0 });
});

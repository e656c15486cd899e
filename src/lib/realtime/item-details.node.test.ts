// What items carry beyond text and audio: transcription details, MCP state, response status,
// phase, idle timeout. Pure conversation state; the client tests cover the wiring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationItem } from 'openai/resources/realtime/realtime';
import type { ServerEvent } from '../protocol/protocol-types';
import { RealtimeConversation, type ConversationChange } from './conversation';
import { assertValidServerEvents, ev, items } from './test-support/server-events';

function run(events: ServerEvent[], conversation = new RealtimeConversation()): { conversation: RealtimeConversation; changes: ConversationChange[] } {
  assertValidServerEvents(events);
  const changes = events.flatMap((e) => conversation.processEvent(e));
  return { conversation, changes };
}

const lp = (token: string, logprob: number) => ({ token, logprob, bytes: Array.from(Buffer.from(token)) });

test('transcription details: segments, delta logprobs replaced by the completed ones, languages, usage', () => {
  const { conversation } = run([
    ev.committed('item_u'),
    ev.itemAdded(items.userAudio('item_u')),
    ev.transcriptionDeltaWithLogprobs('item_u', 'Bon', [lp('Bon', -0.1)]),
    ev.transcriptionDeltaWithLogprobs('item_u', 'jour', [lp('jour', -0.2)]),
    ev.transcriptionSegment('item_u', 'seg_1', 'Bonjour', 'A', 0, 0.8),
    ev.transcriptionSegment('item_u', 'seg_2', 'ça va', 'B', 0.9, 1.4),
  ]);
  const item = conversation.getItem('item_u');
  assert.deepEqual(item?.transcription?.logprobs.map((l) => l.token), ['Bon', 'jour']);
  assert.deepEqual(item?.transcription?.segments.map((s) => [s.speaker, s.text, s.start, s.end]), [['A', 'Bonjour', 0, 0.8], ['B', 'ça va', 0.9, 1.4]]);
  run([ev.transcriptionCompletedWith('item_u', 'Bonjour ça va', { logprobs: [lp('Bonjour', -0.05)], languages: ['fr'], tokens: 12 })], conversation);
  assert.equal(item?.formatted.transcript, 'Bonjour ça va');
  assert.deepEqual(item?.transcription?.logprobs.map((l) => l.token), ['Bonjour'], 'the completed event is authoritative');
  assert.deepEqual(item?.transcription?.languages, ['fr']);
  assert.deepEqual(item?.transcription?.usage, { type: 'tokens', input_tokens: 12, output_tokens: 3, total_tokens: 15 });
});

test('transcription details that arrive before their item are kept, failure included', () => {
  const { conversation, changes } = run([
    ev.transcriptionSegment('item_early', 'seg_1', 'Hi', 'A', 0, 0.3),
    ev.transcriptionFailed('item_early', 'Audio was unintelligible'),
  ]);
  assert.equal(changes.length, 0);
  run([ev.itemAdded(items.userAudio('item_early'))], conversation);
  const item = conversation.getItem('item_early');
  assert.equal(item?.transcriptionError, 'Audio was unintelligible');
  assert.deepEqual(item?.transcription?.error, { type: 'transcription_error', code: 'audio_unintelligible', message: 'Audio was unintelligible' });
  assert.equal(item?.transcription?.segments.length, 1);
});

test('a failed transcription reports its error on the item', () => {
  const { conversation, changes } = run([ev.itemAdded(items.userAudio('item_f')), ev.transcriptionFailed('item_f', 'Model overloaded')]);
  assert.equal(conversation.getItem('item_f')?.transcription?.error?.message, 'Model overloaded');
  assert.equal(changes[changes.length - 1].item.id, 'item_f');
});

test('MCP: tool listing status from mcp_list_tools.*; tools from the item', () => {
  const listing = items.mcpListTools('mcpl_1', 'docs', []);
  const listed = items.mcpListTools('mcpl_1', 'docs', [{ name: 'search', description: 'Search the docs' }]);
  const { conversation, changes } = run([ev.itemAdded(listing), ev.mcpListTools('mcpl_1', 'in_progress')]);
  assert.deepEqual(conversation.getItem('mcpl_1')?.mcp, { kind: 'list_tools', serverLabel: 'docs', status: 'in_progress', tools: [] });
  run([ev.mcpListTools('mcpl_1', 'completed'), ev.itemDone(listed)], conversation);
  const mcp = conversation.getItem('mcpl_1')?.mcp;
  assert.equal(mcp?.kind === 'list_tools' && mcp.status, 'completed');
  assert.deepEqual(mcp?.kind === 'list_tools' && mcp.tools.map((t) => t.name), ['search']);
  run([ev.itemAdded(items.mcpListTools('mcpl_2', 'down', [])), ev.mcpListTools('mcpl_2', 'failed')], conversation);
  const failed = conversation.getItem('mcpl_2')?.mcp;
  assert.equal(failed?.kind === 'list_tools' && failed.status, 'failed');
  assert.ok(changes.some((c) => c.appended));
});

test('MCP: a call streams its arguments, then its status and output; a failed call keeps its error', () => {
  const r = 'resp_mcp';
  const args = '{"query":"realtime"}';
  const { conversation, changes } = run([
    ev.responseCreated(r),
    ev.outputItemAdded(r, items.mcpCall('mcp_1', 'docs', 'search', '')),
    ev.itemAdded(items.mcpCall('mcp_1', 'docs', 'search', '')),
    ev.mcpArgumentsDelta(r, 'mcp_1', args.slice(0, 8)),
    ev.mcpArgumentsDelta(r, 'mcp_1', args.slice(8)),
    ev.mcpArgumentsDone(r, 'mcp_1', args),
    ev.mcpCall('mcp_1', 'in_progress'),
  ]);
  const item = conversation.getItem('mcp_1');
  assert.deepEqual(changes.filter((c) => c.delta?.arguments).map((c) => c.delta?.arguments), [args.slice(0, 8), args.slice(8)]);
  assert.equal(item?.mcp?.kind === 'call' && item.mcp.arguments, args);
  assert.equal(item?.mcp?.kind === 'call' && item.mcp.status, 'in_progress');
  const done = items.mcpCall('mcp_1', 'docs', 'search', args, { output: '3 results' });
  run([ev.mcpCall('mcp_1', 'completed'), ev.outputItemDone(r, done), ev.itemDone(done), ev.responseDone(r, [done])], conversation);
  assert.deepEqual(item?.mcp, { kind: 'call', serverLabel: 'docs', name: 'search', arguments: args, status: 'completed', output: '3 results', error: null, approvalRequestId: null });
  assert.equal(item?.status, 'completed');

  const broken = items.mcpCall('mcp_2', 'docs', 'search', '{}', { error: 'upstream 500' });
  run([ev.itemAdded(items.mcpCall('mcp_2', 'docs', 'search', '{}')), ev.mcpCall('mcp_2', 'failed'), ev.itemDone(broken)], conversation);
  const failed = conversation.getItem('mcp_2')?.mcp;
  assert.equal(failed?.kind === 'call' && failed.status, 'failed');
  assert.deepEqual(failed?.kind === 'call' && failed.error, { type: 'tool_execution_error', message: 'upstream 500' });
});

test('MCP: an approval request is marked answered when its approval response item arrives', () => {
  const { conversation, changes } = run([
    ev.itemAdded(items.mcpApprovalRequest('mcpa_1', 'docs', 'delete_page', '{"id":7}')),
    ev.itemAdded(items.mcpApprovalResponse('mcpr_1', 'mcpa_1', false, 'not today')),
  ]);
  const request = conversation.getItem('mcpa_1');
  assert.deepEqual(request?.mcp, { kind: 'approval_request', serverLabel: 'docs', name: 'delete_page', arguments: '{"id":7}', answer: { approve: false, reason: 'not today', itemId: 'mcpr_1' } });
  assert.deepEqual(conversation.getItem('mcpr_1')?.mcp, { kind: 'approval_response', approvalRequestId: 'mcpa_1', approve: false, reason: 'not today' });
  assert.ok(changes.some((c) => c.item.id === 'mcpa_1' && !c.appended), 'the request is reported as changed');
  // A later view of the request keeps its answer.
  run([ev.itemDone(items.mcpApprovalRequest('mcpa_1', 'docs', 'delete_page', '{"id":7}'))], conversation);
  assert.equal(request?.mcp?.kind === 'approval_request' && request.mcp.answer?.itemId, 'mcpr_1');
});

test('response status: a failed or incomplete response puts its status_details on its items', () => {
  const r = 'resp_inc';
  const partial = items.assistant('item_i', 'incomplete', [{ type: 'output_text', text: 'The answer is' }]);
  const { conversation, changes } = run([
    ev.responseCreated(r),
    ev.outputItemAdded(r, items.assistant('item_i', 'in_progress')),
    ev.textDelta(r, 'item_i', 'The answer is'),
    ev.outputItemDone(r, partial),
    ev.responseDoneWith(r, [partial], { status: 'incomplete', status_details: { type: 'incomplete', reason: 'max_output_tokens' } }),
  ]);
  assert.deepEqual(conversation.getItem('item_i')?.responseStatus, { status: 'incomplete', reason: 'max_output_tokens' });
  assert.equal(changes[changes.length - 1].item.id, 'item_i', 'reported even though the item was already done');

  const f = 'resp_fail';
  run(
    [
      ev.responseCreated(f),
      ev.outputItemAdded(f, items.assistant('item_x', 'in_progress')),
      // The official schema's `status_details.error` has `type` and `code`; the openai types add `message`.
      ev.responseDoneWith(f, [], { status: 'failed', status_details: { type: 'failed', error: { type: 'server_error', code: 'overloaded' } } }),
    ],
    conversation,
  );
  const failed = conversation.getItem('item_x');
  assert.equal(failed?.status, 'incomplete');
  assert.deepEqual(failed?.responseStatus, { status: 'failed', error: { type: 'server_error', code: 'overloaded' } });
});

test('phase: commentary and final_answer are read from the item when the server labels it', () => {
  const conversation = new RealtimeConversation();
  // Not in the openai package's realtime types: sent as the Realtime 2 docs describe, unvalidated.
  const withPhase = (id: string, phase: string) => ({ ...items.assistant(id, 'in_progress'), phase }) as unknown as ConversationItem;
  conversation.processEvent(ev.itemAdded(withPhase('item_p', 'commentary')));
  conversation.processEvent(ev.itemAdded(withPhase('item_q', 'final_answer')));
  conversation.processEvent(ev.itemAdded(withPhase('item_r', 'something_new')));
  assert.equal(conversation.getItem('item_p')?.phase, 'commentary');
  assert.equal(conversation.getItem('item_q')?.phase, 'final_answer');
  assert.equal(conversation.getItem('item_r')?.phase, undefined);
});

test('idle timeout: the item is marked and carries the timeout range as its timing', () => {
  const { conversation } = run([ev.timeoutTriggered('item_idle', 4000, 10000), ev.committed('item_idle'), ev.itemAdded(items.userAudio('item_idle'))]);
  const item = conversation.getItem('item_idle');
  assert.equal(item?.idleTimeout, true);
  assert.deepEqual(item?.speech, { audioStartMs: 4000, audioEndMs: 10000 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolArguments, serializeToolOutput, ToolRunner, type ToolResult } from './tool-runner';
import type { ItemState } from './item-state';

function callItem(callId: string, name: string, args: string, responseId?: string): ItemState {
  return {
    id: `item_${callId}`,
    type: 'function_call',
    status: 'completed',
    formatted: { text: '', transcript: '', audioSampleCount: 0, tool: { name, call_id: callId, arguments: args } },
    getAudio: () => new Int16Array(0),
    item: null,
    responseId,
    audioContentIndex: 0,
  };
}

function runner() {
  const log: string[] = [];
  const results: ToolResult[] = [];
  const tools = new ToolRunner({
    sendOutput: (callId, output) => log.push(`output ${callId} ${output}`),
    requestResponse: () => log.push('response.create'),
    onCall: (call) => log.push(`call ${call.call_id}`),
    onResult: (result) => results.push(result),
  });
  return { tools, log, results };
}

test('outputs: strings as is, everything else as JSON; arguments must be a JSON object', () => {
  assert.equal(serializeToolOutput('plain'), 'plain');
  assert.equal(serializeToolOutput({ a: 1 }), '{"a":1}');
  assert.equal(serializeToolOutput(undefined), 'null');
  assert.deepEqual(parseToolArguments(''), {});
  assert.deepEqual(parseToolArguments('{"x":[1]}'), { x: [1] });
  assert.throws(() => parseToolArguments('[1]'), /not a JSON object/);
  assert.throws(() => parseToolArguments('{'));
});

test('a call without a known response waits for no active response', async () => {
  const { tools, log } = runner();
  tools.add({ type: 'function', name: 'echo' }, (args) => args);
  tools.responseCreated('resp_1');
  tools.itemCompleted(callItem('c1', 'echo', '{"v":1}'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['call c1', 'output c1 {"v":1}']);
  tools.responseDone('resp_1');
  assert.deepEqual(log.slice(2), ['response.create']);
});

test('incomplete calls, unknown tools and repeated call ids are not run', async () => {
  const { tools, log } = runner();
  tools.add({ type: 'function', name: 'echo' }, () => 'ok');
  tools.itemCompleted({ ...callItem('c1', 'echo', '{}'), status: 'incomplete' });
  tools.itemCompleted(callItem('c2', 'other', '{}'));
  tools.itemCompleted(callItem('c3', 'echo', '{}', 'resp_done'));
  tools.itemCompleted(callItem('c3', 'echo', '{}', 'resp_done'));
  tools.responseDone('resp_done');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['call c3', 'output c3 ok', 'response.create']);
  assert.throws(() => tools.add({ type: 'function' }, () => 1), /needs a name/);
});

test('a handler that finishes after a reset (a new connection) is not answered', async () => {
  const { tools, log, results } = runner();
  let finish: (value: string) => void = () => undefined;
  tools.add({ type: 'function', name: 'slow' }, () => new Promise<string>((resolve) => (finish = resolve)));
  tools.itemCompleted(callItem('c1', 'slow', '{}', 'resp_1'));
  tools.responseDone('resp_1');
  tools.resetCalls();
  finish('late');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['call c1']);
  assert.match(results[0].error ?? '', /reset before the tool finished/);
});

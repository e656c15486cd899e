import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolArguments, serializeToolOutput, ToolRunner, type ToolResult } from './tool-runner';
import type { ItemState } from './item-state';
import { ResponseTracker } from './response-tracker';
import { ev } from './test-support/server-events';

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
  const responses = new ResponseTracker();
  const tools = new ToolRunner({
    responses,
    sendOutput: (callId, output) => log.push(`output ${callId} ${output}`),
    requestResponse: () => log.push('response.create'),
    onCall: (call) => log.push(`call ${call.call_id}`),
    onResult: (result) => results.push(result),
  });
  // As the client does: the tracker sees the event, then the runner is told.
  const created = (id: string) => responses.processEvent(ev.responseCreated(id));
  const done = (id: string) => {
    responses.processEvent(ev.responseDone(id, []));
    tools.responseDone(id);
  };
  return { tools, log, results, responses, created, done };
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
  const { tools, log, created, done } = runner();
  tools.add({ type: 'function', name: 'echo' }, (args) => args);
  created('resp_1');
  tools.itemCompleted(callItem('c1', 'echo', '{"v":1}'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['call c1', 'output c1 {"v":1}']);
  done('resp_1');
  assert.deepEqual(log.slice(2), ['response.create']);
});

test('incomplete calls, unknown tools and repeated call ids are not run', async () => {
  const { tools, log, created, done } = runner();
  tools.add({ type: 'function', name: 'echo' }, () => 'ok');
  created('resp_done');
  tools.itemCompleted({ ...callItem('c1', 'echo', '{}'), status: 'incomplete' });
  tools.itemCompleted(callItem('c2', 'other', '{}'));
  tools.itemCompleted(callItem('c3', 'echo', '{}', 'resp_done'));
  tools.itemCompleted(callItem('c3', 'echo', '{}', 'resp_done'));
  done('resp_done');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['call c3', 'output c3 ok', 'response.create']);
  assert.throws(() => tools.add({ type: 'function' }, () => 1), /needs a name/);
});

test('a handler that finishes after a reset (a new connection) is not answered', async () => {
  const { tools, log, results, created, done } = runner();
  let finish: (value: string) => void = () => undefined;
  tools.add({ type: 'function', name: 'slow' }, () => new Promise<string>((resolve) => (finish = resolve)));
  created('resp_1');
  tools.itemCompleted(callItem('c1', 'slow', '{}', 'resp_1'));
  done('resp_1');
  tools.resetCalls();
  finish('late');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['call c1']);
  assert.match(results[0].error ?? '', /reset before the tool finished/);
});

test('a call of an out-of-band response is not run or answered: only what was asked in the conversation is', async () => {
  const { tools, log, responses, done } = runner();
  tools.add({ type: 'function', name: 'echo' }, () => 'ok');
  responses.requested({ conversation: 'none', metadata: { purpose: 'classify' } });
  responses.processEvent(ev.responseCreatedWith('resp_oob', { metadata: { purpose: 'classify' } }));
  tools.itemCompleted(callItem('c1', 'echo', '{}', 'resp_oob'));
  done('resp_oob');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, []);
});

test('a call that completes after its response is done is answered at once, with one response.create', async () => {
  const { tools, log, created, done } = runner();
  tools.add({ type: 'function', name: 'echo' }, () => 'ok');
  created('resp_late');
  done('resp_late');
  tools.itemCompleted(callItem('c1', 'echo', '{}', 'resp_late'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(log, ['call c1', 'output c1 ok', 'response.create']);
});

test('a handler that throws: the model gets {error: message}, tool.result carries the error, and the turn goes on', async () => {
  const { tools, log, results, created, done } = runner();
  tools.add({ type: 'function', name: 'weather' }, async () => {
    throw new Error('weather service unreachable: Failed to fetch');
  });
  tools.add({ type: 'function', name: 'sync' }, () => {
    throw new Error('needs a key');
  });
  created('resp_1');
  tools.itemCompleted(callItem('c1', 'weather', '{"lat":1}', 'resp_1'));
  tools.itemCompleted(callItem('c2', 'sync', '{}', 'resp_1'));
  tools.itemCompleted(callItem('c3', 'sync', '[1]', 'resp_1'));
  done('resp_1');
  await new Promise((r) => setImmediate(r));
  // Each call is answered once, with its error as output; one response.create after all three.
  assert.deepEqual(log.slice(0, -1).sort(), [
    'call c1', 'call c2', 'call c3',
    'output c1 {"error":"weather service unreachable: Failed to fetch"}',
    'output c2 {"error":"needs a key"}',
    'output c3 {"error":"tool arguments are not a JSON object"}',
  ]);
  assert.equal(log.at(-1), 'response.create');
  assert.deepEqual(
    results.map((r) => [r.call_id, r.output, r.error]).sort(),
    [
      ['c1', { error: 'weather service unreachable: Failed to fetch' }, 'weather service unreachable: Failed to fetch'],
      ['c2', { error: 'needs a key' }, 'needs a key'],
      ['c3', { error: 'tool arguments are not a JSON object' }, 'tool arguments are not a JSON object'],
    ],
  );
});

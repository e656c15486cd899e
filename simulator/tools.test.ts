import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findCity } from './tools/gazetteer';
import { detectIntent } from './tools/intents';
import { describe as describeOutput, planReply, type PlannerInput } from './reply-planner';
import { callSimulatedTool } from './tools/mcp-server';
import { mcpToolRequest } from './tools/mcp-intent';
import { needsApproval, type McpToolConfig } from './mcp-registry';
import type { McpServerState } from './reply-planner';

describe('gazetteer', () => {
  it('finds known cities, longest name first, aliases in upper case only', () => {
    assert.equal(findCity('weather in new york city?')?.name, 'New York');
    assert.equal(findCity('How hot is it in SF')?.name, 'San Francisco');
    assert.equal(findCity('la la land'), null);
    assert.equal(findCity('Is it raining in Rio de Janeiro')?.name, 'Rio de Janeiro');
    assert.equal(findCity('Parisian cafes'), null);
  });
});

describe('intents', () => {
  it('reads weather questions, memory and arithmetic', () => {
    assert.deepEqual(detectIntent('What is the weather in Berlin?'), { kind: 'weather', city: findCity('Berlin') });
    assert.deepEqual(detectIntent('Is it cold in Gotham?'), { kind: 'weather_unknown_place' });
    assert.deepEqual(detectIntent('my name is Grace Hopper.'), { kind: 'remember', key: 'name', value: 'Grace Hopper' });
    assert.deepEqual(detectIntent('Remember that the meeting moved to noon!'), { kind: 'remember', key: 'note', value: 'the meeting moved to noon' });
    assert.deepEqual(detectIntent('remember my favourite food is ramen'), { kind: 'remember', key: 'favourite_food', value: 'ramen' });
    assert.deepEqual(detectIntent('what is 12.5 / 5'), { kind: 'arithmetic', tool: 'divide_numbers', a: 12.5, b: 5 });
    assert.deepEqual(detectIntent('hello'), { kind: 'none' });
  });
});

describe('reply planner', () => {
  const base: PlannerInput = { items: [], tools: [], toolChoice: 'auto', audioDurationMs: () => 0, isIdleTimeout: () => false, scriptedText: () => null, mcpServers: [] };
  const user = (text: string) => ({ type: 'message' as const, role: 'user' as const, id: 'item_u', content: [{ type: 'input_text' as const, text }] });

  it('does not call a tool when tool_choice is none or the tool is missing', () => {
    const weather = { type: 'function' as const, name: 'get_weather', parameters: {} };
    assert.equal(planReply({ ...base, items: [user('weather in Paris')], tools: [weather] })[0].kind, 'function_call');
    assert.equal(planReply({ ...base, items: [user('weather in Paris')], tools: [weather], toolChoice: 'none' })[0].kind, 'message');
    assert.equal(planReply({ ...base, items: [user('weather in Paris')] })[0].kind, 'message');
  });

  it('describes any tool output by its values', () => {
    assert.equal(describeOutput({ temperature: { value: 3, units: 'C' }, sky: 'clear', list: [1, 2] }), 'temperature 3 C, sky clear, list 1, list 2');
    assert.equal(describeOutput('plain text'), 'plain text');
    assert.equal(describeOutput({}), 'no values');
  });

  it('says how long the audio was, without pretending to understand it', () => {
    const audioItem = { type: 'message' as const, role: 'user' as const, id: 'item_a', content: [{ type: 'input_audio' as const }] };
    const [plan] = planReply({ ...base, items: [audioItem], audioDurationMs: () => 2340 });
    assert.deepEqual(plan, { kind: 'message', text: 'I heard 2.3 seconds of audio. I am a simulator and do not recognise speech, so type a message to try the tools.' });
  });
});

describe('simulated MCP server', () => {
  it('adds, divides, and fails on division by zero', () => {
    assert.deepEqual(callSimulatedTool('add_numbers', { a: 2, b: 40 }), { output: '42' });
    assert.deepEqual(callSimulatedTool('divide_numbers', { a: 1, b: 4 }), { output: '0.25' });
    assert.deepEqual(callSimulatedTool('divide_numbers', { a: 1, b: 0 }), { error: { type: 'tool_execution_error', message: 'Division by zero.' } });
  });
});

describe('MCP tool choice and policy', () => {
  const lookup = { name: 'order_status', input_schema: { type: 'object', properties: { order_number: { type: 'string' } }, required: ['order_number'] } };
  const add = { name: 'add', input_schema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } }, annotations: { readOnlyHint: true } };
  const server: McpServerState = { label: 'shop', tools: [lookup, add], needsApproval: () => false, call: async () => ({ output: '' }) };

  it('finds the tool a message names and fills its arguments', () => {
    const request = (text: string) => {
      const found = mcpToolRequest(text, [server]);
      return found && [found.tool, JSON.parse(found.arguments)];
    };
    assert.deepEqual(request('Check order_status for "A-1042".'), ['order_status', { order_number: 'A-1042' }]);
    assert.deepEqual(request('order status of B-7?'), ['order_status', { order_number: 'B-7' }]);
    assert.deepEqual(request('use order_status with {"order_number": "C-1"}'), ['order_status', { order_number: 'C-1' }]);
    assert.deepEqual(request('add 2 and 3.5'), ['add', { a: 2, b: 3.5 }]);
    assert.equal(request('addition is fun'), null, 'a name inside a word is not a mention');
    assert.equal(request('nothing here'), null);
  });

  it('reads require_approval: never, always, and filters by names or the read-only hint', () => {
    const config = (require_approval: McpToolConfig['require_approval']): McpToolConfig => ({ type: 'mcp', server_label: 's', require_approval });
    assert.equal(needsApproval(config('never'), add), false);
    assert.equal(needsApproval(config('always'), add), true);
    assert.equal(needsApproval(config(undefined), add), true);
    assert.equal(needsApproval(config({ never: { tool_names: ['add'] } }), add), false);
    assert.equal(needsApproval(config({ never: { read_only: true } }), add), false);
    assert.equal(needsApproval(config({ never: { read_only: true } }), lookup), true);
    assert.equal(needsApproval(config({ always: { tool_names: ['add'] }, never: { tool_names: ['order_status'] } }), 'order_status'), false);
  });
});

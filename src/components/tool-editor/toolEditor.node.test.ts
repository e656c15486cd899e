import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RealtimeClient } from '../../lib/realtime';
import { ManualCallStore } from './manualCalls';
import { schemaProblems } from './schemaCheck';
import { applyTools, handlerFor } from './toolRegistry';
import { DEFAULT_TOOLS, parseToolsFile, TEMPLATES, toDefinition, toolProblems, toolsFile, type EditableTool } from './toolModel';

const tool = (patch: Partial<EditableTool>): EditableTool => ({ ...TEMPLATES.lookup, ...patch });

describe('tool editor', () => {
  it('every template is sendable and passes the strict session.update check', () => {
    for (const template of Object.values(TEMPLATES)) {
      assert.deepEqual(toolProblems(template, []), [], template.name);
      assert.deepEqual(schemaProblems(template), [], template.name);
    }
  });

  it('finds problems as the user types: name, duplicates, JSON, schema type, fixed reply, built-in handler', () => {
    assert.deepEqual(toolProblems(tool({ name: 'bad name!' }), []), ['name: 1–64 letters, digits, _ or -']);
    assert.deepEqual(toolProblems(tool({}), [tool({})]), ['name: another tool is called "lookup_order"']);
    assert.match(toolProblems(tool({ parameters: '{"type": "object",' }), [])[0], /^parameters: not JSON/);
    assert.deepEqual(toolProblems(tool({ parameters: '[]' }), []), ['parameters: a JSON Schema object is needed']);
    assert.deepEqual(toolProblems(tool({ parameters: '{"type":"string"}' }), []), ['parameters: the schema\'s "type" must be "object"']);
    assert.deepEqual(toolProblems(tool({ fixedOutput: 'nope' }), []), ['fixed reply: not JSON']);
    assert.match(toolProblems(tool({ answer: 'built-in' }), [])[0], /no built-in handler for "lookup_order"/);
  });

  it('the JSON Schema meta-check catches what plain JSON does not', () => {
    assert.match(schemaProblems(tool({ parameters: '{"type":"object","properties":{"a":{"type":"strnig"}}}' })).join(), /not a valid JSON Schema/);
    assert.match(schemaProblems(tool({ parameters: '{"type":"object","required":"a"}' })).join(), /not a valid JSON Schema/);
  });

  it('exports and imports its own file, and a plain array of definitions', () => {
    const tools = [...DEFAULT_TOOLS, TEMPLATES.lookup, TEMPLATES.end_call];
    const back = parseToolsFile(toolsFile(tools));
    assert.ok('tools' in back);
    assert.deepEqual(back.tools.map((t) => [t.name, t.answer]), [['get_weather', 'built-in'], ['set_memory', 'built-in'], ['lookup_order', 'fixed'], ['end_call', 'by-hand']]);
    assert.deepEqual(JSON.parse(back.tools[2].parameters), JSON.parse(TEMPLATES.lookup.parameters));
    const plain = parseToolsFile(JSON.stringify([toDefinition(TEMPLATES.lookup)]));
    assert.ok('tools' in plain);
    assert.equal(plain.tools[0].answer, 'by-hand', 'a tool without a built-in handler is answered by hand');
    assert.deepEqual(parseToolsFile('{"tools": 3}'), { error: 'expected a list of tools' });
    assert.match(JSON.stringify(parseToolsFile('x')), /"error":"not JSON/);
  });

  it('answers: built-in handler, fixed reply, or the user\'s output (JSON or text) through the manual store', async () => {
    const manual = new ManualCallStore();
    const builtIns = { get_weather: () => 'sunny' };
    assert.equal(await handlerFor(tool({ name: 'get_weather', answer: 'built-in' }), builtIns, manual)({}), 'sunny');
    assert.deepEqual(await handlerFor(TEMPLATES.lookup, builtIns, manual)({}), { status: 'shipped', eta_days: 2 });
    const waiting = handlerFor(TEMPLATES.end_call, builtIns, manual)({ reason: 'bye' });
    assert.deepEqual(manual.calls.map((c) => [c.name, c.args]), [['end_call', { reason: 'bye' }]]);
    assert.equal(manual.answer(manual.calls[0].id, '{"ended": true}'), true);
    assert.deepEqual(await waiting, { ended: true });
    const text = handlerFor(TEMPLATES.end_call, builtIns, manual)({});
    manual.answer(manual.calls[0].id, 'done');
    assert.equal(await text, 'done');
    const dropped = handlerFor(TEMPLATES.end_call, builtIns, manual)({});
    manual.dropAll('closed');
    await assert.rejects(Promise.resolve(dropped), /closed/);
    assert.equal(manual.calls.length, 0);
  });

  it('applies the sendable tools to a client and removes the ones taken away', () => {
    const client = new RealtimeClient({ url: 'ws://127.0.0.1:9' });
    const manual = new ManualCallStore();
    let registered = applyTools(client, [...DEFAULT_TOOLS, tool({ name: 'broken', parameters: '{' })], [], {}, manual);
    assert.deepEqual(registered, ['get_weather', 'set_memory']);
    registered = applyTools(client, [TEMPLATES.lookup], registered, {}, manual);
    assert.deepEqual(registered, ['lookup_order']);
    const names = (client.getSessionConfig().tools ?? []).map((t) => ('name' in t ? t.name : ''));
    assert.deepEqual(names, ['lookup_order']);
  });
});

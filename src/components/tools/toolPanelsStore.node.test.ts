// The console's tools end to end on a real client (fake socket): the handlers throw, the runner
// answers the model with {error}, and the panels' store follows tool.call / tool.result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerConsoleTools } from '../../tools';
import { connectedClient, tick } from '../../lib/realtime/test-support/client-harness';
import { ev, items } from '../../lib/realtime/test-support/server-events';
import { ToolPanelsStore } from './toolPanelsStore';

test('a weather service that is down: the model gets {error}, the panel shows it at the place asked about', async () => {
  const h = await connectedClient();
  const down = (async () => {
    throw new TypeError('Failed to fetch');
  }) as unknown as typeof fetch;
  registerConsoleTools(h.client, { fetch: down });
  const store = new ToolPanelsStore();
  store.follow(h.client);
  h.takeSent();
  const calls: string[] = [];
  h.client.on('tool.call', (c) => calls.push(`${c.name} ${c.call_id}`));
  const weatherArgs = '{"lat":35.68,"lng":139.69,"location":"Tokyo"}';
  h.receive(
    ev.responseCreated('resp_1'),
    ev.itemDone(items.functionCall('item_w', 'call_w', 'get_weather', weatherArgs)),
    ev.itemDone(items.functionCall('item_m', 'call_m', 'set_memory', '{"key":"user_name","value":"Ada"}')),
    ev.responseDone('resp_1', []),
  );
  await tick();
  await tick();
  assert.deepEqual(calls, ['get_weather call_w', 'set_memory call_m']);
  const outputs = h.takeSent().filter((e) => e.type === 'conversation.item.create').map((e) => e.item as { call_id: string; output: string });
  assert.deepEqual(Object.fromEntries(outputs.map((o) => [o.call_id, JSON.parse(o.output)])), {
    call_w: { error: 'weather service unreachable: Failed to fetch' },
    call_m: { ok: true, key: 'user_name' },
  });
  const state = store.snapshot();
  assert.deepEqual(state.weather, { status: 'error', message: 'weather service unreachable: Failed to fetch', query: { lat: 35.68, lng: 139.69, location: 'Tokyo' } });
  assert.deepEqual(state.memory, { user_name: 'Ada' });
  assert.equal(state.memoryError, null);
  store.stop();
});

test('a get_weather answer that is not a report (written by hand) shows as an error at the place asked about, never breaks the panel', async () => {
  const h = await connectedClient();
  h.client.addTool({ type: 'function', name: 'get_weather', parameters: { type: 'object' } }, () => ({ temperature: 21.5 }));
  const store = new ToolPanelsStore();
  store.follow(h.client);
  h.receive(
    ev.responseCreated('resp_1'),
    ev.itemDone(items.functionCall('item_w', 'call_w', 'get_weather', '{"lat":48.86,"lng":2.35,"location":"Paris"}')),
    ev.responseDone('resp_1', []),
  );
  await tick();
  await tick();
  const weather = store.snapshot().weather;
  assert.equal(weather.status, 'error');
  assert.match(weather.status === 'error' ? weather.message : '', /not a weather report/);
  assert.equal(weather.status === 'error' ? weather.query?.location : '', 'Paris');
});

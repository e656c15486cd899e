import { RealtimeClient, type ServerSession, type ToolCall, type ToolResult } from '../../lib/realtime';
import { EMPTY_TOOL_PANELS, ToolPanelsStore } from './toolPanelsStore';

const PARIS_REPORT = { lat: 48.86, lng: 2.35, location: 'Paris', temperature: { value: 13.7, units: '°C' }, wind_speed: { value: 21.4, units: 'km/h' } };

function call(name: string, callId: string, args: unknown): ToolCall {
  return { name, call_id: callId, arguments: JSON.stringify(args) };
}

/** As the tool runner emits them: the call, then its result (`{error}` output when the handler threw). */
function run(client: RealtimeClient, c: ToolCall, outcome: { output: unknown } | { error: string }): void {
  client.emit('tool.call', c);
  const result: ToolResult = 'error' in outcome
    ? { name: c.name, call_id: c.call_id, output: { error: outcome.error }, error: outcome.error }
    : { name: c.name, call_id: c.call_id, output: outcome.output };
  client.emit('tool.result', result);
}

function newClient(): RealtimeClient {
  return new RealtimeClient({ url: 'ws://127.0.0.1:9/v1/realtime' });
}

test('a new session starts with empty tool panels; a new client alone (a Connect that may fail) keeps them (issue 13, item 5)', () => {
  const store = new ToolPanelsStore();
  const changes = jest.fn();
  store.subscribe(changes);
  const first = newClient();
  store.follow(first);
  run(first, call('get_weather', 'c1', { lat: 48.86, lng: 2.35, location: 'Paris' }), { output: PARIS_REPORT });
  run(first, call('set_memory', 'c2', { key: 'user_name', value: 'Ada' }), { output: { ok: true, key: 'user_name' } });
  expect(store.snapshot().weather.status).toBe('ok');
  expect(store.snapshot().lastReport?.location).toBe('Paris');
  expect(store.snapshot().memory).toEqual({ user_name: 'Ada' });
  expect(changes).toHaveBeenCalled();

  run(first, call('set_memory', 'c3', { value: 'no key' }), { error: 'set_memory needs a non-empty string "key"' });
  expect(store.snapshot().memoryError).toMatch(/key/);
  expect(store.snapshot().memory).toEqual({ user_name: 'Ada' });

  const next = newClient();
  store.follow(next);
  // No session yet: a refused Connect must not wipe what the last session stored.
  expect(store.snapshot().weather.status).toBe('ok');
  expect(store.snapshot().memory).toEqual({ user_name: 'Ada' });
  // The old client is no longer followed.
  first.emit('session.created', { type: 'realtime', id: 'sess_1' } as unknown as ServerSession);
  expect(store.snapshot().memory).toEqual({ user_name: 'Ada' });

  next.emit('session.created', { type: 'realtime', id: 'sess_2' } as unknown as ServerSession);
  expect(store.snapshot()).toEqual(EMPTY_TOOL_PANELS);
});

test('a weather call shows loading, then a failure keeps the coordinates asked about (the map marks them)', () => {
  const store = new ToolPanelsStore();
  const client = newClient();
  store.follow(client);
  const paris = { lat: 48.86, lng: 2.35, location: 'Paris' };
  client.emit('tool.call', call('get_weather', 'c1', paris));
  expect(store.snapshot().weather).toEqual({ status: 'loading', query: paris });
  client.emit('tool.result', { name: 'get_weather', call_id: 'c1', output: { error: 'weather service unreachable: Failed to fetch' }, error: 'weather service unreachable: Failed to fetch' });
  expect(store.snapshot().weather).toEqual({ status: 'error', message: 'weather service unreachable: Failed to fetch', query: paris });
  expect(store.snapshot().lastReport).toBeNull();

  run(client, call('get_weather', 'c2', { lat: 91, lng: 0, location: 'x' }), { error: 'bad latitude 91: must be a number from -90 to 90' });
  expect(store.snapshot().weather).toEqual({ status: 'error', message: 'bad latitude 91: must be a number from -90 to 90' });
});

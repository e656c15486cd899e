import { act, renderHook } from '@testing-library/react';
import { RealtimeClient, type ServerSession, type ToolHandler } from '../../lib/realtime';
import { useConsoleTools } from './useConsoleTools';

const PARIS = { current: { temperature_2m: 13.7, wind_speed_10m: 21.4 }, current_units: { temperature_2m: '°C', wind_speed_10m: 'km/h' } };

/** A client that is never connected; its tool handlers are captured to be called directly. */
function clientWithHandlers(): { client: RealtimeClient; handlers: Map<string, ToolHandler> } {
  const client = new RealtimeClient({ url: 'ws://127.0.0.1:9/v1/realtime' });
  const handlers = new Map<string, ToolHandler>();
  const addTool = client.addTool.bind(client);
  jest.spyOn(client, 'addTool').mockImplementation((definition, handler) => {
    handlers.set(definition.name ?? '', handler);
    addTool(definition, handler);
  });
  return { client, handlers };
}

test('a new session starts with empty tool panels; a new client alone (a Connect that may fail) keeps them (issue 13, item 5)', async () => {
  const fetchWeather = jest.fn(async () => new Response(JSON.stringify(PARIS), { status: 200 }));
  const { result } = renderHook(() => useConsoleTools({ fetch: fetchWeather as unknown as typeof fetch }));
  const first = clientWithHandlers();
  act(() => result.current.register(first.client));
  await act(async () => {
    await first.handlers.get('get_weather')!({ lat: 48.86, lng: 2.35, location: 'Paris' });
    await first.handlers.get('set_memory')!({ key: 'user_name', value: 'Ada' });
  });
  expect(result.current.weather.status).toBe('ok');
  expect(result.current.lastReport?.location).toBe('Paris');
  expect(result.current.memory).toEqual({ user_name: 'Ada' });

  await act(async () => {
    await first.handlers.get('set_memory')!({ value: 'no key' });
  });
  expect(result.current.memoryError).toMatch(/key/);

  const next = clientWithHandlers().client;
  act(() => result.current.register(next));
  // No session yet: a refused Connect must not wipe what the last session stored.
  expect(result.current.weather.status).toBe('ok');
  expect(result.current.lastReport?.location).toBe('Paris');
  expect(result.current.memory).toEqual({ user_name: 'Ada' });

  act(() => {
    next.emit('session.created', { type: 'realtime', id: 'sess_2' } as unknown as ServerSession);
  });
  expect(result.current.weather).toEqual({ status: 'idle' });
  expect(result.current.lastReport).toBeNull();
  expect(result.current.memory).toEqual({});
  expect(result.current.memoryError).toBeNull();
});

test('a failed weather call keeps the coordinates asked about (the map marks them); a simulated report says so', async () => {
  const failing = jest.fn(async () => {
    throw new TypeError('Failed to fetch');
  });
  const { result } = renderHook(() => useConsoleTools({ fetch: failing as unknown as typeof fetch }));
  const { client, handlers } = clientWithHandlers();
  act(() => result.current.register(client));
  let output: unknown;
  await act(async () => {
    output = await handlers.get('get_weather')!({ lat: 48.86, lng: 2.35, location: 'Paris' });
  });
  expect(output).toEqual({ error: 'weather service unreachable: Failed to fetch' });
  expect(result.current.weather).toEqual({ status: 'error', message: 'weather service unreachable: Failed to fetch', query: { lat: 48.86, lng: 2.35, location: 'Paris' } });

  const ok = jest.fn(async () => new Response(JSON.stringify(PARIS), { status: 200 }));
  const { result: simulated } = renderHook(() => useConsoleTools({ fetch: ok as unknown as typeof fetch, baseUrl: '/simulated-weather/v1/forecast', simulated: true }));
  const second = clientWithHandlers();
  act(() => simulated.current.register(second.client));
  await act(async () => {
    output = await second.handlers.get('get_weather')!({ lat: 48.86, lng: 2.35, location: 'Paris' });
  });
  expect(output).toMatchObject({ location: 'Paris', temperature: { value: 13.7 }, simulated: true });
  expect(ok).toHaveBeenCalledWith(expect.stringMatching(/^\/simulated-weather\/v1\/forecast\?latitude=48\.86/), expect.anything());
});

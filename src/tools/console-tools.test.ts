import { RealtimeClient, type ToolHandler } from '../lib/realtime';
import { registerConsoleTools } from '.';

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

test('registerConsoleTools adds get_weather and set_memory to the session', () => {
  const { client } = clientWithHandlers();
  registerConsoleTools(client);
  const names = (client.getSessionConfig().tools ?? []).map((t) => ('name' in t ? t.name : undefined));
  expect(names).toEqual(['get_weather', 'set_memory']);
});

test('the handlers return results and throw their failures (the runner makes them {error})', async () => {
  const failing = jest.fn(async () => {
    throw new TypeError('Failed to fetch');
  });
  const { client, handlers } = clientWithHandlers();
  registerConsoleTools(client, { fetch: failing as unknown as typeof fetch });
  await expect(Promise.resolve().then(() => handlers.get('get_weather')!({ lat: 48.86, lng: 2.35, location: 'Paris' }))).rejects.toThrow('weather service unreachable: Failed to fetch');
  await expect(Promise.resolve().then(() => handlers.get('get_weather')!({ lat: 91, lng: 0, location: 'x' }))).rejects.toThrow(/bad latitude/);
  expect(() => handlers.get('set_memory')!({ value: 'no key' })).toThrow(/non-empty string "key"/);
  expect(handlers.get('set_memory')!({ key: ' user_name ', value: 'Ada' })).toEqual({ ok: true, key: 'user_name' });
});

test('a simulated weather service: the report says so, from the configured URL', async () => {
  const ok = jest.fn(async () => new Response(JSON.stringify(PARIS), { status: 200 }));
  const { client, handlers } = clientWithHandlers();
  registerConsoleTools(client, { fetch: ok as unknown as typeof fetch, baseUrl: '/simulated-weather/v1/forecast', simulated: true });
  const output = await handlers.get('get_weather')!({ lat: 48.86, lng: 2.35, location: 'Paris' });
  expect(output).toMatchObject({ location: 'Paris', temperature: { value: 13.7 }, simulated: true });
  expect(ok).toHaveBeenCalledWith(expect.stringMatching(/^\/simulated-weather\/v1\/forecast\?latitude=48\.86/), expect.anything());
});

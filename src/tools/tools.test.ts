import { validateClientEvent } from '../lib/protocol/validate';
import { fetchCurrentWeather, GET_WEATHER_TOOL, parseWeatherQuery, SET_MEMORY_TOOL, setMemoryEntry, WeatherError, weatherUrl } from '.';

const forecast = {
  latitude: 48.86,
  longitude: 2.35,
  current_units: { time: 'iso8601', temperature_2m: '°C', wind_speed_10m: 'km/h' },
  current: { time: '2026-11-23T16:00', interval: 900, temperature_2m: 11.4, wind_speed_10m: 17.2 },
};

/** Every tool the console offers the model. */
const CONSOLE_TOOLS = [GET_WEATHER_TOOL, SET_MEMORY_TOOL];

function jsonResponse(body: unknown, status = 200): Response {
  return { ok: status >= 200 && status < 300, status, json: async () => body } as Response;
}

test('both tool definitions validate inside a session.update', () => {
  const event = { type: 'session.update', session: { type: 'realtime', tools: CONSOLE_TOOLS, tool_choice: 'auto' } };
  expect(validateClientEvent(event)).toEqual({ valid: true, type: 'session.update', errors: [] });
  expect(CONSOLE_TOOLS.map((t) => t.name)).toEqual(['get_weather', 'set_memory']);
});

test('a broken tool definition is caught by the same check', () => {
  const broken = { ...GET_WEATHER_TOOL, kind: 'function' };
  const result = validateClientEvent({ type: 'session.update', session: { type: 'realtime', tools: [broken, SET_MEMORY_TOOL] } });
  expect(result.valid).toBe(false);
});

test('asks Open-Meteo for current temperature and wind at the coordinates', async () => {
  const urls: string[] = [];
  const fetchStub = (async (url: string) => {
    urls.push(url);
    return jsonResponse(forecast);
  }) as unknown as typeof fetch;
  const report = await fetchCurrentWeather({ lat: 48.86, lng: 2.35, location: 'Paris' }, { fetch: fetchStub });
  expect(urls).toEqual(['https://api.open-meteo.com/v1/forecast?latitude=48.86&longitude=2.35&current=temperature_2m%2Cwind_speed_10m']);
  expect(report).toEqual({
    lat: 48.86, lng: 2.35, location: 'Paris',
    temperature: { value: 11.4, units: '°C' }, wind_speed: { value: 17.2, units: 'km/h' }, time: '2026-11-23T16:00',
  });
  expect(weatherUrl({ lat: 1, lng: 2, location: 'x' }, 'http://127.0.0.1:1/f')).toBe('http://127.0.0.1:1/f?latitude=1&longitude=2&current=temperature_2m%2Cwind_speed_10m');
});

test('rejects bad coordinates before any request', () => {
  expect(() => parseWeatherQuery({ lat: 91, lng: 0, location: 'x' })).toThrow(/bad latitude 91/);
  expect(() => parseWeatherQuery({ lat: 0, lng: 'east', location: 'x' })).toThrow(/bad longitude "east"/);
  expect(() => parseWeatherQuery({ location: 'x' })).toThrow(WeatherError);
  expect(parseWeatherQuery({ lat: '51.5', lng: -0.12, location: ' London ' })).toEqual({ lat: 51.5, lng: -0.12, location: 'London' });
});

test('network failures, HTTP errors and missing fields become WeatherErrors', async () => {
  const query = { lat: 1, lng: 2, location: 'x' };
  const down = (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch;
  await expect(fetchCurrentWeather(query, { fetch: down })).rejects.toThrow('weather service unreachable: Failed to fetch');
  const http500 = (async () => jsonResponse({}, 500)) as unknown as typeof fetch;
  await expect(fetchCurrentWeather(query, { fetch: http500 })).rejects.toThrow('HTTP 500');
  const empty = (async () => jsonResponse({ current: {} })) as unknown as typeof fetch;
  await expect(fetchCurrentWeather(query, { fetch: empty })).rejects.toThrow(/without current temperature/);
});

test('a request that never answers times out', async () => {
  const hang = ((_url: string, init?: RequestInit) =>
    new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as unknown as typeof fetch;
  await expect(fetchCurrentWeather({ lat: 1, lng: 2, location: 'x' }, { fetch: hang, timeoutMs: 20 })).rejects.toThrow('did not answer within 20 ms');
});

test('set_memory adds entries without touching the others', () => {
  const first = setMemoryEntry({}, { key: 'user_name', value: 'Ada' });
  const second = setMemoryEntry(first, { key: 'city', value: 'Paris' });
  expect(second).toEqual({ user_name: 'Ada', city: 'Paris' });
  expect(first).toEqual({ user_name: 'Ada' });
  expect(() => setMemoryEntry({}, { value: 'x' })).toThrow(/non-empty string "key"/);
});

import { DEFAULT_MODEL, DEFAULT_REALTIME_URL, displayUrl, loadAppConfig } from './config';
import { OPEN_METEO_URL } from './tools/weather';

test('defaults to the OpenAI endpoint with no relay', () => {
  expect(loadAppConfig({}, undefined)).toEqual({
    relayUrl: null, realtimeUrl: DEFAULT_REALTIME_URL, defaultModel: DEFAULT_MODEL, weatherUrl: OPEN_METEO_URL, weatherSimulated: false, testHooks: false, webrtcRelayRoute: 'session',
  });
});

test('reads the relay, base URL and model from the environment', () => {
  expect(
    loadAppConfig({
      REACT_APP_LOCAL_RELAY_SERVER_URL: ' ws://localhost:8081 ',
      REACT_APP_REALTIME_URL: 'ws://localhost:8082/v1/realtime',
      REACT_APP_REALTIME_MODEL: 'sim-realtime',
    }),
  ).toEqual({
    relayUrl: 'ws://localhost:8081', realtimeUrl: 'ws://localhost:8082/v1/realtime', defaultModel: 'sim-realtime', weatherUrl: OPEN_METEO_URL, weatherSimulated: false, testHooks: false, webrtcRelayRoute: 'session',
  });
});

test('runtime-config.js overrides the built-in values, and can turn the relay off', () => {
  const env = { REACT_APP_LOCAL_RELAY_SERVER_URL: 'ws://localhost:8081', REACT_APP_REALTIME_MODEL: 'a' };
  expect(loadAppConfig(env, { relayUrl: 'ws://127.0.0.1:9999' }).relayUrl).toBe('ws://127.0.0.1:9999');
  expect(loadAppConfig(env, { relayUrl: null }).relayUrl).toBeNull();
  expect(loadAppConfig(env, { defaultModel: 'b' }).defaultModel).toBe('b');
  expect(loadAppConfig(env, {}).relayUrl).toBe('ws://localhost:8081');
});

test('runtime-config.js can point get_weather at a simulated service (the demo does), and says so', () => {
  const config = loadAppConfig({}, { weatherUrl: '/simulated-weather/v1/forecast', weatherSimulated: true });
  expect(config.weatherUrl).toBe('/simulated-weather/v1/forecast');
  expect(config.weatherSimulated).toBe(true);
  expect(loadAppConfig({ REACT_APP_WEATHER_URL: 'http://127.0.0.1:9/f' }, {}).weatherUrl).toBe('http://127.0.0.1:9/f');
});

test('only the runtime config turns the test hooks on, and only with true', () => {
  expect(loadAppConfig({ REACT_APP_TEST_HOOKS: 'true' }, {}).testHooks).toBe(false);
  expect(loadAppConfig({}, { testHooks: true }).testHooks).toBe(true);
  expect(loadAppConfig({}, { testHooks: 'yes' as unknown as boolean }).testHooks).toBe(false);
});

test('displayUrl masks tokens and keys in the query, leaves other URLs as they are', () => {
  expect(displayUrl('ws://localhost:8081/?access_token=secret123&model=gpt-realtime')).toBe('ws://localhost:8081/?access_token=…&model=gpt-realtime');
  expect(displayUrl('ws://localhost:8081?api_key=abc')).toBe('ws://localhost:8081/?api_key=…');
  expect(displayUrl('ws://localhost:8081')).toBe('ws://localhost:8081');
  expect(displayUrl('not a url')).toBe('not a url');
});

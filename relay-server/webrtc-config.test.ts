// The WebRTC settings (ranges, environment variables), the rate limiter's window and memory
// bound, the tools the relay runs on sidebands, and the upstream URLs derived from OPENAI_REALTIME_URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, configFromEnv, resolveConfig, type HeldTool } from './config';
import { GET_WEATHER_TOOL, SET_MEMORY_TOOL } from '../src/tools';
import { RateLimiter } from './rate-limit';
import { callIdFromLocation, sidebandUrl, upstreamHttpUrl } from './upstream-endpoints';

const KEY = 'sk-test-config-0123456789';

test('the WebRTC settings have short, named defaults and are range-checked', () => {
  const config = resolveConfig({ apiKey: KEY });
  assert.equal(config.ephemeralKeySeconds, 60);
  assert.equal(config.sideband, true);
  for (const ephemeralKeySeconds of [9, 7201, 1.5]) assert.throws(() => resolveConfig({ apiKey: KEY, ephemeralKeySeconds }), ConfigError);
  assert.throws(() => resolveConfig({ apiKey: KEY, webrtcRequestsPerMinute: 0 }), /RELAY_WEBRTC_REQUESTS_PER_MINUTE/);
  assert.throws(() => resolveConfig({ apiKey: KEY, maxHttpBodyBytes: -1 }), /RELAY_MAX_HTTP_BODY_BYTES/);
  const fromEnv = configFromEnv({ OPENAI_API_KEY: KEY, RELAY_EPHEMERAL_KEY_SECONDS: '120', RELAY_SIDEBAND: 'off', RELAY_WEBRTC_REQUESTS_PER_MINUTE: '5', RELAY_MAX_HTTP_BODY_BYTES: '4096' });
  assert.deepEqual(
    [fromEnv.ephemeralKeySeconds, fromEnv.sideband, fromEnv.webrtcRequestsPerMinute, fromEnv.maxHttpBodyBytes],
    [120, false, 5, 4096],
  );
});

test('RELAY_SIDEBAND_TOOLS names tools the relay has and the policy holds, and needs the sideband', () => {
  const held = [GET_WEATHER_TOOL, SET_MEMORY_TOOL] as HeldTool[];
  assert.deepEqual(resolveConfig({ apiKey: KEY }).sidebandTools, [], 'off by default: the page answers its tools');
  const on = resolveConfig({ apiKey: KEY, sidebandTools: ['get_weather'], policy: { tools: held } });
  assert.deepEqual([on.sidebandTools, on.sidebandWeatherUrl], [['get_weather'], 'https://api.open-meteo.com/v1/forecast']);
  assert.throws(() => resolveConfig({ apiKey: KEY, sidebandTools: ['lookup_order'], policy: { tools: [{ type: 'function', name: 'lookup_order' }] } }), /no tool "lookup_order" \(it has get_weather, set_memory\)/);
  assert.throws(() => resolveConfig({ apiKey: KEY, sidebandTools: ['set_memory'], policy: { tools: [held[0]] } }), /"set_memory", which the policy does not hold/);
  assert.throws(() => resolveConfig({ apiKey: KEY, sidebandTools: ['get_weather'] }), /policy does not hold/);
  assert.throws(() => resolveConfig({ apiKey: KEY, sidebandTools: ['get_weather'], sideband: false, policy: { tools: held } }), /needs the sideband/);
  assert.throws(() => resolveConfig({ apiKey: KEY, sidebandTools: ['get_weather'], sidebandWeatherUrl: 'not a url', policy: { tools: held } }), /RELAY_WEATHER_URL is not a URL/);
  const fromEnv = configFromEnv({ OPENAI_API_KEY: KEY, RELAY_SIDEBAND_TOOLS: 'get_weather, set_memory', RELAY_WEATHER_URL: 'http://127.0.0.1:9/f' });
  assert.deepEqual([fromEnv.sidebandTools, fromEnv.sidebandWeatherUrl], [['get_weather', 'set_memory'], 'http://127.0.0.1:9/f']);
});

test('upstream HTTP endpoints and the sideband URL follow OPENAI_REALTIME_URL', () => {
  assert.equal(upstreamHttpUrl('wss://api.openai.com/v1/realtime', 'client_secrets'), 'https://api.openai.com/v1/realtime/client_secrets');
  assert.equal(upstreamHttpUrl('ws://127.0.0.1:8082/v1/realtime/?sim_speed=10&model=x', 'calls'), 'http://127.0.0.1:8082/v1/realtime/calls?sim_speed=10');
  assert.equal(sidebandUrl('wss://api.openai.com/v1/realtime?model=x', 'rtc_abc'), 'wss://api.openai.com/v1/realtime?call_id=rtc_abc');
  assert.equal(callIdFromLocation('/v1/realtime/calls/rtc_u1_9c65'), 'rtc_u1_9c65');
  assert.equal(callIdFromLocation('https://api.openai.com/v1/realtime/calls/rtc_x?y=1'), 'rtc_x');
  for (const location of [null, '', '/v1/realtime/calls/', '/calls/sess_1', '/calls/rtc_../x', '/calls/rtc_a%0A']) assert.equal(callIdFromLocation(location), null);
});

test('the rate limiter slides its window and forgets clients whose window passed', () => {
  let now = 0;
  const limiter = new RateLimiter({ limit: 2, windowMs: 1000, maxClients: 2, now: () => now });
  assert.ok(limiter.take('a').ok);
  now = 500;
  assert.ok(limiter.take('a').ok);
  const refused = limiter.take('a');
  assert.deepEqual(refused, { ok: false, retryAfterSeconds: 1 });
  now = 1001;
  assert.ok(limiter.take('a').ok, 'the first request left the window');
  assert.ok(limiter.take('b').ok);
  assert.equal(limiter.take('c').ok, false, 'past maxClients a new client waits');
  now = 5000;
  assert.ok(limiter.take('c').ok, 'expired clients are forgotten to make room');
  assert.ok(limiter.size <= 2);
});

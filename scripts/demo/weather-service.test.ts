import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchCurrentWeather } from '../../src/tools/weather';
import { contentSecurityPolicy, startAppServer } from './app-server';
import { readDemoOptions } from './options';
import { demoRuntimeConfig } from './run-demo';
import { SIMULATED_WEATHER_PATH, simulatedForecast, type OpenMeteoForecast } from './weather-service';

const PARIS = '?latitude=48.8566&longitude=2.3522&current=temperature_2m%2Cwind_speed_10m';

test("answers in Open-Meteo's forecast shape, the same values for the same place", () => {
  const now = new Date('2026-11-30T23:41:12Z');
  const answer = simulatedForecast(PARIS, now);
  assert.equal(answer.status, 200);
  const body = answer.body as OpenMeteoForecast;
  assert.deepEqual(Object.keys(body), ['latitude', 'longitude', 'generationtime_ms', 'utc_offset_seconds', 'timezone', 'timezone_abbreviation', 'elevation', 'current_units', 'current']);
  assert.deepEqual(body.current_units, { time: 'iso8601', interval: 'seconds', temperature_2m: '°C', wind_speed_10m: 'km/h' });
  assert.equal(body.current.time, '2026-11-30T23:30');
  assert.equal(body.current.interval, 900);
  assert.equal(typeof body.current.temperature_2m, 'number');
  assert.equal(typeof body.current.wind_speed_10m, 'number');
  // Deterministic: derived from the coordinates only.
  assert.deepEqual(simulatedForecast(PARIS, new Date('2020-01-01T00:00Z')).body, { ...body, current: { ...body.current, time: '2020-01-01T00:00' } });
  const cairo = simulatedForecast('?latitude=30.04&longitude=31.24&current=temperature_2m,wind_speed_10m', now).body as OpenMeteoForecast;
  assert.notDeepEqual(cairo.current, body.current);
  assert.ok((cairo.current.temperature_2m as number) > (simulatedForecast('?latitude=78.2&longitude=15.6&current=temperature_2m', now).body as OpenMeteoForecast).current.temperature_2m);
});

test('a bad request gets Open-Meteo\'s 400 {error, reason}', () => {
  for (const search of ['?longitude=2', '?latitude=91&longitude=2', '?latitude=x&longitude=2', '?latitude=1&longitude=2&current=snowfall']) {
    const answer = simulatedForecast(search);
    assert.equal(answer.status, 400, search);
    assert.equal((answer.body as { error: boolean }).error, true, search);
    assert.match((answer.body as { reason: string }).reason, /\S/, search);
  }
});

test("the demo's app server answers it, and the console's get_weather reads it as it reads Open-Meteo", async () => {
  const buildDir = mkdtempSync(join(tmpdir(), 'demo-weather-'));
  writeFileSync(join(buildDir, 'index.html'), '<html>app</html>');
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port: 0, runtimeConfig: { relayUrl: 'ws://127.0.0.1:8081' }, simulatedWeather: true });
  const without = await startAppServer({ buildDir, host: '127.0.0.1', port: 0 });
  try {
    const response = await fetch(`${app.url}${SIMULATED_WEATHER_PATH}${PARIS}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const report = await fetchCurrentWeather({ lat: 48.8566, lng: 2.3522, location: 'Paris' }, { baseUrl: `${app.url}${SIMULATED_WEATHER_PATH}` });
    const expected = simulatedForecast(PARIS).body as OpenMeteoForecast;
    assert.deepEqual(report.temperature, { value: expected.current.temperature_2m, units: '°C' });
    assert.deepEqual(report.wind_speed, { value: expected.current.wind_speed_10m, units: 'km/h' });
    assert.equal((await fetch(`${app.url}${SIMULATED_WEATHER_PATH}?latitude=200&longitude=0`)).status, 400);
    // Not asked for: the path is the single-page app like any other.
    assert.equal(await (await fetch(`${without.url}${SIMULATED_WEATHER_PATH}${PARIS}`)).text(), '<html>app</html>');
  } finally {
    await app.close();
    await without.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
});

test('the demo uses it by default (it is offline), DEMO_WEATHER=open-meteo asks the real one', () => {
  assert.equal(readDemoOptions({}).weather, 'simulated');
  assert.equal(readDemoOptions({ DEMO_WEATHER: 'open-meteo' }).weather, 'open-meteo');
  assert.throws(() => readDemoOptions({ DEMO_WEATHER: 'sunny' }), /DEMO_WEATHER=sunny must be simulated or open-meteo/);
  assert.deepEqual(demoRuntimeConfig('ws://127.0.0.1:8081', { weather: 'simulated' }), { relayUrl: 'ws://127.0.0.1:8081', weatherUrl: SIMULATED_WEATHER_PATH, weatherSimulated: true });
  assert.deepEqual(demoRuntimeConfig('ws://127.0.0.1:8081', { weather: 'open-meteo' }), { relayUrl: 'ws://127.0.0.1:8081' });
  // A path is the page's own origin ('self'); a service elsewhere is added to connect-src.
  assert.match(contentSecurityPolicy({ runtimeConfig: { relayUrl: 'ws://127.0.0.1:8081', weatherUrl: 'http://127.0.0.1:8090/v1/forecast' } }), /connect-src 'self' [^;]*http:\/\/127\.0\.0\.1:8090/);
});

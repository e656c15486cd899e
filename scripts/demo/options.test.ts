import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_DEFAULTS, DemoError, readDemoOptions } from './options';

test('defaults: console 3000, relay 8081, simulator 8082, real-time audio, build when stale', () => {
  assert.deepEqual(readDemoOptions({}), DEMO_DEFAULTS);
  assert.deepEqual(
    [DEMO_DEFAULTS.appPort, DEMO_DEFAULTS.relayPort, DEMO_DEFAULTS.simulatorPort, DEMO_DEFAULTS.host],
    [3000, 8081, 8082, '127.0.0.1'],
  );
});

test('reads every setting from the environment', () => {
  const options = readDemoOptions({
    DEMO_APP_PORT: ' 4000 ',
    DEMO_RELAY_PORT: '4001',
    DEMO_SIMULATOR_PORT: '4002',
    DEMO_SIMULATOR_SPEED: '2.5',
    DEMO_BUILD: 'never',
    DEMO_BUILD_DIR: '/tmp/console-build',
    DEMO_WEATHER: 'open-meteo',
  });
  assert.deepEqual(options, {
    host: '127.0.0.1',
    appPort: 4000,
    relayPort: 4001,
    simulatorPort: 4002,
    simulatorSpeed: 2.5,
    build: 'never',
    buildDir: '/tmp/console-build',
    weather: 'open-meteo',
  });
});

test('bad values are refused with a message naming the variable', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ DEMO_APP_PORT: 'abc' }, /DEMO_APP_PORT=abc is not a port number/],
    [{ DEMO_RELAY_PORT: '70000' }, /DEMO_RELAY_PORT=70000/],
    [{ DEMO_SIMULATOR_PORT: '-1' }, /DEMO_SIMULATOR_PORT=-1/],
    [{ DEMO_SIMULATOR_PORT: '80.5' }, /DEMO_SIMULATOR_PORT=80.5/],
    [{ DEMO_SIMULATOR_SPEED: '0' }, /DEMO_SIMULATOR_SPEED=0 is not a speed factor/],
    [{ DEMO_SIMULATOR_SPEED: 'fast' }, /DEMO_SIMULATOR_SPEED=fast/],
    [{ DEMO_BUILD: 'sometimes' }, /DEMO_BUILD=sometimes must be auto, always or never/],
    [{ DEMO_APP_PORT: '8081' }, /three different ports \(got 8081, 8081, 8082\)/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => readDemoOptions(env), (error: unknown) => error instanceof DemoError && message.test(error.message), JSON.stringify(env));
  }
});

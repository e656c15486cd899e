// `npm run demo` places a simulated phone call (SIGUSR2 in the demo): the relay's phone line
// answers it with the simulator, runs get_weather against the demo's simulated weather, and the
// caller hears the answer. Loopback only; no build is made (a stand-in build/ is served).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../relay-server/phone/test-support';
import { readDemoOptions } from './options';
import { startDemo } from './run-demo';

test('the demo places a simulated phone call that the relay answers with the weather tool run server-side', async () => {
  const root = mkdtempSync(join(tmpdir(), 'demo-phone-'));
  mkdirSync(join(root, 'build'));
  writeFileSync(join(root, 'build', 'index.html'), '<html>app</html>');
  const future = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'build', 'index.html'), future, future);
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [app, relay, simulator] = [...ports];
  const options = readDemoOptions({ DEMO_APP_PORT: String(app), DEMO_RELAY_PORT: String(relay), DEMO_SIMULATOR_PORT: String(simulator), DEMO_BUILD: 'never', DEMO_SIMULATOR_SPEED: '4' });
  const lines: string[] = [];
  const demo = await startDemo(options, { root, log: (line) => lines.push(line) });
  try {
    await demo.placeCall();
    const ended = lines.find((line) => /relay phone call-1 ended/.test(line)) ?? '';
    assert.match(ended, /the caller hung up/);
    assert.match(ended, /tools 1/);
    const heard = /the caller heard ([\d.]+) s of answers/.exec(lines.join('\n'));
    assert.ok(heard && Number(heard[1]) > 1, lines.join('\n'));
  } finally {
    await demo.close();
    rmSync(root, { recursive: true, force: true });
  }
});

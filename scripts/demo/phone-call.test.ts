// `npm run demo` places a simulated phone call (SIGUSR2 in the demo): the relay's phone line
// answers it with the simulator, runs get_weather against the demo's simulated weather, and the
// caller hears the answer. Loopback only; no build is made (a stand-in build/ is served).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStubDemo } from './test-support';

test('the demo places a simulated phone call that the relay answers with the weather tool run server-side', async () => {
  const lines: string[] = [];
  const { demo, close } = await startStubDemo({ DEMO_SIMULATOR_SPEED: '4' }, (line) => lines.push(line));
  try {
    await demo.placeCall();
    const ended = lines.find((line) => /relay phone call-1 ended/.test(line)) ?? '';
    assert.match(ended, /the caller hung up/);
    assert.match(ended, /tools 1/);
    const heard = /the caller heard ([\d.]+) s of answers/.exec(lines.join('\n'));
    assert.ok(heard && Number(heard[1]) > 1, lines.join('\n'));
  } finally {
    await close();
  }
});

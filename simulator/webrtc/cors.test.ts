// A page on another origin may post its offer to the simulator's calls endpoint with an ek_ key,
// as it may to the API: the preflight is answered and every answer is readable (Location too).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSimulator, type RunningSimulator } from '../server';

let sim: RunningSimulator;
let base: string;

before(async () => {
  sim = await startSimulator({ port: 0, speed: 20 });
  base = `http://127.0.0.1:${sim.port}`;
});

after(() => sim.close());

test('preflights for client_secrets and calls are answered for any origin; answers carry the CORS headers', async () => {
  for (const path of ['/v1/realtime/calls', '/v1/realtime/client_secrets']) {
    const preflight = await fetch(`${base}${path}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  }
  const refused = await fetch(`${base}/v1/realtime/calls`, { method: 'POST', headers: { origin: 'http://127.0.0.1:3000', 'content-type': 'application/sdp', authorization: 'Bearer ek_unknown' }, body: 'v=0\r\n' });
  assert.equal(refused.status >= 400, true);
  assert.equal(refused.headers.get('access-control-allow-origin'), '*', 'a refusal is readable too');
  assert.match(refused.headers.get('access-control-expose-headers') ?? '', /Location/);
});

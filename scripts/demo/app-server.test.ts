import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeConfigScript, startAppServer } from './app-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  await new Promise<void>((done) => server.close(() => done()));
  return address.port;
}

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-app-server-'));
  mkdirSync(join(dir, 'static', 'js'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<html>app</html>');
  writeFileSync(join(dir, 'runtime-config.js'), '// built-in: served only without a runtime config');
  writeFileSync(join(dir, 'static', 'js', 'main.abc.js'), 'console.log(1)');
  return dir;
}

test('serves the build, its replaced runtime-config.js, and the page for unknown paths', async () => {
  const buildDir = fakeBuild();
  const port = await freePort();
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port, runtimeConfig: { relayUrl: 'ws://127.0.0.1:8081' } });
  try {
    assert.equal(app.url, `http://127.0.0.1:${port}`);
    const config = await fetch(`${app.url}/runtime-config.js`);
    assert.equal(await config.text(), 'window.REALTIME_CONSOLE_CONFIG = {"relayUrl":"ws://127.0.0.1:8081"};\n');
    assert.match(config.headers.get('content-type') ?? '', /javascript/);

    const script = await fetch(`${app.url}/static/js/main.abc.js`);
    assert.equal(await script.text(), 'console.log(1)');
    assert.match(script.headers.get('cache-control') ?? '', /immutable/);

    for (const path of ['/', '/some/route', '/static', '/%2e%2e/%2e%2e/etc/passwd']) {
      const page = await fetch(`${app.url}${path}`);
      assert.equal(await page.text(), '<html>app</html>', path);
      assert.equal(page.headers.get('cache-control'), 'no-cache', path);
    }
    assert.equal((await fetch(app.url, { method: 'POST' })).status, 405);
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
  // Closed means the port is free again.
  const again = createServer();
  await new Promise<void>((done) => again.listen(port, '127.0.0.1', done));
  await new Promise<void>((done) => again.close(() => done()));
});

test('a value in the runtime config cannot close the script element', () => {
  assert.equal(runtimeConfigScript({ relayUrl: '</script><script>alert(1)' }).includes('</script>'), false);
});

test('port 0 picks a free port; without a runtime config the build\'s own runtime-config.js is served', async () => {
  const buildDir = fakeBuild();
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port: 0 });
  try {
    const port = Number(new URL(app.url).port);
    assert.ok(port > 0, app.url);
    assert.equal(await (await fetch(`${app.url}/runtime-config.js`)).text(), '// built-in: served only without a runtime config');
    assert.equal(await (await fetch(`${app.url}/missing.js`)).text(), '<html>app</html>');
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
});

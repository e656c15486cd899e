import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSources, contentSecurityPolicy, inlineScriptHashes, runtimeConfigScript, startAppServer } from './app-server';
import { freePort } from '../../testing/free-port';


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
    // That file may name any relay: WebSocket and WebRTC signalling (HTTP) may reach it.
    const csp = (await fetch(app.url)).headers.get('content-security-policy') ?? '';
    assert.match(csp, /connect-src [^;]* ws: wss: http: https:(;|$)/);
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
});

/** Writes the request line as is (fetch would normalise `//[`) and returns the status code. */
function rawStatus(url: string, target: string): Promise<number | null> {
  const { port } = new URL(url);
  return new Promise((done) => {
    let answer = '';
    const socket: Socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      done(status ? Number(status[1]) : null);
    });
  });
}

test('targets that are not URLs get 400 and the server keeps serving', async () => {
  const buildDir = fakeBuild();
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port: 0 });
  try {
    for (const target of ['//[', '//%', '//x:99999', '/%', '/%E0%A4%A', 'http://[/']) assert.equal(await rawStatus(app.url, target), 400, target);
    assert.equal(await rawStatus(app.url, '/%00'), 200, 'a NUL byte is just a path that does not exist');
    assert.equal(await (await fetch(`${app.url}/`)).text(), '<html>app</html>');
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
});

test('dotfiles and dot-folders are never served, however the dot is written', async () => {
  const buildDir = fakeBuild();
  writeFileSync(join(buildDir, '.env'), 'OPENAI_API_KEY=sk-secret');
  mkdirSync(join(buildDir, '.git'));
  writeFileSync(join(buildDir, '.git', 'config'), 'secret config');
  writeFileSync(join(buildDir, 'static', '.hidden.js'), 'secret');
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port: 0 });
  try {
    for (const path of ['/.env', '/%2eenv', '/.git/config', '/.git/', '/static/.hidden.js', '/static/%2Ehidden.js', '/.well-known/x']) {
      const response = await fetch(`${app.url}${path}`);
      const body = await response.text();
      assert.equal(response.status, 404, path);
      assert.ok(!body.includes('secret'), path);
    }
    assert.equal(await rawStatus(app.url, '/static/..%2f.env'), 404);
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
});

test('a symlink inside the build that points outside it is not followed', async () => {
  const buildDir = fakeBuild();
  const outside = mkdtempSync(join(tmpdir(), 'demo-app-server-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'outside secret');
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'file.js'), 'outside secret js');
  symlinkSync(join(outside, 'secret.txt'), join(buildDir, 'link.txt'));
  symlinkSync(join(outside, 'dir'), join(buildDir, 'static', 'linked'));
  writeFileSync(join(buildDir, 'inside.txt'), 'inside');
  symlinkSync(join(buildDir, 'inside.txt'), join(buildDir, 'alias.txt'));
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port: 0 });
  try {
    for (const path of ['/link.txt', '/static/linked/file.js']) {
      const body = await (await fetch(`${app.url}${path}`)).text();
      assert.ok(!body.includes('outside secret'), `${path} served the target: ${body}`);
      assert.equal(body, '<html>app</html>', path);
    }
    assert.equal(await (await fetch(`${app.url}/alias.txt`)).text(), 'inside', 'a link within the build still works');
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('every answer carries nosniff, no referrer, and a CSP that forbids framing', async () => {
  const buildDir = fakeBuild();
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port: 0, runtimeConfig: { relayUrl: 'ws://127.0.0.1:8081' } });
  try {
    const answers = [
      await fetch(`${app.url}/`),
      await fetch(`${app.url}/runtime-config.js`),
      await fetch(`${app.url}/static/js/main.abc.js`),
      await fetch(`${app.url}/.env`),
      await fetch(app.url, { method: 'POST' }),
    ];
    for (const response of answers) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', response.url);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /connect-src [^;]*ws:\/\/127\.0\.0\.1:8081/);
      assert.doesNotMatch(csp, /'unsafe-inline'/);
    }
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
});

test('the CSP names the configured relay and API, the app\'s own hosts, and inline scripts by hash', () => {
  assert.deepEqual(connectSources({ relayUrl: 'ws://localhost:8081/?access_token=x', realtimeUrl: 'wss://sim.example:8443/v1/realtime' }), [
    "'self'",
    'https://api.open-meteo.com',
    'wss://api.openai.com',
    'https://api.openai.com',
    'ws://localhost:8081',
    'http://localhost:8081',
    'wss://sim.example:8443',
    'https://sim.example:8443',
  ]);
  // Unknown targets (no runtime config, or one CSP cannot name): any ws:/wss: endpoint, and any
  // http(s): one for WebRTC's offer to that relay's /session or /token.
  for (const unknown of [connectSources(), connectSources({ relayUrl: null }), connectSources({ relayUrl: 'ws://[::1]:8081' })]) {
    for (const scheme of ['ws:', 'wss:', 'http:', 'https:']) assert.ok(unknown.includes(scheme), `${scheme} in ${unknown.join(' ')}`);
  }
  const named = connectSources({ relayUrl: 'ws://127.0.0.1:8081' });
  for (const scheme of ['ws:', 'wss:', 'http:', 'https:']) assert.ok(!named.includes(scheme), `${scheme}: a named relay is the only one`);
  assert.ok(!connectSources({ relayUrl: 'ws://a; script-src *' }).some((s) => s.includes(';')));

  const csp = contentSecurityPolicy({ inlineScriptHashes: inlineScriptHashes('<script src="/a.js"></script><script>alert(1)</script>') });
  assert.match(csp, /script-src 'self' blob: 'unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF\+pI='/);
  assert.match(csp, /img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org/);
  assert.match(csp, /media-src 'self' blob: data:/);
  // The recording reader's worker, from the build's own origin only.
  assert.match(csp, /(^|; )worker-src 'self'(;|$)/);
});

test('a half-sent request is dropped with 408 after headersTimeoutMs, not held for Node\'s minute', async () => {
  const buildDir = fakeBuild();
  const app = await startAppServer({ buildDir, host: '127.0.0.1', port: 0, headersTimeoutMs: 500, requestTimeoutMs: 1000 });
  try {
    const { port } = new URL(app.url);
    const started = Date.now();
    const answer = await new Promise<string>((done) => {
      let text = '';
      const socket: Socket = connect(Number(port), '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('close', () => done(text));
      socket.on('error', () => done(text));
    });
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  } finally {
    await app.close();
    rmSync(buildDir, { recursive: true, force: true });
  }
});

// `npm run relay` as a child process: its start-up checks and its SIGINT shutdown.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { openBrowser, startTestUpstream, eventually } from './test-support';

const ROOT = resolve(__dirname, '..');
const ENTRY = join(ROOT, 'relay-server', 'index.ts');
const KEY = 'sk-cli-test-0123456789abcdef';

interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs the CLI with only the given settings (a developer's .env is not read). */
function runCli(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: join(ROOT, 'relay-server', 'no-such.env'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { process: child, output: () => output, exited };
}

test('without OPENAI_API_KEY the CLI says so and exits with 1', async () => {
  const child = runCli({ RELAY_PORT: '0' });
  assert.equal(await child.exited, 1);
  assert.match(child.output(), /relay: OPENAI_API_KEY is not set\. Put it in \.env \(see \.env\.example\)/);
});

test('a bad setting is named and exits with 1', async () => {
  const child = runCli({ OPENAI_API_KEY: KEY, RELAY_PORT: 'eighty' });
  assert.equal(await child.exited, 1);
  assert.match(child.output(), /RELAY_PORT must be an integer/);
  assert.ok(!child.output().includes(KEY));
});

test('SIGINT closes every session with 1001 and exits 0 (SIGTERM drains: drain.test.ts); the key never appears in the output', async () => {
  const upstreamCloses: number[] = [];
  const upstream = await startTestUpstream({
    onConnection: (c) => {
      c.socket.on('message', (data) => c.socket.send(data));
      c.socket.on('close', (code) => upstreamCloses.push(code));
    },
  });
  const child = runCli({ OPENAI_API_KEY: KEY, RELAY_PORT: '0', OPENAI_REALTIME_URL: upstream.url, RELAY_CLIENT_EVENTS_DENY: 'sesion.update' });
  try {
    await eventually(() => /listening on ws:\/\/127\.0\.0\.1:\d+/.test(child.output()), 'the listening line', 15_000);
    const url = /listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(child.output())![1];
    assert.match(child.output(), /warning: .*client:sesion\.update/, 'a typo in the policy is flagged');
    const browsers = await Promise.all([1, 2].map(() => openBrowser(url)));
    for (const b of browsers) {
      b.send({ type: 'response.create' });
      await b.waitForFrames(1);
    }
    child.process.kill('SIGINT');
    for (const b of browsers) assert.deepEqual(await b.closed, { code: 1001, reason: 'relay: shutting down' });
    assert.equal(await child.exited, 0);
    await eventually(() => upstreamCloses.length === 2, 'both upstreams closed');
    assert.deepEqual(upstreamCloses, [1001, 1001]);
    assert.match(child.output(), /SIGINT: closing 2 session\(s\) with 1001/);
    assert.equal(child.output().match(/ closed: 1001/g)?.length, 2);
    assert.ok(!child.output().includes(KEY), 'key printed');
  } finally {
    child.process.kill('SIGKILL');
    await upstream.close();
  }
});

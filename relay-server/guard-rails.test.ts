// Settings that would let others spend the key are refused at start-up (naming what to set),
// a missing Origin is let in by default only on loopback, the server's limits are validated,
// and one client cannot hold every session.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startChildRelay } from './child-relay';
import { ConfigError, configFromEnv, resolveConfig, type RelayOptions } from './config';
import { startRelay } from './server';
import { captureLog, eventually, startTestUpstream } from './test-support';

const KEY = 'sk-guard-rails';
const TOKEN = 'a-long-random-token-0123456789abcdef';

function refusal(options: Omit<RelayOptions, 'apiKey'>): string {
  try {
    resolveConfig({ apiKey: KEY, ...options });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail(`accepted: ${JSON.stringify(options)}`);
}

test('bound off loopback without a token: refused, naming RELAY_HOST, RELAY_ACCESS_TOKEN and the explicit opt-out', () => {
  for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com', '']) {
    const message = refusal({ host });
    assert.match(message, /RELAY_HOST/);
    assert.match(message, /RELAY_ACCESS_TOKEN/);
    assert.match(message, /RELAY_ALLOW_UNAUTHENTICATED_REMOTE=true/);
  }
  for (const host of ['127.0.0.1', '127.0.1.1', '::1', 'localhost']) assert.equal(resolveConfig({ apiKey: KEY, host }).host, host);
  assert.equal(resolveConfig({ apiKey: KEY, host: '0.0.0.0', accessToken: TOKEN }).host, '0.0.0.0');
  assert.equal(resolveConfig({ apiKey: KEY, host: '0.0.0.0', allowUnauthenticatedRemote: true }).host, '0.0.0.0');
  assert.equal(resolveConfig(configFromEnv({ OPENAI_API_KEY: KEY, RELAY_HOST: '0.0.0.0', RELAY_ALLOW_UNAUTHENTICATED_REMOTE: 'true' })).allowUnauthenticatedRemote, true);
  assert.match(refusal({ accessToken: '' }), /RELAY_ACCESS_TOKEN must not be empty/);
});

test('`*` among the origins without a token: refused, naming RELAY_ALLOWED_ORIGINS and RELAY_ACCESS_TOKEN', () => {
  const message = refusal({ allowedOrigins: ['http://localhost:3000', '*'] });
  assert.match(message, /RELAY_ALLOWED_ORIGINS contains \*/);
  assert.match(message, /RELAY_ACCESS_TOKEN/);
  assert.deepEqual(resolveConfig({ apiKey: KEY, allowedOrigins: ['*'], accessToken: TOKEN }).allowedOrigins, ['*']);
  assert.deepEqual(resolveConfig({ apiKey: KEY, allowedOrigins: ['*'], allowUnauthenticatedRemote: true }).allowedOrigins, ['*']);
});

test('a missing Origin is allowed by default only on loopback; an explicit setting wins', () => {
  assert.equal(resolveConfig({ apiKey: KEY }).allowMissingOrigin, true);
  assert.equal(resolveConfig({ apiKey: KEY, host: '::1' }).allowMissingOrigin, true);
  assert.equal(resolveConfig({ apiKey: KEY, host: '0.0.0.0', accessToken: TOKEN }).allowMissingOrigin, false);
  assert.equal(resolveConfig({ apiKey: KEY, host: '0.0.0.0', accessToken: TOKEN, allowMissingOrigin: true }).allowMissingOrigin, true);
  assert.equal(resolveConfig({ apiKey: KEY, allowMissingOrigin: false }).allowMissingOrigin, false);
  const fromEnv = (env: Record<string, string>) => resolveConfig(configFromEnv({ OPENAI_API_KEY: KEY, RELAY_ACCESS_TOKEN: TOKEN, ...env })).allowMissingOrigin;
  assert.equal(fromEnv({ RELAY_HOST: '0.0.0.0' }), false);
  assert.equal(fromEnv({ RELAY_HOST: '0.0.0.0', RELAY_ALLOW_MISSING_ORIGIN: 'true' }), true);
  assert.equal(fromEnv({ RELAY_HOST: '127.0.0.1' }), true);
});

test('server limits and timeouts: read from the environment, validated with the variable named', () => {
  const config = resolveConfig(configFromEnv({
    OPENAI_API_KEY: KEY,
    RELAY_MAX_SESSIONS_PER_CLIENT: '3',
    RELAY_MAX_CONNECTIONS: '300',
    RELAY_HEADERS_TIMEOUT_MS: '2000',
    RELAY_REQUEST_TIMEOUT_MS: '4000',
    RELAY_KEEP_ALIVE_TIMEOUT_MS: '1000',
  }));
  assert.deepEqual(
    [config.maxSessionsPerClient, config.maxConnections, config.headersTimeoutMs, config.requestTimeoutMs, config.keepAliveTimeoutMs],
    [3, 300, 2000, 4000, 1000],
  );
  const defaults = resolveConfig({ apiKey: KEY });
  assert.deepEqual(
    [defaults.maxSessionsPerClient, defaults.maxConnections, defaults.headersTimeoutMs, defaults.requestTimeoutMs, defaults.keepAliveTimeoutMs],
    [20, 500, 5000, 10_000, 5000],
  );
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ RELAY_MAX_SESSIONS_PER_CLIENT: '0' }, /RELAY_MAX_SESSIONS_PER_CLIENT/],
    [{ RELAY_MAX_CONNECTIONS: '-1' }, /RELAY_MAX_CONNECTIONS/],
    [{ RELAY_HEADERS_TIMEOUT_MS: '0' }, /RELAY_HEADERS_TIMEOUT_MS/],
    [{ RELAY_REQUEST_TIMEOUT_MS: '0' }, /RELAY_REQUEST_TIMEOUT_MS/],
    [{ RELAY_KEEP_ALIVE_TIMEOUT_MS: '0' }, /RELAY_KEEP_ALIVE_TIMEOUT_MS/],
    [{ RELAY_KEEP_ALIVE_TIMEOUT_MS: '1.5' }, /RELAY_KEEP_ALIVE_TIMEOUT_MS/],
    [{ RELAY_HEADERS_TIMEOUT_MS: '20000' }, /RELAY_HEADERS_TIMEOUT_MS \(20000\) must not exceed RELAY_REQUEST_TIMEOUT_MS \(10000\)/],
    [{ RELAY_MAX_CONNECTIONS: '100' }, /RELAY_MAX_CONNECTIONS \(100\) must be at least RELAY_MAX_SESSIONS \(200\)/],
    [{ RELAY_ALLOW_UNAUTHENTICATED_REMOTE: 'sure' }, /RELAY_ALLOW_UNAUTHENTICATED_REMOTE/],
  ];
  for (const [env, pattern] of cases) {
    assert.throws(() => resolveConfig(configFromEnv({ OPENAI_API_KEY: KEY, ...env })), (error: unknown) => error instanceof ConfigError && pattern.test(error.message), JSON.stringify(env));
  }
});

test('the CLI refuses to start off loopback or with `*` origins without a token (exit 1, what to set named); the opt-out starts with a warning', async () => {
  for (const env of [{ RELAY_HOST: '0.0.0.0' }, { RELAY_ALLOWED_ORIGINS: '*' }] as Array<Record<string, string>>) {
    const started = await startChildRelay(env).then(
      async (relay) => {
        await relay.stop();
        return `it started: ${relay.output()}`;
      },
      (error: Error) => error.message,
    );
    assert.match(started, /relay: RELAY_(HOST|ALLOWED_ORIGINS).*Set RELAY_ACCESS_TOKEN/);
    assert.match(started, /did not start/);
  }
  // `*` on loopback: the opt-out is exercised without listening beyond this machine.
  const relay = await startChildRelay({ RELAY_ALLOWED_ORIGINS: '*', RELAY_ALLOW_UNAUTHENTICATED_REMOTE: 'true' });
  try {
    assert.match(relay.output(), /warning: no RELAY_ACCESS_TOKEN although other machines or any web page can reach the relay/);
  } finally {
    await relay.stop();
  }
});

/** A browser stand-in connecting from a chosen loopback address (each is a different client). */
function connectFrom(url: string, localAddress: string): Promise<{ socket: WebSocket; frames: string[]; closed: Promise<number> }> {
  const socket = new WebSocket(url, { origin: 'http://localhost:3000', localAddress });
  const frames: string[] = [];
  socket.on('message', (data) => frames.push(data.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames, closed }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

test('one client holds at most maxSessionsPerClient sessions: the next gets relay_too_many_sessions and 1013; others are not affected', { timeout: 15_000 }, async () => {
  const upstream = await startTestUpstream();
  const log = captureLog();
  const relay = await startRelay({ apiKey: KEY, port: 0, upstreamUrl: upstream.url, maxSessionsPerClient: 2, log: log.sink });
  try {
    const first = await Promise.all([connectFrom(relay.url, '127.0.0.1'), connectFrom(relay.url, '127.0.0.1')]);
    const over = await connectFrom(relay.url, '127.0.0.1');
    assert.equal(await over.closed, 1013);
    const error = JSON.parse(over.frames[0]) as { type: string; error: { code: string; message: string } };
    assert.equal(error.type, 'error');
    assert.equal(error.error.code, 'relay_too_many_sessions');
    assert.match(error.error.message, /this client has 2 sessions open, the most one client may hold/);
    assert.ok(log.lines.some((line) => /relay refused a session: relay: this client has 2 sessions open/.test(line)));

    // Another address is another client.
    const other = await connectFrom(relay.url, '127.0.0.2');
    other.socket.send(JSON.stringify({ type: 'response.create' }));
    await eventually(() => other.frames.length === 1, 'the other client relayed');
    assert.equal(relay.activeSessions(), 3);

    // A session that ends frees its place.
    first[0].socket.close();
    await first[0].closed;
    await eventually(() => relay.activeSessions() === 2, 'the closed session ended');
    const again = await connectFrom(relay.url, '127.0.0.1');
    again.socket.send(JSON.stringify({ type: 'response.create' }));
    await eventually(() => again.frames.length === 1, 'the replacement session relayed');
    assert.equal(relay.activeSessions(), 3);
  } finally {
    await relay.close();
    await upstream.close();
  }
});

test('CLI: held session fields the API would refuse stop start-up, naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-held-'));
  const file = join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify({ instructions: 'Be Acme.', tools: [{ type: 'function', name: 'f', surprise: true }] }));
  try {
    const error = await startChildRelay({ RELAY_POLICY_FILE: file }).catch((failure: Error) => failure);
    assert.ok(error instanceof Error);
    assert.match(error.message, /held session fields would be refused by the API: .*surprise/);
    writeFileSync(file, JSON.stringify({ instructions: 'Be Acme.', voice: 'marin', toolChoice: 'auto' }));
    const relay = await startChildRelay({ RELAY_POLICY_FILE: file });
    assert.match(relay.output(), /policy held instructions, voice, toolChoice/);
    await relay.stop();
  } finally {
    rmSync(dir, { recursive: true });
  }
});

// deploy/realtime-relay@.service: its timing is consistent (TimeoutStopSec above the drain and
// closing grace, so systemd never SIGKILLs a drain), and its ExecStart, Environment and
// KillSignal do what systemd would make them do: the command starts the relay, the stop signal
// drains an open session with 1012 and the process exits 0 before the stop timeout. systemd
// itself is not run (a test machine has none to spare); the unit's timings are scaled down by
// the same factor so the test stays short.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { eventually, openBrowser, startTestUpstream } from '../relay-server/test-support';
import { DRAIN_CLOSE_REASON } from '../relay-server/shutdown';
import { DEPLOY } from './test-support';

const ROOT = resolve(DEPLOY, '..');
const UNIT = readFileSync(join(DEPLOY, 'realtime-relay@.service'), 'utf8');
/** Drain and stop timeout divided by this for the run. */
const SCALE = 20;

/** The [Service] section's settings; Environment= may repeat. */
function serviceSettings(unit: string): { single: Map<string, string>; environment: Record<string, string> } {
  const section = unit.split(/^\[/m).find((part) => part.startsWith('Service]')) ?? '';
  const single = new Map<string, string>();
  const environment: Record<string, string> = {};
  for (const line of section.split('\n').slice(1)) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    if (match[1] === 'Environment') {
      const [name, ...value] = match[2].split('=');
      environment[name] = value.join('=');
    } else single.set(match[1], match[2]);
  }
  return { single, environment };
}

const { single, environment } = serviceSettings(UNIT);

test('the unit stops with SIGTERM and waits longer than the drain grace plus the closing grace', () => {
  assert.equal(single.get('KillSignal'), 'SIGTERM');
  const stopMs = Number(single.get('TimeoutStopSec')) * 1000;
  const drainMs = Number(environment.RELAY_DRAIN_GRACE_MS);
  const closeMs = Number(environment.RELAY_SHUTDOWN_GRACE_MS);
  assert.ok(drainMs > 0 && closeMs > 0, 'the unit sets both graces itself');
  assert.ok(stopMs > drainMs + closeMs, `TimeoutStopSec ${stopMs} ms must exceed ${drainMs} + ${closeMs} ms`);
  assert.equal(environment.RELAY_PORT, '%i', 'the instance name is the port');
  assert.match(single.get('ExecStart') ?? '', /^\/usr\/bin\/node --import tsx relay-server\/index\.ts$/);
});

test('ExecStart with the unit\'s environment runs the relay; the stop signal drains a session with 1012 and it exits 0 before TimeoutStopSec', async () => {
  const upstream = await startTestUpstream();
  const [node, ...args] = single.get('ExecStart')!.split(' ');
  assert.equal(node, '/usr/bin/node');
  const drainMs = Number(environment.RELAY_DRAIN_GRACE_MS) / SCALE;
  const stopMs = (Number(single.get('TimeoutStopSec')) * 1000) / SCALE;
  const env = {
    ...environment,
    RELAY_PORT: '0', // %i
    RELAY_DRAIN_GRACE_MS: String(drainMs),
    RELAY_SHUTDOWN_GRACE_MS: String(Number(environment.RELAY_SHUTDOWN_GRACE_MS) / SCALE),
    // What EnvironmentFile= would add:
    PATH: process.env.PATH ?? '',
    OPENAI_API_KEY: 'sk-systemd-unit-test-0123456789',
    OPENAI_REALTIME_URL: upstream.url,
    DOTENV_CONFIG_PATH: join(ROOT, 'relay-server', 'no-such.env'),
  };
  // WorkingDirectory=/opt/realtime-console is this checkout; /usr/bin/node is the node running the test.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await eventually(() => /listening on ws:\/\/127\.0\.0\.1:\d+/.test(output), 'the listening line', 20_000);
    const url = /listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
    const browser = await openBrowser(url);
    browser.send({ type: 'response.create' });
    await browser.waitForFrames(1);
    const stopped = Date.now();
    child.kill(single.get('KillSignal') as NodeJS.Signals);
    const code = await Promise.race([exited, new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), stopMs))]);
    const tookMs = Date.now() - stopped;
    assert.equal(code, 0, `exit ${code} after ${tookMs} ms (scaled TimeoutStopSec ${stopMs} ms):\n${output}`);
    assert.ok(tookMs >= drainMs, 'the open session was given its grace');
    assert.deepEqual(await browser.closed, { code: 1012, reason: DRAIN_CLOSE_REASON });
    assert.match(output, /SIGTERM: draining 1 session\(s\)/);
  } finally {
    child.kill('SIGKILL');
    await upstream.close();
  }
});

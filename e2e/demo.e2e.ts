// `npm run demo` as a newcomer runs it: one command, then a typed weather question answered in
// headless Chromium through the console, the relay and the simulator; SIGTERM must leave no
// process and no listening port behind. A busy port must fail in one readable line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { blockExternalRequests, Cleanup, freePort, launchChromium, ROOT, routeMapTiles, tempDir, trackPageErrors } from './harness';
import { SIMULATED_WEATHER_PATH, simulatedForecast, type OpenMeteoForecast } from '../scripts/demo/weather-service';

const cleanup = new Cleanup();
after(() => cleanup.run());

/** Covers a (re)build of the console when build/ is older than src/ (about 15-60 s on 2 cores). */
const READY_TIMEOUT_MS = 150_000;
const ANSWER_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const FAIL_TIMEOUT_MS = 20_000;
/** When set, the answered conversation is saved there as a PNG (for the README's Quick start). */
const SCREENSHOT_PATH = process.env.DEMO_SCREENSHOT;
/** The build the demo serves: the e2e run's own (E2E_BUILD_DIR), else the demo's default build/. */
const BUILD_DIR = process.env.E2E_BUILD_DIR || undefined;

/** Set in the demo's environment: every process it starts inherits it, even in another group. */
const RUN_MARKER_VAR = 'REALTIME_CONSOLE_DEMO_E2E_RUN';

interface DemoRun {
  child: ChildProcess;
  /** The process group: the demo and everything it started, unless something escaped it. */
  pgid: number;
  /** The value of RUN_MARKER_VAR in this run's environment. */
  marker: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process holding the demo's output has ended (npm may exit before its script). */
  closed: Promise<void>;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

/** `npm run demo` in its own process group, as a terminal would run it. */
function runDemo(env: Record<string, string>): DemoRun {
  const marker = randomUUID();
  const child = spawn('npm', ['run', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, npm_config_update_notifier: 'false', [RUN_MARKER_VAR]: marker, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    listeners.forEach((listener) => listener());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const pgid = child.pid!;
  // Whatever happens in a test, nothing of the demo outlives the run.
  cleanup.add(() => {
    for (const pid of [pgid, ...processesOfRun(marker).map((line) => Number(line.split(':')[0]))]) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone, or not a group leader
      }
    }
  });
  return {
    child,
    pgid,
    marker,
    output: () => output,
    exited,
    closed,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          finish();
          resolve(match);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} after ${timeoutMs} ms; demo output:\n${output}`));
        }, timeoutMs);
        const onExit = () => {
          finish();
          reject(new Error(`demo exited before ${pattern}; output:\n${output}`));
        };
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}

/** Live processes (`PID: command line`) for which `select` holds, read from /proc. */
function liveProcesses(select: (pid: string, processGroup: number) => boolean): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which is in parentheses and may contain spaces).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || !select(pid, Number(fields[2]))) continue;
      found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`);
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return found;
}

/** The demo's processes: its process group, and anything carrying the run's marker in its environment. */
function processesOfRun(marker: string, pgid?: number): string[] {
  const needle = `${RUN_MARKER_VAR}=${marker}\0`;
  return liveProcesses((pid, group) => group === pgid || readFileSync(`/proc/${pid}/environ`, 'utf8').includes(needle));
}

async function waitForNoProcessOf(demo: DemoRun, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesOfRun(demo.marker, demo.pgid);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = processesOfRun(demo.marker, demo.pgid);
  }
  return left;
}

/** Rejects with `message()` when `promise` takes longer than `ms`; leaves no timer behind. */
async function withinMs<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message())), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server: Server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function demoPorts(): Promise<{ app: number; relay: number; simulator: number }> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [app, relay, simulator] = [...ports];
  return { app, relay, simulator };
}

const portEnv = (ports: { app: number; relay: number; simulator: number }): Record<string, string> => ({
  DEMO_APP_PORT: String(ports.app),
  DEMO_RELAY_PORT: String(ports.relay),
  DEMO_SIMULATOR_PORT: String(ports.simulator),
  ...(BUILD_DIR ? { DEMO_BUILD_DIR: BUILD_DIR } : {}),
});

/** What a server answers raw bytes with (fetch would normalise the target). */
function rawAnswer(port: number, request: string): Promise<string> {
  return new Promise((done) => {
    let text = '';
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (/^HTTP\/1\.1 \d{3}/.test(text)) socket.destroy();
    });
    socket.on('close', () => done(text));
    socket.on('error', () => done(text));
  });
}

test('npm run demo: a typed weather question is answered in Chromium; SIGTERM leaves no process or port', { timeout: READY_TIMEOUT_MS + 60_000 }, async () => {
  const ports = await demoPorts();
  const demo = runDemo(portEnv(ports));
  const [, appUrl] = await demo.waitFor(/^Open (http:\/\/\S+)$/m, READY_TIMEOUT_MS);
  assert.equal(appUrl, `http://127.0.0.1:${ports.app}`);
  const output = demo.output();
  assert.match(output, /SIMULATION, not the real model/);
  assert.match(output, new RegExp(`simulator\\s+ws://127\\.0\\.0\\.1:${ports.simulator}/v1/realtime`));
  assert.match(output, new RegExp(`relay\\s+ws://127\\.0\\.0\\.1:${ports.relay}`));
  assert.match(output, new RegExp(`console\\s+http://127\\.0\\.0\\.1:${ports.app}`));
  assert.doesNotMatch(output, /sk-demo-/, 'the throwaway key is never printed');

  const browser = await launchChromium();
  cleanup.add(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  const errors = trackPageErrors(page);
  // Everything external is refused (Open-Meteo included, not intercepted): the demo is offline,
  // and its own simulated weather service answers get_weather. Map tiles stand in for the network.
  const blocked = await blockExternalRequests(page);
  const weatherRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes(SIMULATED_WEATHER_PATH)) weatherRequests.push(request.url());
  });
  await routeMapTiles(page);

  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: ANSWER_TIMEOUT_MS });
  // Nobody may mistake the demo for the real model.
  await page.getByTestId('simulator-badge').waitFor();

  // Requests whose target is not a URL once took all three servers down with one GET (the
  // open console got 1006). Each is now a 400, and the session goes on.
  for (const port of Object.values(ports)) {
    for (const target of ['//[', '//%', '//x:99999']) assert.match(await rawAnswer(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`), /^HTTP\/1\.1 400/, `${target} on ${port}`);
  }
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor();

  await page.getByTestId('message-input').fill('What is the weather in Paris?');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // The answer comes from the simulator, after the console's get_weather call to the demo's
  // simulated service, using its values (derived from the coordinates asked about).
  await page.getByTestId('weather-simulated').waitFor();
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  while (weatherRequests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(weatherRequests.length, 1, 'the console asked the simulated weather service once');
  assert.match(weatherRequests[0], /latitude=48\.8\d*&longitude=2\.3\d*/);
  const simulated = (simulatedForecast(new URL(weatherRequests[0]).search).body as OpenMeteoForecast).current;
  const answer = page
    .locator('[data-testid="conversation-item"][data-role="assistant"]')
    .filter({ hasText: String(simulated.temperature_2m) })
    .filter({ hasText: String(simulated.wind_speed_10m) });
  await answer.first().waitFor({ timeout: ANSWER_TIMEOUT_MS });
  await page.getByTestId('map-marker').waitFor({ state: 'visible' });
  await page.getByTestId('map-label').filter({ hasText: `${simulated.temperature_2m} °C` }).waitFor();
  if (SCREENSHOT_PATH) {
    await page.getByTestId('item-audio').first().waitFor({ timeout: ANSWER_TIMEOUT_MS });
    await page.screenshot({ path: SCREENSHOT_PATH });
  }
  assert.deepEqual(blocked.filter((url) => url.includes('open-meteo')), [], 'the real Open-Meteo was not asked');
  assert.deepEqual(blocked, []);
  assert.deepEqual(errors, []);

  // A weather call that fails still marks the place the tool asked about.
  const failing = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await blockExternalRequests(failing);
  await routeMapTiles(failing);
  await failing.route((url) => url.pathname === SIMULATED_WEATHER_PATH, (route) => route.abort('internetdisconnected'));
  await failing.goto(appUrl);
  await failing.getByRole('button', { name: 'Connect', exact: true }).click();
  await failing.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: ANSWER_TIMEOUT_MS });
  await failing.getByTestId('message-input').fill('What is the weather in Paris?');
  await failing.getByRole('button', { name: 'Send', exact: true }).click();
  await failing.getByTestId('weather-error').filter({ hasText: /weather service unreachable/ }).waitFor({ timeout: ANSWER_TIMEOUT_MS });
  await failing.getByTestId('map-marker').waitFor({ state: 'visible' });
  await failing.getByTestId('map-label').filter({ hasText: /Paris: no weather/ }).waitFor();

  // The relay let the app's origin in.
  assert.match(demo.output(), new RegExp(`relay\\b.* open: origin ${appUrl.replace(/\./g, '\\.')}`));
  await browser.close();

  // SIGTERM to the demo's process group, as a terminal or a process manager sends it.
  process.kill(-demo.pgid, 'SIGTERM');
  await withinMs(demo.closed, STOP_TIMEOUT_MS, () => `demo still running ${STOP_TIMEOUT_MS} ms after SIGTERM:\n${demo.output()}`);
  // It stopped its parts itself (not killed half-way), then exited. The group's SIGTERM also ends
  // npm, so the demo may see its parent gone before it handles its own copy of the signal.
  assert.match(demo.output(), /demo: (SIGTERM|parent exited): stopping[\s\S]*\ndemo: stopped\.\n/);
  assert.deepEqual(await waitForNoProcessOf(demo, STOP_TIMEOUT_MS), [], 'no process of the demo is left');
  for (const [role, port] of Object.entries(ports)) assert.equal(await canListen(port), true, `the ${role} port ${port} was released`);
});

test('SIGTERM to npm alone (as a process manager sends it to the PID it started) stops everything too', { timeout: READY_TIMEOUT_MS + 30_000 }, async () => {
  const ports = await demoPorts();
  const demo = runDemo(portEnv(ports));
  await demo.waitFor(/^Open http:\/\/\S+$/m, READY_TIMEOUT_MS);
  // npm passes it to its shell only, which exits without passing it on: the demo sees its parent go.
  process.kill(demo.child.pid!, 'SIGTERM');
  await withinMs(demo.closed, STOP_TIMEOUT_MS, () => `demo still running ${STOP_TIMEOUT_MS} ms after SIGTERM to npm:\n${demo.output()}`);
  assert.match(demo.output(), /demo: (parent exited|SIGTERM): stopping[\s\S]*\ndemo: stopped\.\n/);
  assert.deepEqual(await waitForNoProcessOf(demo, STOP_TIMEOUT_MS), [], 'no process of the demo is left');
  for (const [role, port] of Object.entries(ports)) assert.equal(await canListen(port), true, `the ${role} port ${port} was released`);
});

test('npm run demo with a busy port: one clear line, exit code 1, nothing started', { timeout: FAIL_TIMEOUT_MS + 10_000 }, async () => {
  const ports = await demoPorts();
  const squatter = createServer();
  await new Promise<void>((done) => squatter.listen(ports.relay, '127.0.0.1', done));
  cleanup.add(() => new Promise<void>((done) => squatter.close(() => done())));

  const demo = runDemo(portEnv(ports));
  const exit = await withinMs(demo.exited, FAIL_TIMEOUT_MS, () => `demo did not exit on a busy port:\n${demo.output()}`);
  assert.equal(exit.code, 1, demo.output());
  const demoLines = demo.output().split('\n').filter((line) => line.startsWith('demo:'));
  assert.deepEqual(demoLines, [
    `demo: port ${ports.relay} on 127.0.0.1 (the relay) is already in use: stop what is using it, or set DEMO_RELAY_PORT to a free port.`,
  ]);
  assert.doesNotMatch(demo.output(), /^\s+at /m, 'no stack trace');
  assert.deepEqual(await waitForNoProcessOf(demo, STOP_TIMEOUT_MS), []);
  assert.equal(await canListen(ports.app), true);
  assert.equal(await canListen(ports.simulator), true);
});

test('Ctrl-C during the console build stops the build and its workers too', { timeout: FAIL_TIMEOUT_MS + 10_000 }, async () => {
  const ports = await demoPorts();
  // A build of its own, so stopping it half-way cannot spoil build/ for anyone else.
  const buildDir = join(tempDir(cleanup, 'realtime-console-demo-build-'), 'build');
  const demo = runDemo({ ...portEnv(ports), DEMO_BUILD: 'always', DEMO_BUILD_DIR: buildDir });
  await demo.waitFor(/^demo: building the console/m, FAIL_TIMEOUT_MS);
  // Wait until webpack really runs (a process of this run other than npm, sh and the demo).
  const deadline = Date.now() + FAIL_TIMEOUT_MS;
  while (!processesOfRun(demo.marker).some((line) => line.includes('react-scripts/scripts/build')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(processesOfRun(demo.marker).some((line) => line.includes('react-scripts/scripts/build')), `no build process:\n${demo.output()}`);

  // A terminal's Ctrl-C: SIGINT to the foreground process group (the build has a group of its own).
  process.kill(-demo.pgid, 'SIGINT');
  await withinMs(demo.closed, STOP_TIMEOUT_MS, () => `demo still running ${STOP_TIMEOUT_MS} ms after Ctrl-C:\n${demo.output()}`);
  assert.match(demo.output(), /demo: SIGINT: stopping[\s\S]*\ndemo: stopped\.\n/);
  assert.doesNotMatch(demo.output(), /^Open /m);
  assert.deepEqual(await waitForNoProcessOf(demo, STOP_TIMEOUT_MS), [], 'no process of the demo or its build is left');
  for (const [role, port] of Object.entries(ports)) assert.equal(await canListen(port), true, `the ${role} port ${port} is free`);
});

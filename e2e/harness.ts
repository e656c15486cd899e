// What end-to-end tests start, on loopback only: the built app served statically, Node
// services (simulator, relay) as child processes, and Debian's Chromium via playwright-core.
// Everything registered with a `Cleanup` is stopped even when a test fails.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core';
import { startAppServer, type RunningAppServer } from '../scripts/demo/app-server';
import type { RunningSimulator } from '../simulator/server';
import type { RunningRelay } from '../relay-server/server';
// Declares the lists the page's test hooks record into on `window`.
import type {} from '../src/pages/console/testHooks';
export { freePort } from '../testing/free-port';

export const ROOT = resolve(__dirname, '..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Runs registered stop functions in reverse order, once. */
export class Cleanup {
  private readonly tasks: Array<() => unknown> = [];
  add(task: () => unknown): void {
    this.tasks.push(task);
  }
  async run(): Promise<void> {
    while (this.tasks.length) {
      const task = this.tasks.pop()!;
      try {
        await task();
      } catch (error) {
        console.error('cleanup:', error);
      }
    }
  }
}

export type StaticServer = RunningAppServer;

/**
 * Serves the production build (`npm run build`, or `E2E_BUILD_DIR` while something else
 * rebuilds build/) on loopback with a single-page fallback: the demo's app server
 * (scripts/demo/app-server.ts) on a free port. `runtimeConfig` replaces
 * public/runtime-config.js, so a test points the built app at its own relay.
 */
export async function serveBuild(options: { runtimeConfig?: Record<string, unknown>; buildDir?: string } = {}): Promise<StaticServer> {
  const buildDir = options.buildDir ?? (process.env.E2E_BUILD_DIR || join(ROOT, 'build'));
  if (!existsSync(join(buildDir, 'index.html'))) {
    throw new Error(`no build in ${buildDir}: run \`npm run build\` first`);
  }
  return startAppServer({ buildDir, host: '127.0.0.1', port: 0, runtimeConfig: options.runtimeConfig });
}

export interface Service {
  name: string;
  process: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `npx tsx ENTRY` (or any command) in its own process group and waits until its output
 * matches `ready`. Fails with the service's output if it exits or times out first.
 */
export async function startService(options: {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  ready: RegExp;
  timeoutMs?: number;
}): Promise<Service> {
  const child = spawn(options.command, options.args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${options.name} not ready after ${options.timeoutMs ?? 20000} ms:\n${output}`)), options.timeoutMs ?? 20000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.ready.test(output)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${options.name} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    name: options.name,
    process: child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      try {
        process.kill(-child.pid!, signal);
      } catch {
        return child.exitCode;
      }
      const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs a TypeScript entry point of this repo (e.g. `simulator/index.ts`) with tsx. */
export function tsxService(name: string, entry: string, env: Record<string, string>, ready: RegExp): Promise<Service> {
  return startService({ name, command: process.execPath, args: ['--import', 'tsx', entry], env, ready });
}


export interface LaunchOptions {
  /** A WAV file Chromium plays as the microphone (looped). */
  fakeMicrophoneWav?: string;
}

/** Debian's Chromium, headless, with its background networking off (the machine has none). */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium`);
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    // WebRTC on loopback: Chromium gathers no 127.0.0.1 candidate without this, and offers real
    // addresses (not mDNS names) only once the page may use the microphone. The simulator offers
    // and pairs only 127.0.0.1, so no packet of a call leaves the machine.
    '--allow-loopback-in-peer-connection',
  ];
  if (options.fakeMicrophoneWav) args.push(`--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

/** Collects uncaught errors and console errors of a page; tests assert it stays empty. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}

/** Answers every request that would leave the machine, so no test reaches the internet. */
export async function blockExternalRequests(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => {
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  return blocked;
}

/** A 1x1 slate-grey PNG: stands in for every map tile. */
const BLANK_TILE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPQMnQCAAEmAJ6U7G6bAAAAAElFTkSuQmCC', 'base64');

/**
 * Answers the map's OpenStreetMap tiles on the machine with a blank PNG, or refuses them (a map
 * that must work without tiles). Register it after `blockExternalRequests`: later routes win.
 */
export async function routeMapTiles(page: Page, answer: 'png' | 'abort' = 'png'): Promise<void> {
  await page.route(/^https:\/\/([a-z0-9-]+\.)*tile\.openstreetmap\.org\//, (route) =>
    answer === 'abort'
      ? route.abort('internetdisconnected')
      : route.fulfill({ status: 200, contentType: 'image/png', headers: { 'access-control-allow-origin': '*' }, body: BLANK_TILE_PNG }),
  );
}

/** A temporary folder removed by `cleanup`. */
export function tempDir(cleanup: Cleanup, prefix = 'realtime-console-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Speech for the fake microphone: espeak-ng says `text`, sox pads it with `silenceSeconds`
 * of silence before (and `silenceAfterSeconds` after, the same by default) and converts it to
 * 48 kHz mono PCM16 (what Chromium's fake capture expects).
 */
export function makeSpeechWav(dir: string, text: string, silenceSeconds = 1, silenceAfterSeconds = silenceSeconds): string {
  const raw = join(dir, 'speech-raw.wav');
  const out = join(dir, 'speech.wav');
  const speak = spawnSync('espeak-ng', ['-w', raw, text]);
  if (speak.status !== 0) throw new Error(`espeak-ng failed (apt-get install espeak-ng): ${speak.stderr}`);
  const convert = spawnSync('sox', [raw, '-r', '48000', '-c', '1', '-b', '16', out, 'pad', String(silenceSeconds), String(silenceAfterSeconds)]);
  if (convert.status !== 0) throw new Error(`sox failed (apt-get install sox): ${convert.stderr}`);
  return out;
}

/** One axe-core violation, cut to what a failing assertion needs to say. */
export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  targets: string[];
}

/**
 * axe-core's WCAG 2 A/AA checks (and its best practices) on the part of the page `selector`
 * names. axe-core comes with eslint-plugin-jsx-a11y (react-scripts); injected only here.
 */
export async function axeViolations(page: Page, selector: string): Promise<AxeViolation[]> {
  // evaluate, not an inline <script>: the console's CSP refuses inline scripts
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async (include) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const results = await axe.run({ include: [include] }, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, selector);
}

export interface RelayedConsoleOptions {
  simulatorSpeed: number;
  /** What Chromium's fake microphone says (espeak-ng); without it, Chromium's own fake device. */
  speech?: string;
  /**
   * Silence before the speech (default 1 s). Chromium's fake capture starts the file again at each
   * getUserMedia, so with 0 the microphone speaks from the moment it opens.
   */
  speechLeadSeconds?: number;
  /** Silence after the speech, before the file loops (default 1 s). */
  speechTrailSeconds?: number;
  /** Added to the relay's upstream URL: the simulator's faults, e.g. `fault_error=rate_limit_exceeded`. */
  upstreamQuery?: string;
  buildDir?: string;
}

export interface RelayedConsole {
  app: StaticServer;
  browser: Browser;
  simulator: RunningSimulator;
  relay: RunningRelay;
  /** Another relay on the same simulator (e.g. with a fault in `upstreamQuery`) and an app pointed at it. */
  addRelayedApp(upstreamQuery?: string): Promise<{ app: StaticServer; relay: RunningRelay }>;
}

/**
 * The usual stack of a console test: the simulator, a relay in front of it that lets any
 * origin in (the app's port is picked after it starts, and the relay refuses `*` without a token
 * unless told so explicitly), the built app pointed at the relay with the test hooks on, and
 * Chromium. All registered with `cleanup`.
 */
export async function startRelayedConsole(cleanup: Cleanup, options: RelayedConsoleOptions): Promise<RelayedConsole> {
  const { startSimulator } = await import('../simulator/server');
  const { startRelay } = await import('../relay-server/server');
  const simulator = await startSimulator({ speed: options.simulatorSpeed });
  cleanup.add(() => simulator.close());
  const addRelayedApp = async (upstreamQuery?: string) => {
    const upstreamUrl = upstreamQuery ? `${simulator.url}?${upstreamQuery}` : simulator.url;
    const relay = await startRelay({ apiKey: 'sk-relay-e2e', port: 0, upstreamUrl, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, log: () => undefined });
    cleanup.add(() => relay.close());
    const app = await serveBuild({ buildDir: options.buildDir, runtimeConfig: { testHooks: true, relayUrl: relay.url } });
    cleanup.add(() => app.close());
    return { app, relay };
  };
  const { app, relay } = await addRelayedApp(options.upstreamQuery);
  const fakeMicrophoneWav = options.speech === undefined ? undefined : makeSpeechWav(tempDir(cleanup), options.speech, options.speechLeadSeconds ?? 1, options.speechTrailSeconds ?? 1);
  const browser = await launchChromium({ fakeMicrophoneWav });
  cleanup.add(() => browser.close());
  return { app, browser, simulator, relay, addRelayedApp };
}

export interface ConsoleSuite {
  /** The running stack; read it inside tests (it starts in the file's before()). */
  readonly stack: RelayedConsole;
  /** openConsole on the stack's app in the stack's browser. */
  open(options?: OpenConsoleOptions): Promise<ConsoleTab>;
}

/** A test file's stack: startRelayedConsole before its tests, everything stopped after them. */
export function consoleSuite(options: RelayedConsoleOptions): ConsoleSuite {
  const cleanup = new Cleanup();
  let running: RelayedConsole | null = null;
  before(async () => {
    running = await startRelayedConsole(cleanup, options);
  });
  after(() => cleanup.run());
  const stack = (): RelayedConsole => {
    if (!running) throw new Error('the console stack starts in before()');
    return running;
  };
  return {
    get stack() {
      return stack();
    },
    open: (openOptions) => openConsole(stack().browser, stack().app.url, openOptions),
  };
}

export interface ConsoleTab {
  page: Page;
  /** The page's uncaught errors and console errors (see trackPageErrors). */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenConsoleOptions extends Pick<BrowserContextOptions, 'viewport' | 'hasTouch' | 'isMobile'> {
  /** Routes of the test's own, registered after the blocker of external requests (so they win). */
  route?(page: Page): Promise<void>;
}

/**
 * A new browser context on the console at `url`: external requests blocked, page errors
 * collected, the test hooks' lists defined before the page loads (the app records into them
 * when its config has `testHooks: true`), and the page rendered.
 */
export async function openConsole(browser: Browser, url: string, options: OpenConsoleOptions = {}): Promise<ConsoleTab> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, hasTouch: options.hasTouch, isMobile: options.isMobile });
  // tsx compiles the functions a test evaluates in the page with esbuild's keepNames, which
  // wraps named inner functions in a `__name` helper the page lacks.
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const page = await context.newPage();
  const errors = trackPageErrors(page);
  await page.addInitScript(() => {
    window.__realtimeConsoleEvents = [];
    window.__realtimeConsoleInterrupts = [];
    window.__realtimeConsolePlayback = [];
  });
  await blockExternalRequests(page);
  await options.route?.(page);
  await page.goto(url);
  await page.getByTestId('console-page').waitFor();
  return { page, errors, close: () => context.close() };
}

/**
 * The loudest RMS over `ms` of audio playing in the page, through an analyser: the first live
 * audio track the page's peer connections received (`window.__remoteTracks`, which a test's init
 * script fills), or the stream in the media element `element` (its srcObject). -1 when none.
 */
export async function pageAudioLevel(page: Page, source: { remoteTrack: true } | { element: string }, ms: number): Promise<number> {
  return page.evaluate(
    async ([from, duration]) => {
      let stream: MediaStream | null = null;
      if ('element' in from) {
        const object = document.querySelector<HTMLMediaElement>(from.element)?.srcObject;
        stream = object instanceof MediaStream && object.getAudioTracks().length ? object : null;
      } else {
        const tracks = (window as unknown as { __remoteTracks?: MediaStreamTrack[] }).__remoteTracks ?? [];
        const track = tracks.find((t) => t.kind === 'audio' && t.readyState === 'live');
        stream = track ? new MediaStream([track]) : null;
      }
      if (!stream) return -1;
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      let loudest = 0;
      const end = performance.now() + duration;
      while (performance.now() < end) {
        analyser.getFloatTimeDomainData(samples);
        loudest = Math.max(loudest, Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      await context.close();
      return loudest;
    },
    [source, ms] as const,
  );
}

/** Clicks Connect and waits for the status to say Connected. */
export async function connectConsole(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: timeoutMs });
}

/** How many input_audio_buffer.append the page has sent (its test hooks' record). */
export function appendsSent(page: Page): Promise<number> {
  return page.evaluate(() => (window.__realtimeConsoleEvents ?? []).filter((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.append').length);
}

/**
 * Resolves once the page has sent more than `count` appends: the push-to-talk press under way is
 * long enough to go out (nothing is sent before 100 ms of press and of audio). Hold until then
 * rather than for a fixed time: on a loaded machine the microphone can start late enough that a
 * fixed hold delivers too little audio, and the turn is dropped as too short.
 */
export async function untilTurnSends(page: Page, count: number, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    (before) => (window.__realtimeConsoleEvents ?? []).filter((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.append').length > before,
    count,
    { timeout: timeoutMs },
  );
}

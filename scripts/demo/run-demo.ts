// Starts the whole product locally: the simulator, the relay pointed at it with a throwaway
// key, and the console's production build pointed at the relay. All in this process (plus a
// build child while build/ is refreshed), so stopping this process stops everything.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { startSimulator } from '../../simulator/server';
import { startRelay } from '../../relay-server/server';
import { demoPhoneOptions, demoPhoneToken, placeDemoCall } from './phone-call';
import { startAppServer } from './app-server';
import { checkBuildFreshness } from './build-freshness';
import { startBuild } from './build-app';
import { DEMO_ENV, DemoError, type DemoOptions } from './options';
import { assertPortsFree, explainListenError, type NamedPort } from './ports';
import { SIMULATED_WEATHER_PATH } from './weather-service';
import { errorMessage } from '../../src/lib/shared/error-message';

export interface RunningDemo {
  appUrl: string;
  relayUrl: string;
  simulatorUrl: string;
  /** Which weather service the console's get_weather asks. */
  weather: DemoOptions['weather'];
  /** Whether build/ was (re)built on this start. */
  built: boolean;
  /**
   * Stops the relay alone when it runs, starts it again (same port and settings) when it does
   * not: to see how the console takes a relay going away. The demo sends this on SIGUSR1.
   */
  toggleRelay(): Promise<'stopped' | 'started'>;
  /** Places a simulated phone call on the relay (scripts/demo/phone-call.ts); the demo does it on SIGUSR2. */
  placeCall(): Promise<void>;
  /** Stops every part, in reverse order of start. */
  close(): Promise<void>;
}

export interface StartDemoContext {
  /** The repository root (holds build/, src/, public/). */
  root: string;
  log: (line: string) => void;
  /** Aborting stops the start where it is and closes what already runs. */
  signal?: AbortSignal;
  /** Environment for the build child. */
  env?: NodeJS.ProcessEnv;
}

export class DemoAborted extends Error {
  constructor() {
    super('demo start aborted');
    this.name = 'DemoAborted';
  }
}

/** Prefix of the key the relay sends and the simulator requires; the rest is random per run. */
export const THROWAWAY_KEY_PREFIX = 'sk-demo-';

export function throwawayKey(): string {
  return THROWAWAY_KEY_PREFIX + randomBytes(16).toString('hex');
}

/** Origins the relay accepts: the app as printed, and as reached through `localhost`. */
export function appOrigins(host: string, port: number): string[] {
  return [...new Set([`http://${host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
}

export function demoPorts(options: DemoOptions): { app: NamedPort; relay: NamedPort; simulator: NamedPort } {
  return {
    simulator: { role: 'simulator', port: options.simulatorPort, envVar: DEMO_ENV.simulatorPort },
    relay: { role: 'relay', port: options.relayPort, envVar: DEMO_ENV.relayPort },
    app: { role: 'console', port: options.appPort, envVar: DEMO_ENV.appPort },
  };
}

/** What the demo's page reads as window.REALTIME_CONSOLE_CONFIG (src/config.ts). */
export function demoRuntimeConfig(relayUrl: string, options: Pick<DemoOptions, 'weather'>): Record<string, unknown> {
  // Simulated weather: the app server's own route (a path: this origin, no CSP change needed).
  return options.weather === 'simulated' ? { relayUrl, weatherUrl: SIMULATED_WEATHER_PATH, weatherSimulated: true } : { relayUrl };
}

export async function startDemo(options: DemoOptions, context: StartDemoContext): Promise<RunningDemo> {
  const { root, log, signal } = context;
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    while (closers.length) {
      try {
        await closers.pop()!();
      } catch (error) {
        log(`demo: while stopping: ${errorMessage(error)}`);
      }
    }
  };
  const checkAborted = () => {
    if (signal?.aborted) throw new DemoAborted();
  };
  const ports = demoPorts(options);
  const { host } = options;

  try {
    checkAborted();
    // Before the (slow) build: a busy port should fail in a second, not after it.
    await assertPortsFree([ports.simulator, ports.relay, ports.app], host);
    checkAborted();

    const buildDir = resolve(root, options.buildDir);
    const freshness = checkBuildFreshness(root, buildDir);
    const mustBuild = options.build === 'always' || (options.build === 'auto' && !freshness.fresh);
    if (options.build === 'never' && freshness.missing) {
      throw new DemoError(`there is no build to serve in ${buildDir} (${DEMO_ENV.build}=never): run \`npm run build\` first.`);
    }
    if (options.build === 'never' && !freshness.fresh) log(`demo: serving ${buildDir} as it is (${DEMO_ENV.build}=never), although ${freshness.reason}`);
    if (mustBuild) {
      log(`demo: building the console (${freshness.reason || `${DEMO_ENV.build}=always`})...`);
      const started = Date.now();
      const build = startBuild(root, buildDir, context.env);
      const stopBuild = () => void build.stop();
      signal?.addEventListener('abort', stopBuild, { once: true });
      closers.push(() => build.stop());
      try {
        await build.done;
      } catch (error) {
        checkAborted();
        throw error;
      } finally {
        signal?.removeEventListener('abort', stopBuild);
      }
      log(`demo: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    checkAborted();

    const apiKey = throwawayKey();
    const simulator = await startSimulator({
      host,
      port: options.simulatorPort,
      apiKey,
      speed: options.simulatorSpeed,
      log, // its lines start with `simulator`
    }).catch((error: unknown) => Promise.reject(explainListenError(error, ports.simulator, host)));
    closers.push(() => simulator.close());
    checkAborted();

    const relayHttpUrl = `http://${host.includes(':') ? `[${host}]` : host}:${options.relayPort}`;
    const phoneToken = demoPhoneToken();
    const callWeather = options.weather === 'simulated' ? `http://${host.includes(':') ? `[${host}]` : host}:${options.appPort}${SIMULATED_WEATHER_PATH}` : undefined;
    const launchRelay = () =>
      startRelay({
        host,
        port: options.relayPort,
        apiKey,
        upstreamUrl: simulator.url,
        allowedOrigins: appOrigins(host, options.appPort),
        phone: demoPhoneOptions(relayHttpUrl, phoneToken, simulator.url, callWeather),
        log, // its lines start with `relay`
      }).catch((error: unknown) => Promise.reject(explainListenError(error, ports.relay, host)));
    let relay: Awaited<ReturnType<typeof startRelay>> | null = await launchRelay();
    closers.push(async () => {
      const running = relay;
      relay = null;
      await running?.close();
    });
    checkAborted();
    let toggling: Promise<'stopped' | 'started'> | null = null;
    const toggleRelay = (): Promise<'stopped' | 'started'> => {
      // One toggle at a time: a second signal while the relay stops or starts waits for it.
      const run = async (): Promise<'stopped' | 'started'> => {
        if (relay) {
          const running = relay;
          relay = null;
          await running.close();
          return 'stopped';
        }
        relay = await launchRelay();
        return 'started';
      };
      const next = (toggling ?? Promise.resolve()).catch(() => undefined).then(run);
      toggling = next;
      return next;
    };

    const relayUrl = relay.url;
    const app = await startAppServer({ buildDir, host, port: options.appPort, runtimeConfig: demoRuntimeConfig(relayUrl, options), simulatedWeather: options.weather === 'simulated' }).catch(
      (error: unknown) => Promise.reject(explainListenError(error, ports.app, host)),
    );
    closers.push(() => app.close());
    checkAborted();

    const placeCall = () => placeDemoCall(relayHttpUrl, phoneToken, log);
    return { appUrl: app.url, relayUrl, simulatorUrl: simulator.url, weather: options.weather, built: mustBuild, toggleRelay, placeCall, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

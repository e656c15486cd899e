// What `npm run demo` can be told through the environment. Every default is named here, and a
// bad value is refused with one readable line (a DemoError), never a stack trace.

/** An error whose message is meant for the person who ran the demo: printed as one line, exit 1. */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoError';
  }
}

export type BuildMode = 'auto' | 'always' | 'never';
/** simulated: the demo's own weather service (offline); open-meteo: the real one (needs a network). */
export type WeatherSource = 'simulated' | 'open-meteo';

export interface DemoOptions {
  /** Every part listens here only: loopback keeps the demo off the network. */
  host: string;
  appPort: number;
  relayPort: number;
  simulatorPort: number;
  /** Audio pacing of the simulator: 1 = real time (what a person wants to hear). */
  simulatorSpeed: number;
  /** auto: build when build/ is missing or older than src/ or public/. */
  build: BuildMode;
  /** Where the console's production build is read from (and written to); relative to the repo. */
  buildDir: string;
  /** Which weather service get_weather asks: the demo is offline by default, so simulated. */
  weather: WeatherSource;
}

export const DEMO_DEFAULTS: DemoOptions = {
  host: '127.0.0.1',
  appPort: 3000,
  relayPort: 8081,
  simulatorPort: 8082,
  simulatorSpeed: 1,
  build: 'auto',
  buildDir: 'build',
  weather: 'simulated',
};

/** The environment variables the demo reads, by option (also used in messages). */
export const DEMO_ENV = {
  appPort: 'DEMO_APP_PORT',
  relayPort: 'DEMO_RELAY_PORT',
  simulatorPort: 'DEMO_SIMULATOR_PORT',
  simulatorSpeed: 'DEMO_SIMULATOR_SPEED',
  build: 'DEMO_BUILD',
  buildDir: 'DEMO_BUILD_DIR',
  weather: 'DEMO_WEATHER',
} as const;

const MAX_PORT = 65535;
const MAX_SPEED = 1000;

function readPort(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > MAX_PORT) {
    throw new DemoError(`${name}=${raw} is not a port number (1-${MAX_PORT}).`);
  }
  return port;
}

function readSpeed(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const speed = Number(raw);
  if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new DemoError(`${name}=${raw} is not a speed factor (a number above 0, at most ${MAX_SPEED}; 1 = real time).`);
  }
  return speed;
}

function readBuildMode(env: Record<string, string | undefined>, name: string, fallback: BuildMode): BuildMode {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw === 'auto' || raw === 'always' || raw === 'never') return raw;
  throw new DemoError(`${name}=${raw} must be auto, always or never.`);
}

function readWeather(env: Record<string, string | undefined>, name: string, fallback: WeatherSource): WeatherSource {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw === 'simulated' || raw === 'open-meteo') return raw;
  throw new DemoError(`${name}=${raw} must be simulated or open-meteo.`);
}

export function readDemoOptions(env: Record<string, string | undefined> = process.env): DemoOptions {
  const options: DemoOptions = {
    host: DEMO_DEFAULTS.host,
    appPort: readPort(env, DEMO_ENV.appPort, DEMO_DEFAULTS.appPort),
    relayPort: readPort(env, DEMO_ENV.relayPort, DEMO_DEFAULTS.relayPort),
    simulatorPort: readPort(env, DEMO_ENV.simulatorPort, DEMO_DEFAULTS.simulatorPort),
    simulatorSpeed: readSpeed(env, DEMO_ENV.simulatorSpeed, DEMO_DEFAULTS.simulatorSpeed),
    build: readBuildMode(env, DEMO_ENV.build, DEMO_DEFAULTS.build),
    buildDir: env[DEMO_ENV.buildDir]?.trim() || DEMO_DEFAULTS.buildDir,
    weather: readWeather(env, DEMO_ENV.weather, DEMO_DEFAULTS.weather),
  };
  const ports = [options.appPort, options.relayPort, options.simulatorPort];
  if (new Set(ports).size !== ports.length) {
    throw new DemoError(
      `${DEMO_ENV.appPort}, ${DEMO_ENV.relayPort} and ${DEMO_ENV.simulatorPort} must be three different ports (got ${ports.join(', ')}).`,
    );
  }
  return options;
}

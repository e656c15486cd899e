// Settings: built in from .env (CRA inlines REACT_APP_* at build time), then overridden by
// `window.REALTIME_CONSOLE_CONFIG` from public/runtime-config.js, so one build can be
// pointed at another relay or API without rebuilding.
import { DEFAULT_MODEL, DEFAULT_REALTIME_URL } from './lib/protocol/session-defaults';
import { OPEN_METEO_URL } from './tools/weather';

export interface AppConfig {
  /** When set, the console talks to this relay and never asks for a key. */
  relayUrl: string | null;
  /** Base URL of the Realtime API when connecting directly with a key. */
  realtimeUrl: string;
  /** Model asked for when the user has not chosen one. */
  defaultModel: string;
  /**
   * The forecast endpoint get_weather asks (Open-Meteo's response shape); by default the real
   * Open-Meteo. The demo points it at its own simulated service.
   */
  weatherUrl?: string;
  /** The weather service is a simulation: the weather panel says so. */
  weatherSimulated?: boolean;
  /**
   * Record what the page sends, receives and plays into lists an end-to-end test defined
   * (src/pages/console/testHooks.ts). Only the runtime config sets it, as the e2e harness does.
   */
  testHooks?: boolean;
  /** Which relay route WebRTC uses: `session` (the relay starts the call; default) or `token` (the page gets an ek_ key). */
  webrtcRelayRoute?: 'session' | 'token';
}

// One defaults module decides both (lib/protocol/session-defaults.ts).
export { DEFAULT_MODEL, DEFAULT_REALTIME_URL };

declare global {
  interface Window {
    REALTIME_CONSOLE_CONFIG?: Partial<AppConfig>;
  }
}

const clean = (value: string | null | undefined): string | undefined => value?.trim() || undefined;

export function loadAppConfig(
  env: Record<string, string | undefined> = process.env,
  runtime: Partial<AppConfig> | undefined = typeof window === 'undefined' ? undefined : window.REALTIME_CONSOLE_CONFIG,
): AppConfig {
  const relayUrl = runtime && 'relayUrl' in runtime ? clean(runtime.relayUrl) : clean(env.REACT_APP_LOCAL_RELAY_SERVER_URL);
  return {
    relayUrl: relayUrl ?? null,
    realtimeUrl: clean(runtime?.realtimeUrl) ?? clean(env.REACT_APP_REALTIME_URL) ?? DEFAULT_REALTIME_URL,
    defaultModel: clean(runtime?.defaultModel) ?? clean(env.REACT_APP_REALTIME_MODEL) ?? DEFAULT_MODEL,
    weatherUrl: clean(runtime?.weatherUrl) ?? clean(env.REACT_APP_WEATHER_URL) ?? OPEN_METEO_URL,
    weatherSimulated: runtime?.weatherSimulated === true,
    testHooks: runtime?.testHooks === true,
    webrtcRelayRoute: runtime?.webrtcRelayRoute === 'token' ? 'token' : 'session',
  };
}

/** A URL fit to show on screen: an `access_token` (or any `*token*` / `*key*`) query value is masked. */
export function displayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let masked = false;
  for (const name of Array.from(parsed.searchParams.keys())) {
    if (/token|key|secret/i.test(name)) {
      parsed.searchParams.set(name, '…');
      masked = true;
    }
  }
  return masked ? parsed.toString().replace(/%E2%80%A6/g, '…') : url;
}

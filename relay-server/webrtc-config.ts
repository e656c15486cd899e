// The relay's WebRTC settings (`POST /token`, `POST /session`, the sideband): their defaults,
// checks and environment variables. Kept beside config.ts, which spreads them into RelayConfig.
import { OPEN_METEO_URL } from '../src/tools/weather';
import type { HeldTool } from './policy-config';
import { RELAY_TOOL_NAMES } from './relay-tools';

export interface WebRtcConfig {
  /**
   * Lifetime of an ephemeral key minted by `POST /token`, in seconds. The API takes 10–7200 and
   * defaults to 600; a key only has to outlive one SDP exchange, and one that leaks from the page
   * is worth less the sooner it dies, so the relay asks for a minute.
   */
  ephemeralKeySeconds: number;
  /**
   * `POST /token` and `POST /session` requests one client (remote address) may make per minute.
   * Each mints a key or starts a billed call upstream, so a page stuck in a retry loop, or
   * anyone who got past access control, cannot spend the key faster than this.
   */
  webrtcRequestsPerMinute: number;
  /**
   * Whether the relay attaches to each call `POST /session` started over a WebSocket
   * (`?call_id=rtc_…`, its own key): its log, held session fields and watchers then cover
   * WebRTC calls too.
   */
  sideband: boolean;
  /**
   * Function tools the relay answers itself on each call's sideband (`get_weather`, `set_memory`:
   * the console's own modules, as on the phone line), with memory per call. Each must be a tool
   * the policy holds, so every call declares it and the model may call it. `POST /session` names
   * them in its answer's `Relay-Sideband-Tools` header, so the console leaves their calls alone.
   * Empty: the browser answers every tool.
   */
  sidebandTools: string[];
  /** Open-Meteo's forecast endpoint for `get_weather` on sidebands (configurable to intercept it). */
  sidebandWeatherUrl: string;
  /** Largest body of a `POST /token` or `POST /session` (an SDP offer is a few kB). */
  maxHttpBodyBytes: number;
}

/** The API's bounds for `expires_after.seconds` (openai `ClientSecretCreateParams.ExpiresAfter`). */
export const EPHEMERAL_KEY_SECONDS_RANGE = { min: 10, max: 7200 } as const;

export const WEBRTC_DEFAULTS: WebRtcConfig = {
  ephemeralKeySeconds: 60,
  webrtcRequestsPerMinute: 20,
  sideband: true,
  sidebandTools: [],
  sidebandWeatherUrl: OPEN_METEO_URL,
  maxHttpBodyBytes: 256 * 1024,
};

/** Why the settings cannot be used, or null. `heldTools` are the policy's (null: it holds none). */
export function webRtcConfigProblem(config: WebRtcConfig, heldTools: readonly HeldTool[] | null): string | null {
  const { min, max } = EPHEMERAL_KEY_SECONDS_RANGE;
  if (!Number.isInteger(config.ephemeralKeySeconds) || config.ephemeralKeySeconds < min || config.ephemeralKeySeconds > max) {
    return `RELAY_EPHEMERAL_KEY_SECONDS must be an integer from ${min} to ${max} (the API's range), got ${config.ephemeralKeySeconds}`;
  }
  if (!Number.isInteger(config.webrtcRequestsPerMinute) || config.webrtcRequestsPerMinute <= 0) {
    return `RELAY_WEBRTC_REQUESTS_PER_MINUTE must be a positive integer, got ${config.webrtcRequestsPerMinute}`;
  }
  if (!Number.isInteger(config.maxHttpBodyBytes) || config.maxHttpBodyBytes <= 0) {
    return `RELAY_MAX_HTTP_BODY_BYTES must be a positive integer, got ${config.maxHttpBodyBytes}`;
  }
  return sidebandToolsProblem(config, heldTools);
}

function sidebandToolsProblem(config: WebRtcConfig, heldTools: readonly HeldTool[] | null): string | null {
  const { sidebandTools: tools } = config;
  if (tools.length === 0) return null;
  if (!config.sideband) return 'RELAY_SIDEBAND_TOOLS needs the sideband (RELAY_SIDEBAND=true): the tools run on it';
  const held = new Set((heldTools ?? []).filter((tool) => tool.type === 'function').map((tool) => tool.name));
  for (const name of tools) {
    if (!RELAY_TOOL_NAMES.includes(name)) return `RELAY_SIDEBAND_TOOLS: the relay has no tool "${name}" (it has ${RELAY_TOOL_NAMES.join(', ')})`;
    // A tool the policy does not hold may be missing from a call's session (the model never calls it) or redefined by the page.
    if (!held.has(name)) return `RELAY_SIDEBAND_TOOLS names "${name}", which the policy does not hold: add it to the policy's "tools" (RELAY_POLICY_FILE)`;
  }
  try {
    new URL(config.sidebandWeatherUrl);
  } catch {
    return `RELAY_WEATHER_URL is not a URL: ${config.sidebandWeatherUrl}`;
  }
  return null;
}

/** The environment variable behind each setting (read by configFromEnv). */
export const WEBRTC_ENV = {
  ephemeralKeySeconds: 'RELAY_EPHEMERAL_KEY_SECONDS',
  webrtcRequestsPerMinute: 'RELAY_WEBRTC_REQUESTS_PER_MINUTE',
  sideband: 'RELAY_SIDEBAND',
  sidebandTools: 'RELAY_SIDEBAND_TOOLS',
  sidebandWeatherUrl: 'RELAY_WEATHER_URL',
  maxHttpBodyBytes: 'RELAY_MAX_HTTP_BODY_BYTES',
} as const;

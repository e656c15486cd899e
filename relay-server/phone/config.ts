// Phone-line settings (Twilio Media Streams). The routes exist only when both the auth token
// (to check webhook signatures) and the relay's public URL (what Twilio calls, and what the
// signature covers) are set: without either, a /call socket could not be told from a stranger's.
import { ConfigError } from '../config';
import { OPEN_METEO_URL, DEFAULT_WEATHER_TIMEOUT_MS } from '../../src/tools/weather';
import { DEFAULT_VOICE } from '../../src/lib/protocol/session-defaults';

export interface PhoneConfig {
  /** The Twilio account's auth token: the HMAC key of `X-Twilio-Signature`. */
  twilioAuthToken: string;
  /** How Twilio reaches the relay, e.g. `https://relay.example.com` (no trailing slash). */
  publicUrl: string;
  /** A stream token from /twiml must be presented on /call within this long. */
  streamTokenTtlMs: number;
  /** Stream tokens issued and not yet used, at most (each webhook issues one). */
  maxPendingTokens: number;
  /** A /call socket must send `start` with a valid token within this long, else it is closed. */
  startTimeoutMs: number;
  /** Largest webhook body read (Twilio's call parameters are a few kB). */
  maxWebhookBodyBytes: number;
  /** Calls at once; one more is refused before an upstream session is opened. */
  maxCalls: number;
  /** Instructions a call starts with (the relay's held instructions, when set, win). */
  instructions: string;
  voice: string;
  /** Open-Meteo's forecast endpoint: configurable so tests and offline setups can intercept it. */
  weatherBaseUrl: string;
  weatherTimeoutMs: number;
  /** Consoles watching calls on /logs, at most. */
  maxLogClients: number;
  /**
   * The Realtime endpoint calls use; null = the relay's (OPENAI_REALTIME_URL). The demo points
   * calls at the simulator with a script, since the simulator does not recognise speech.
   */
  upstreamUrl: string | null;
}

export type PhoneOptions = Partial<PhoneConfig>;

export const PHONE_DEFAULTS: Omit<PhoneConfig, 'twilioAuthToken' | 'publicUrl'> = {
  streamTokenTtlMs: 30_000,
  maxPendingTokens: 1000,
  startTimeoutMs: 5_000,
  maxWebhookBodyBytes: 64 * 1024,
  maxCalls: 100,
  instructions: 'You are a helpful assistant answering a phone call. Keep answers short and spoken; you can look up the weather and remember facts the caller tells you.',
  voice: DEFAULT_VOICE,
  weatherBaseUrl: OPEN_METEO_URL,
  weatherTimeoutMs: DEFAULT_WEATHER_TIMEOUT_MS,
  maxLogClients: 20,
  upstreamUrl: null,
};

/** The phone settings in effect, or null when the phone routes are off (token or URL unset). */
export function resolvePhoneConfig(options: PhoneOptions | undefined): PhoneConfig | null {
  if (!options?.twilioAuthToken || !options.publicUrl) return null;
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as PhoneOptions;
  const config: PhoneConfig = { ...PHONE_DEFAULTS, ...defined, twilioAuthToken: options.twilioAuthToken, publicUrl: options.publicUrl.replace(/\/+$/, '') };
  let url: URL;
  try {
    url = new URL(config.publicUrl);
  } catch {
    throw new ConfigError(`RELAY_PUBLIC_URL is not a URL: ${config.publicUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`RELAY_PUBLIC_URL must start with https:// (or http:// for local tests), got ${config.publicUrl}`);
  if (url.search || url.hash) throw new ConfigError('RELAY_PUBLIC_URL must not have a query or fragment: Twilio signs the exact URL');
  for (const name of ['streamTokenTtlMs', 'maxPendingTokens', 'startTimeoutMs', 'maxWebhookBodyBytes', 'maxCalls', 'weatherTimeoutMs', 'maxLogClients'] as const) {
    if (!Number.isInteger(config[name]) || config[name] <= 0) throw new ConfigError(`phone ${name} must be a positive integer, got ${config[name]}`);
  }
  try {
    new URL(config.weatherBaseUrl);
  } catch {
    throw new ConfigError(`PHONE_WEATHER_URL is not a URL: ${config.weatherBaseUrl}`);
  }
  return config;
}

/** The webhook URL to paste into Twilio (and the URL the signature covers). */
export function webhookUrl(config: Pick<PhoneConfig, 'publicUrl'>): string {
  return `${config.publicUrl}/twiml`;
}

/** The Media Streams URL the TwiML names: the public URL with a WebSocket scheme. */
export function streamUrl(config: Pick<PhoneConfig, 'publicUrl'>): string {
  return `${config.publicUrl.replace(/^http/, 'ws')}/call`;
}

type Env = Record<string, string | undefined>;

/** Reads the phone settings from the environment (see .env.example). */
export function phoneOptionsFromEnv(env: Env): PhoneOptions {
  const int = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value.trim() === '') return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed)) throw new ConfigError(`${name} must be an integer, got "${value}"`);
    return parsed;
  };
  return {
    twilioAuthToken: env.TWILIO_AUTH_TOKEN || undefined,
    publicUrl: env.RELAY_PUBLIC_URL || undefined,
    maxCalls: int('PHONE_MAX_CALLS'),
    instructions: env.PHONE_INSTRUCTIONS || undefined,
    voice: env.PHONE_VOICE || undefined,
    weatherBaseUrl: env.PHONE_WEATHER_URL || undefined,
  };
}

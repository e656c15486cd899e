// Relay settings: their defaults, and how they are read from the environment (.env) and an
// optional JSON policy file. Every limit is a named option so tests and the benchmark can
// tighten it.
import { readFileSync } from 'node:fs';

export interface PolicyConfig {
  /** When non-empty, only these client event types reach the upstream. `prefix.*` matches a family. */
  clientAllow: string[];
  /** Client event types that never reach the upstream (checked after the allow-list). */
  clientDeny: string[];
  /** When non-empty, only these server event types reach the browser. */
  serverAllow: string[];
  /** Server event types that never reach the browser. */
  serverDeny: string[];
  /**
   * Instructions held by the server: sent upstream when a session opens, forced into every
   * `session.update` and `response.create`, stripped from `session.created` / `session.updated`.
   * `null` = the browser manages instructions itself.
   */
  instructions: string | null;
}

export interface RelayConfig {
  /** The OpenAI API key; only ever sent upstream in the Authorization header. */
  apiKey: string;
  host: string;
  /** 0 = an ephemeral port (tests). */
  port: number;
  /** Upstream Realtime endpoint; its query parameters are kept and `model` is set. */
  upstreamUrl: string;
  defaultModel: string;
  /** Models a browser may ask for with `?model=`; the default model is always allowed. */
  allowedModels: string[];
  /** Browser origins allowed to connect; `*` allows any. */
  allowedOrigins: string[];
  /** Non-browser clients send no Origin header; they are let in unless this is false. */
  allowMissingOrigin: boolean;
  /** When set, browsers must present it (`relay-token.TOKEN` subprotocol or `?access_token=`). */
  accessToken: string | null;
  /** Sessions open at once; one more gets an `error` event and close 1013 (each costs an upstream session). */
  maxSessions: number;
  /** Largest frame accepted from a browser (larger: close 1009). */
  maxMessageBytes: number;
  /** Largest frame accepted from the upstream. */
  maxUpstreamMessageBytes: number;
  /** Bytes that may wait for a slow reader on either side before the session is closed. */
  maxBufferedBytes: number;
  /** Browser messages queued while the upstream handshake is in progress. */
  maxPendingMessages: number;
  maxPendingBytes: number;
  /** A session with no message either way for this long is closed; 0 disables. */
  idleTimeoutMs: number;
  /** Upstream handshake time limit. */
  upstreamConnectTimeoutMs: number;
  /** On shutdown, how long closing handshakes may take before sockets are cut. */
  shutdownGraceMs: number;
  /** Denied/malformed events logged per session before the rest are only counted. */
  maxLoggedDenialsPerSession: number;
  policy: PolicyConfig;
  /** Where log lines go (one line per call, the key already redacted). */
  log: (line: string) => void;
}

export const DEFAULT_UPSTREAM_URL = 'wss://api.openai.com/v1/realtime';
export const DEFAULT_MODEL = 'gpt-realtime';
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000'];

export const DEFAULT_POLICY: PolicyConfig = {
  clientAllow: [],
  clientDeny: [],
  serverAllow: [],
  serverDeny: [],
  instructions: null,
};

export const DEFAULTS: Omit<RelayConfig, 'apiKey'> = {
  host: '127.0.0.1',
  port: 8081,
  upstreamUrl: DEFAULT_UPSTREAM_URL,
  defaultModel: DEFAULT_MODEL,
  allowedModels: [],
  allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
  allowMissingOrigin: true,
  accessToken: null,
  maxSessions: 200,
  maxMessageBytes: 16 * 1024 * 1024,
  maxUpstreamMessageBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxPendingMessages: 256,
  maxPendingBytes: 4 * 1024 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  upstreamConnectTimeoutMs: 10_000,
  shutdownGraceMs: 3_000,
  maxLoggedDenialsPerSession: 5,
  policy: DEFAULT_POLICY,
  log: (line) => console.log(line),
};

/** A setting that cannot be used; the CLI prints `message` and exits with code 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type RelayOptions = Partial<Omit<RelayConfig, 'policy'>> & { apiKey: string; policy?: Partial<PolicyConfig> };

/** Fills in defaults and checks values; throws ConfigError on anything unusable. */
export function resolveConfig(options: RelayOptions): RelayConfig {
  const config: RelayConfig = {
    ...DEFAULTS,
    ...stripUndefined(options),
    apiKey: options.apiKey ?? '',
    policy: { ...DEFAULT_POLICY, ...stripUndefined(options.policy ?? {}) },
  };
  if (!config.apiKey) throw new ConfigError('OPENAI_API_KEY is not set. Put it in .env (see .env.example) or the environment.');
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new ConfigError(`RELAY_PORT must be a port number (0-65535), got ${config.port}`);
  }
  let upstream: URL;
  try {
    upstream = new URL(config.upstreamUrl);
  } catch {
    throw new ConfigError(`OPENAI_REALTIME_URL is not a URL: ${config.upstreamUrl}`);
  }
  if (upstream.protocol !== 'wss:' && upstream.protocol !== 'ws:') {
    throw new ConfigError(`OPENAI_REALTIME_URL must start with wss:// or ws://, got ${config.upstreamUrl}`);
  }
  for (const name of ['maxSessions', 'maxMessageBytes', 'maxUpstreamMessageBytes', 'maxBufferedBytes', 'maxPendingMessages', 'maxPendingBytes', 'upstreamConnectTimeoutMs'] as const) {
    if (!Number.isInteger(config[name]) || config[name] <= 0) throw new ConfigError(`${name} must be a positive integer, got ${config[name]}`);
  }
  for (const name of ['idleTimeoutMs', 'shutdownGraceMs', 'maxLoggedDenialsPerSession'] as const) {
    if (!Number.isInteger(config[name]) || config[name] < 0) throw new ConfigError(`${name} must be an integer >= 0, got ${config[name]}`);
  }
  if (!config.defaultModel) throw new ConfigError('OPENAI_REALTIME_MODEL must not be empty');
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Env = Record<string, string | undefined>;

/** Reads the relay's settings from environment variables (see .env.example). */
export function configFromEnv(env: Env = process.env): RelayOptions {
  const filePolicy = env.RELAY_POLICY_FILE ? readPolicyFile(env.RELAY_POLICY_FILE) : {};
  const policy: Partial<PolicyConfig> = {
    ...filePolicy,
    ...stripUndefined({
      clientAllow: list(env.RELAY_CLIENT_EVENTS_ALLOW),
      clientDeny: list(env.RELAY_CLIENT_EVENTS_DENY),
      serverAllow: list(env.RELAY_SERVER_EVENTS_ALLOW),
      serverDeny: list(env.RELAY_SERVER_EVENTS_DENY),
      instructions: env.RELAY_INSTRUCTIONS ? env.RELAY_INSTRUCTIONS : undefined,
    }),
  };
  return {
    apiKey: env.OPENAI_API_KEY ?? '',
    host: env.RELAY_HOST || undefined,
    port: int(env, 'RELAY_PORT'),
    upstreamUrl: env.OPENAI_REALTIME_URL || undefined,
    defaultModel: env.OPENAI_REALTIME_MODEL || undefined,
    allowedModels: list(env.RELAY_ALLOWED_MODELS),
    allowedOrigins: list(env.RELAY_ALLOWED_ORIGINS),
    allowMissingOrigin: bool(env, 'RELAY_ALLOW_MISSING_ORIGIN'),
    accessToken: env.RELAY_ACCESS_TOKEN || undefined,
    maxSessions: int(env, 'RELAY_MAX_SESSIONS'),
    maxMessageBytes: int(env, 'RELAY_MAX_MESSAGE_BYTES'),
    maxUpstreamMessageBytes: int(env, 'RELAY_MAX_UPSTREAM_MESSAGE_BYTES'),
    maxBufferedBytes: int(env, 'RELAY_MAX_BUFFERED_BYTES'),
    maxPendingMessages: int(env, 'RELAY_MAX_PENDING_MESSAGES'),
    maxPendingBytes: int(env, 'RELAY_MAX_PENDING_BYTES'),
    idleTimeoutMs: int(env, 'RELAY_IDLE_TIMEOUT_MS'),
    upstreamConnectTimeoutMs: int(env, 'RELAY_UPSTREAM_TIMEOUT_MS'),
    shutdownGraceMs: int(env, 'RELAY_SHUTDOWN_GRACE_MS'),
    policy,
  };
}

const POLICY_FILE_KEYS: Record<string, keyof PolicyConfig> = {
  clientAllow: 'clientAllow',
  clientDeny: 'clientDeny',
  serverAllow: 'serverAllow',
  serverDeny: 'serverDeny',
  instructions: 'instructions',
};

/**
 * A policy file is JSON: `{"clientAllow": [...], "clientDeny": [...], "serverAllow": [...],
 * "serverDeny": [...], "instructions": "..."}`, every key optional. Unknown keys are an error,
 * so a typo cannot silently switch a rule off.
 */
export function readPolicyFile(path: string): Partial<PolicyConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`RELAY_POLICY_FILE ${path}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`RELAY_POLICY_FILE ${path}: expected a JSON object`);
  }
  const policy: Partial<PolicyConfig> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const field = POLICY_FILE_KEYS[key];
    if (!field) throw new ConfigError(`RELAY_POLICY_FILE ${path}: unknown key "${key}" (expected ${Object.keys(POLICY_FILE_KEYS).join(', ')})`);
    if (field === 'instructions') {
      if (value !== null && typeof value !== 'string') throw new ConfigError(`RELAY_POLICY_FILE ${path}: "instructions" must be a string or null`);
      policy.instructions = value;
    } else {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw new ConfigError(`RELAY_POLICY_FILE ${path}: "${key}" must be an array of event types`);
      }
      policy[field] = value as string[];
    }
  }
  return policy;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function int(env: Env, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new ConfigError(`${name} must be an integer, got "${value}"`);
  return parsed;
}

function bool(env: Env, name: string): boolean | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

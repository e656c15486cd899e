// Relay settings: their defaults, and how they are read from the environment (.env) and an
// optional JSON policy file. Every limit is a named option so tests and the benchmark can
// tighten it.
import { isLoopbackHost } from './addresses';
// The console's default too: one dated list (src/lib/protocol/models.ts).
import { DEFAULT_MODEL } from '../src/lib/protocol/models';
import { errorMessage } from '../src/lib/shared/error-message';
import { WEBRTC_DEFAULTS, WEBRTC_ENV, webRtcConfigProblem, type WebRtcConfig } from './webrtc-config';
import type { PhoneOptions } from './phone/config';
import { ConfigError } from './config-error';
import { DEFAULT_POLICY, readPolicyFile, type HeldTool, type PolicyConfig } from './policy-config';
import { isRecord } from '../src/lib/shared/json';
import { LIVE_DEFAULTS, LIVE_ENV, liveConfigProblem, parseLiveDataChannel, parseLiveDelegation, type LiveRelayConfig } from './live-config';

export { ConfigError } from './config-error';
export { DEFAULT_POLICY, HELD_FIELDS, holdsSessionFields, readPolicyFile, type HeldTool, type PolicyConfig } from './policy-config';

/** The WebRTC settings are in webrtc-config.ts, the GPT-Live ones in live-config.ts. */
export interface RelayConfig extends WebRtcConfig, LiveRelayConfig {
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
  /**
   * Non-browser clients send no Origin header; they are let in when this is true. Default: true
   * only when `host` is loopback (off it, a missing Origin is no evidence of a local script).
   */
  allowMissingOrigin: boolean;
  /** When set, browsers must present it (`relay-token.TOKEN` subprotocol or `?access_token=`). */
  accessToken: string | null;
  /**
   * Start without an access token although others can reach the relay: bound off loopback, or
   * `*` among the origins (any web page). Only for a relay behind something that authenticates.
   */
  allowUnauthenticatedRemote: boolean;
  /** Sessions open at once; one more gets an `error` event and close 1013 (each costs an upstream session). */
  maxSessions: number;
  /** Sessions one client (remote address) may hold at once, so one cannot take them all; one more gets close 1013. */
  maxSessionsPerClient: number;
  /** TCP connections at once (sessions, handshakes, health checks); more are dropped as they arrive. */
  maxConnections: number;
  /**
   * The handshake timeout: a request's headers, a WebSocket upgrade's included, must all arrive
   * within this, else HTTP 408 and the connection is closed (Node's own default is 60 s).
   */
  headersTimeoutMs: number;
  /** A whole HTTP request must arrive within this (at least `headersTimeoutMs`). */
  requestTimeoutMs: number;
  /** An HTTP keep-alive connection with no new request for this long is closed. */
  keepAliveTimeoutMs: number;
  /**
   * Largest frame accepted from a browser (larger: close 1009). The API takes events of up to
   * 15 MiB, but a streaming client appends audio in chunks of a few kB; 2 MiB still holds ~30 s
   * of 24 kHz PCM16 (or an image) in one event, and bounds what a half-sent frame can pin.
   */
  maxMessageBytes: number;
  /** Largest frame accepted from the upstream. */
  maxUpstreamMessageBytes: number;
  /**
   * Bytes that may wait for a slow reader on either side before the session is closed. Checked
   * against what was queued before each frame, so one legal frame never trips it.
   */
  maxBufferedBytes: number;
  /** Deepest JSON nesting in a frame the relay must parse (held session fields); deeper is refused. */
  maxJsonDepth: number;
  /** Largest frame the relay parses to inspect or rewrite; larger is refused (client) or dropped (server). */
  maxInspectedBytes: number;
  /** Browser messages queued while the upstream handshake is in progress. */
  maxPendingMessages: number;
  maxPendingBytes: number;
  /** A session with no message either way for this long is closed; 0 disables. */
  idleTimeoutMs: number;
  /** Upstream handshake time limit. */
  upstreamConnectTimeoutMs: number;
  /** On shutdown, how long closing handshakes may take before sockets are cut. */
  shutdownGraceMs: number;
  /**
   * On SIGTERM (a drain): how long open sessions may go on before the rest are closed with 1012
   * (service restart). Meanwhile `/ready` answers 503 and new sessions are refused with 503, so a
   * load balancer sends them elsewhere. A systemd unit's TimeoutStopSec must exceed this plus
   * shutdownGraceMs (deploy/relay.service).
   */
  drainGraceMs: number;
  /**
   * How often `/ready` checks by TCP connect that the upstream host answers; 0 = no probe (the
   * outcome of the last session's upstream handshake decides).
   */
  upstreamProbeIntervalMs: number;
  /**
   * Where `GET /metrics` (Prometheus) is served. null: on the relay's port, behind the access
   * token when one is set. A port number: only there, on a separate listener bound to 127.0.0.1
   * (an admin port; 0 = ephemeral, for tests), and not on the relay's port.
   */
  metricsPort: number | null;
  /** Denied/malformed events logged per session before the rest are only counted. */
  maxLoggedDenialsPerSession: number;
  policy: PolicyConfig;
  /** The phone line (Twilio): off unless its auth token and the public URL are set (phone/config.ts). */
  phone: PhoneOptions;
  /** Where log lines go (one line per call, the key already redacted). */
  log: (line: string) => void;
}

export const DEFAULT_UPSTREAM_URL = 'wss://api.openai.com/v1/realtime';
export { DEFAULT_MODEL };
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000'];

/** `allowMissingOrigin` has no fixed default: it follows `host` (see resolveConfig). */
export const DEFAULTS: Omit<RelayConfig, 'apiKey' | 'allowMissingOrigin'> = {
  host: '127.0.0.1',
  port: 8081,
  upstreamUrl: DEFAULT_UPSTREAM_URL,
  defaultModel: DEFAULT_MODEL,
  allowedModels: [],
  allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
  accessToken: null,
  allowUnauthenticatedRemote: false,
  maxSessions: 200,
  maxSessionsPerClient: 20,
  // Under the usual 1024 open files with maxSessions upstream sockets beside them.
  maxConnections: 500,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxMessageBytes: 2 * 1024 * 1024,
  maxUpstreamMessageBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxJsonDepth: 64,
  maxInspectedBytes: 2 * 1024 * 1024,
  maxPendingMessages: 256,
  maxPendingBytes: 4 * 1024 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  upstreamConnectTimeoutMs: 10_000,
  shutdownGraceMs: 3_000,
  drainGraceMs: 30_000,
  upstreamProbeIntervalMs: 5_000,
  metricsPort: null,
  maxLoggedDenialsPerSession: 5,
  ...WEBRTC_DEFAULTS,
  ...LIVE_DEFAULTS,
  policy: DEFAULT_POLICY,
  phone: {},
  log: (line) => console.log(line),
};

export type RelayOptions = Partial<Omit<RelayConfig, 'policy'>> & { apiKey: string; policy?: Partial<PolicyConfig> };

/** Fills in defaults and checks values; throws ConfigError on anything unusable. */
export function resolveConfig(options: RelayOptions): RelayConfig {
  const config: RelayConfig = {
    ...DEFAULTS,
    ...stripUndefined(options),
    apiKey: options.apiKey ?? '',
    allowMissingOrigin: options.allowMissingOrigin ?? isLoopbackHost(options.host ?? DEFAULTS.host),
    policy: { ...DEFAULT_POLICY, ...stripUndefined(options.policy ?? {}) },
  };
  if (!config.apiKey) throw new ConfigError('OPENAI_API_KEY is not set. Put it in .env (see .env.example) or the environment.');
  // A header cannot carry these, and a stray newline or space from a copy-paste fails late and obscurely.
  if (/[^\x21-\x7e]/.test(config.apiKey)) {
    throw new ConfigError('OPENAI_API_KEY contains whitespace, control or non-ASCII characters (a stray newline or space?); set it to the key alone.');
  }
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
  for (const name of ['maxSessions', 'maxMessageBytes', 'maxUpstreamMessageBytes', 'maxBufferedBytes', 'maxPendingMessages', 'maxPendingBytes', 'upstreamConnectTimeoutMs', 'maxJsonDepth', 'maxInspectedBytes'] as const) {
    if (!Number.isInteger(config[name]) || config[name] <= 0) throw new ConfigError(`${name} must be a positive integer, got ${config[name]}`);
  }
  for (const name of ['idleTimeoutMs', 'shutdownGraceMs', 'drainGraceMs', 'upstreamProbeIntervalMs', 'maxLoggedDenialsPerSession'] as const) {
    if (!Number.isInteger(config[name]) || config[name] < 0) throw new ConfigError(`${name} must be an integer >= 0, got ${config[name]}`);
  }
  if (!config.defaultModel) throw new ConfigError('OPENAI_REALTIME_MODEL must not be empty');
  if (config.metricsPort !== null && (!Number.isInteger(config.metricsPort) || config.metricsPort < 0 || config.metricsPort > 65535)) {
    throw new ConfigError(`RELAY_METRICS_PORT must be a port number (0-65535), got ${config.metricsPort}`);
  }
  checkServerLimits(config);
  checkExposure(config);
  // A relay tool must be one every session declares: the Realtime policy's held tools, or a held Live backend's.
  const liveTools = heldBackendTools(config.liveDelegation?.responses) ?? [];
  const heldTools = config.policy.tools === null && liveTools.length === 0 ? null : [...(config.policy.tools ?? []), ...liveTools];
  const webRtcProblem = webRtcConfigProblem(config, heldTools);
  if (webRtcProblem) throw new ConfigError(webRtcProblem);
  const liveProblem = liveConfigProblem(config);
  if (liveProblem) throw new ConfigError(liveProblem);
  if (config.policy.model !== null) {
    // A held model is the only one: the browser can neither pick another at connect nor switch later.
    if (options.defaultModel !== undefined && options.defaultModel !== config.policy.model) {
      throw new ConfigError(`the policy holds model "${config.policy.model}" but OPENAI_REALTIME_MODEL is "${options.defaultModel}"; set one of them`);
    }
    config.defaultModel = config.policy.model;
    config.allowedModels = [];
  }
  return config;
}

const SERVER_LIMITS = {
  maxSessionsPerClient: 'RELAY_MAX_SESSIONS_PER_CLIENT',
  maxConnections: 'RELAY_MAX_CONNECTIONS',
  headersTimeoutMs: 'RELAY_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'RELAY_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'RELAY_KEEP_ALIVE_TIMEOUT_MS',
} as const;

/** Connection limits and timeouts: none may be switched off (0 means "never" to Node). */
function checkServerLimits(config: RelayConfig): void {
  for (const [name, variable] of Object.entries(SERVER_LIMITS) as Array<[keyof typeof SERVER_LIMITS, string]>) {
    if (!Number.isInteger(config[name]) || config[name] <= 0) throw new ConfigError(`${variable} (${name}) must be a positive integer, got ${config[name]}`);
  }
  // Node refuses to start a server whose headers timeout exceeds its request timeout.
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new ConfigError(`RELAY_HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not exceed RELAY_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`);
  }
  if (config.maxConnections < config.maxSessions) {
    throw new ConfigError(`RELAY_MAX_CONNECTIONS (${config.maxConnections}) must be at least RELAY_MAX_SESSIONS (${config.maxSessions}): every session holds a connection`);
  }
}

/** Refuses to start where others could spend the key without a token, unless told to. */
function checkExposure(config: RelayConfig): void {
  // '' would match a client offering the bare `relay-token.` subprotocol.
  if (config.accessToken === '') throw new ConfigError('RELAY_ACCESS_TOKEN must not be empty (unset it to run without a token)');
  if (config.accessToken !== null || config.allowUnauthenticatedRemote) return;
  const optOut = 'or set RELAY_ALLOW_UNAUTHENTICATED_REMOTE=true if something in front of the relay authenticates';
  if (!isLoopbackHost(config.host)) {
    throw new ConfigError(
      `RELAY_HOST "${config.host}" is not a loopback address and RELAY_ACCESS_TOKEN is not set: anyone who reaches the port could spend your key. ` +
        `Set RELAY_ACCESS_TOKEN (e.g. openssl rand -hex 24), set RELAY_HOST=127.0.0.1, ${optOut}.`,
    );
  }
  if (config.allowedOrigins.includes('*')) {
    throw new ConfigError(
      'RELAY_ALLOWED_ORIGINS contains * and RELAY_ACCESS_TOKEN is not set: any web page open in a browser on this machine could spend your key. ' +
        `Set RELAY_ACCESS_TOKEN, list the console's origins in RELAY_ALLOWED_ORIGINS, ${optOut}.`,
    );
  }
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
      allowedToolTypes: list(env.RELAY_ALLOWED_TOOL_TYPES),
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
    allowUnauthenticatedRemote: bool(env, 'RELAY_ALLOW_UNAUTHENTICATED_REMOTE'),
    maxSessions: int(env, 'RELAY_MAX_SESSIONS'),
    maxSessionsPerClient: int(env, 'RELAY_MAX_SESSIONS_PER_CLIENT'),
    maxConnections: int(env, 'RELAY_MAX_CONNECTIONS'),
    headersTimeoutMs: int(env, 'RELAY_HEADERS_TIMEOUT_MS'),
    requestTimeoutMs: int(env, 'RELAY_REQUEST_TIMEOUT_MS'),
    keepAliveTimeoutMs: int(env, 'RELAY_KEEP_ALIVE_TIMEOUT_MS'),
    maxMessageBytes: int(env, 'RELAY_MAX_MESSAGE_BYTES'),
    maxUpstreamMessageBytes: int(env, 'RELAY_MAX_UPSTREAM_MESSAGE_BYTES'),
    maxBufferedBytes: int(env, 'RELAY_MAX_BUFFERED_BYTES'),
    maxJsonDepth: int(env, 'RELAY_MAX_JSON_DEPTH'),
    maxInspectedBytes: int(env, 'RELAY_MAX_INSPECTED_BYTES'),
    maxPendingMessages: int(env, 'RELAY_MAX_PENDING_MESSAGES'),
    maxPendingBytes: int(env, 'RELAY_MAX_PENDING_BYTES'),
    idleTimeoutMs: int(env, 'RELAY_IDLE_TIMEOUT_MS'),
    upstreamConnectTimeoutMs: int(env, 'RELAY_UPSTREAM_TIMEOUT_MS'),
    shutdownGraceMs: int(env, 'RELAY_SHUTDOWN_GRACE_MS'),
    drainGraceMs: int(env, 'RELAY_DRAIN_GRACE_MS'),
    upstreamProbeIntervalMs: int(env, 'RELAY_UPSTREAM_PROBE_INTERVAL_MS'),
    metricsPort: int(env, 'RELAY_METRICS_PORT'),
    ephemeralKeySeconds: int(env, WEBRTC_ENV.ephemeralKeySeconds),
    webrtcRequestsPerMinute: int(env, WEBRTC_ENV.webrtcRequestsPerMinute),
    sideband: bool(env, WEBRTC_ENV.sideband),
    sidebandTools: list(env[WEBRTC_ENV.sidebandTools]),
    sidebandWeatherUrl: env[WEBRTC_ENV.sidebandWeatherUrl] || undefined,
    maxHttpBodyBytes: int(env, WEBRTC_ENV.maxHttpBodyBytes),
    liveModels: env[LIVE_ENV.liveModels] ? list(env[LIVE_ENV.liveModels]) : undefined,
    liveInstructions: env[LIVE_ENV.liveInstructions] || undefined,
    liveDelegation: fromEnv(() => parseLiveDelegation(env[LIVE_ENV.liveDelegation])),
    liveDataChannel: fromEnv(() => parseLiveDataChannel(env[LIVE_ENV.liveDataChannel])),
    policy,
  };
}

function fromEnv<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new ConfigError(errorMessage(error));
  }
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

/** The held Live backend's tools (`delegation.responses.tools`), or null. */
function heldBackendTools(responses: unknown): HeldTool[] | null {
  const tools = isRecord(responses) ? responses.tools : undefined;
  return Array.isArray(tools) ? tools.filter((tool): tool is HeldTool => isRecord(tool) && typeof tool.type === 'string') : null;
}

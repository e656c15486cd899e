// The relay's WebRTC settings (`POST /token`, `POST /session`, the sideband): their defaults,
// checks and environment variables. Kept beside config.ts, which spreads them into RelayConfig.

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
  /** Largest body of a `POST /token` or `POST /session` (an SDP offer is a few kB). */
  maxHttpBodyBytes: number;
}

/** The API's bounds for `expires_after.seconds` (openai `ClientSecretCreateParams.ExpiresAfter`). */
export const EPHEMERAL_KEY_SECONDS_RANGE = { min: 10, max: 7200 } as const;

export const WEBRTC_DEFAULTS: WebRtcConfig = {
  ephemeralKeySeconds: 60,
  webrtcRequestsPerMinute: 20,
  sideband: true,
  maxHttpBodyBytes: 256 * 1024,
};

/** Why the settings cannot be used, or null. */
export function webRtcConfigProblem(config: WebRtcConfig): string | null {
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
  return null;
}

/** The environment variable behind each setting (read by configFromEnv). */
export const WEBRTC_ENV = {
  ephemeralKeySeconds: 'RELAY_EPHEMERAL_KEY_SECONDS',
  webrtcRequestsPerMinute: 'RELAY_WEBRTC_REQUESTS_PER_MINUTE',
  sideband: 'RELAY_SIDEBAND',
  maxHttpBodyBytes: 'RELAY_MAX_HTTP_BODY_BYTES',
} as const;

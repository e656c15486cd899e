// The HTTP paths of the Realtime API the simulator answers besides the WebSocket's.
export const CLIENT_SECRETS_PATH = '/v1/realtime/client_secrets';
export const CALLS_PATH = '/v1/realtime/calls';
/** Calls (and Live WebRTC sessions) at once; a further offer gets 429 (each holds UDP sockets and timers). */
export const DEFAULT_MAX_CALLS = 32;

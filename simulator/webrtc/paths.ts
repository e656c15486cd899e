// The HTTP paths of the Realtime API the simulator answers besides the WebSocket's.
export const CLIENT_SECRETS_PATH = '/v1/realtime/client_secrets';
export const CALLS_PATH = '/v1/realtime/calls';

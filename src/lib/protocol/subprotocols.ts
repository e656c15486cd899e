// The WebSocket subprotocols (RFC 6455 §1.9, `Sec-WebSocket-Protocol`) a Realtime socket
// carries: one list for the client that offers them, the simulator that plays the API and the
// relay that stands between. Browsers cannot set headers on a WebSocket, so secrets travel here.
// Source: OpenAI Realtime API docs, "WebSocket" (https://platform.openai.com/docs/guides/realtime-websocket).

/** Offered with a key from a browser; a server selects it when offered. */
export const REALTIME_SUBPROTOCOL = 'realtime';
/** `openai-insecure-api-key.KEY`: the API key (or an ephemeral `ek_` key) from a browser. */
export const API_KEY_SUBPROTOCOL_PREFIX = 'openai-insecure-api-key.';
/** The retired beta handshake; the GA API refuses it (close 4000), so the client never sends it. */
export const BETA_SUBPROTOCOL = 'openai-beta.realtime-v1';
/** `relay-token.TOKEN`: this project's relay access token (relay-server/access.ts), not OpenAI's. */
export const RELAY_TOKEN_SUBPROTOCOL_PREFIX = 'relay-token.';

/** Subprotocols that carry secrets: never logged, echoed back only when nothing else was offered. */
export const SECRET_SUBPROTOCOL_PREFIXES: readonly string[] = [RELAY_TOKEN_SUBPROTOCOL_PREFIX, API_KEY_SUBPROTOCOL_PREFIX];

/** The subprotocols a browser offers with a key. */
export function apiKeySubprotocols(key: string): string[] {
  return [REALTIME_SUBPROTOCOL, `${API_KEY_SUBPROTOCOL_PREFIX}${key}`];
}

/** Offered subprotocols, from the raw `Sec-WebSocket-Protocol` header (comma-separated). */
export function parseSubprotocols(header: string | undefined): string[] {
  return header ? header.split(',').map((p) => p.trim()).filter(Boolean) : [];
}

/** The value after `prefix` in the first offered subprotocol with it (`''` when empty), else null. */
export function subprotocolValue(offered: readonly string[], prefix: string): string | null {
  const found = offered.find((p) => p.startsWith(prefix));
  return found === undefined ? null : found.slice(prefix.length);
}

/** Whether a subprotocol carries a secret (an API key or a relay token). */
export function isSecretSubprotocol(protocol: string): boolean {
  return SECRET_SUBPROTOCOL_PREFIXES.some((prefix) => protocol.startsWith(prefix));
}

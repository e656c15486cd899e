// How the key travels: a Bearer header from Node, a subprotocol from a browser, nothing through
// a relay; and only encrypted (wss://), except to loopback. Never any `OpenAI-Beta` header or
// subprotocol: the GA API refuses beta handshakes.
import { DEFAULT_MODEL, DEFAULT_REALTIME_URL } from '../protocol/session-defaults';
import { apiKeySubprotocols } from '../protocol/subprotocols';

// One defaults module decides both (lib/protocol/session-defaults.ts).
export { DEFAULT_MODEL, DEFAULT_REALTIME_URL };
/** Ephemeral client secrets (safe in a browser) start with this. */
export const EPHEMERAL_KEY_PREFIX = 'ek_';

export interface HandshakeInput {
  url?: string;
  model?: string;
  apiKey?: string;
  dangerouslyAllowAPIKeyInBrowser?: boolean;
  /** `node`: header auth; `browser`: subprotocol auth. */
  runtime: 'node' | 'browser';
}

export interface Handshake {
  url: string;
  protocols: string[];
  headers: Record<string, string>;
}

export function isEphemeralKey(key: string): boolean {
  return key.startsWith(EPHEMERAL_KEY_PREFIX);
}

/** The full URL with `?model=` (kept when the URL already names one). */
export function realtimeUrl(base: string = DEFAULT_REALTIME_URL, model?: string): string {
  const url = new URL(base);
  if (model && !url.searchParams.has('model')) url.searchParams.set('model', model);
  return url.toString();
}

/** Loopback as a parsed URL's `hostname` spells it (the URL parser already normalises `127.1`, `0x7f.0.0.1`, `[0:0::1]`). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Why a key must not be sent to this URL, or null when it may: an unencrypted scheme (`ws:`,
 * `http:`) is refused except to loopback, where nothing crosses a network.
 */
export function insecureKeyUrlReason(url: string): string | null {
  const parsed = new URL(url);
  if (parsed.protocol === 'wss:' || parsed.protocol === 'https:') return null;
  if ((parsed.protocol === 'ws:' || parsed.protocol === 'http:') && isLoopbackHost(parsed.hostname)) return null;
  return (
    `Refusing to send an API key over unencrypted ${parsed.protocol}// to ${parsed.host}: use wss://, ` +
    'or ws:// only to this machine (localhost, 127.0.0.0/8, [::1]).'
  );
}

export function planHandshake(input: HandshakeInput): Handshake {
  const url = realtimeUrl(input.url ?? DEFAULT_REALTIME_URL, input.model ?? DEFAULT_MODEL);
  const key = input.apiKey;
  if (!key) return { url, protocols: [], headers: {} }; // a relay holds the key
  // Any key, any runtime: a key on a plain socket can be read by anyone on the path.
  const insecure = insecureKeyUrlReason(url);
  if (insecure) throw new Error(insecure);
  if (input.runtime === 'node') return { url, protocols: [], headers: { Authorization: `Bearer ${key}` } };
  if (!isEphemeralKey(key) && !input.dangerouslyAllowAPIKeyInBrowser) {
    throw new Error(
      'Refusing to send a standard API key from a browser: use an ephemeral key (ek_...), a relay, ' +
        'or set dangerouslyAllowAPIKeyInBrowser if you accept exposing it.',
    );
  }
  return { url, protocols: apiKeySubprotocols(key), headers: {} };
}

// How the key travels: a Bearer header from Node, a subprotocol from a browser, nothing through
// a relay. Never any `OpenAI-Beta` header or subprotocol: the GA API refuses beta handshakes.

export const DEFAULT_REALTIME_URL = 'wss://api.openai.com/v1/realtime';
export const DEFAULT_MODEL = 'gpt-realtime';
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

export function planHandshake(input: HandshakeInput): Handshake {
  const url = realtimeUrl(input.url ?? DEFAULT_REALTIME_URL, input.model ?? DEFAULT_MODEL);
  const key = input.apiKey;
  if (!key) return { url, protocols: [], headers: {} }; // a relay holds the key
  if (input.runtime === 'node') return { url, protocols: [], headers: { Authorization: `Bearer ${key}` } };
  if (!isEphemeralKey(key) && !input.dangerouslyAllowAPIKeyInBrowser) {
    throw new Error(
      'Refusing to send a standard API key from a browser: use an ephemeral key (ek_...), a relay, ' +
        'or set dangerouslyAllowAPIKeyInBrowser if you accept exposing it.',
    );
  }
  return { url, protocols: ['realtime', `openai-insecure-api-key.${key}`], headers: {} };
}

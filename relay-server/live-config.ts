// The relay's GPT-Live settings: which Live models a browser may start (checked in
// `session.start`, since Live takes no model in the URL), and the session fields the relay holds
// for Live sessions (the frontend instructions and the delegation settings, with the backend's
// prompt and tools). Kept beside config.ts, which spreads them into RelayConfig.
import { isRecord } from '../src/lib/shared/json';

export interface LiveRelayConfig {
  /** Live models a browser may name in `session.start` (RELAY_LIVE_MODELS). */
  liveModels: string[];
  /**
   * Frontend instructions held by the relay (RELAY_LIVE_INSTRUCTIONS): forced into every
   * `session.start`, hidden from the browser in `session.started` / `updated` / `closed`, and no
   * `session.instructions.append` or developer input item may add to them. null: the browser's.
   */
  liveInstructions: string | null;
  /**
   * Delegation settings held by the relay (RELAY_LIVE_DELEGATION, JSON: `{type: "responses",
   * responses: {model, instructions, tools}}` or `{type: "client"}`): forced into every
   * `session.start`, and `session.update` may not change them. The backend prompt is hidden from
   * the browser. null: the browser's.
   */
  liveDelegation: Record<string, unknown> | null;
  /**
   * The `client.data_channel` every Live WebRTC session `/session/live` creates gets
   * (RELAY_LIVE_DATA_CHANNEL, JSON live.d.ts DataChannelConfig: `allowed_client_events`,
   * `allowed_server_events`), narrowed further by what the relay holds (live-data-channel.ts).
   * null: only the held fields narrow it.
   */
  liveDataChannel: Record<string, unknown> | null;
}

export const LIVE_DEFAULTS: LiveRelayConfig = {
  liveModels: ['gpt-live-1', 'gpt-live-1.1'],
  liveInstructions: null,
  liveDelegation: null,
  liveDataChannel: null,
};

export const LIVE_ENV = {
  liveModels: 'RELAY_LIVE_MODELS',
  liveInstructions: 'RELAY_LIVE_INSTRUCTIONS',
  liveDelegation: 'RELAY_LIVE_DELEGATION',
  liveDataChannel: 'RELAY_LIVE_DATA_CHANNEL',
} as const;

/** Reads RELAY_LIVE_DELEGATION; throws with the variable's name when it is not a JSON object. */
export function parseLiveDelegation(text: string | undefined): Record<string, unknown> | undefined {
  return parseObject(text, LIVE_ENV.liveDelegation, '{"type":"client"}');
}

/** Reads RELAY_LIVE_DATA_CHANNEL the same way. */
export function parseLiveDataChannel(text: string | undefined): Record<string, unknown> | undefined {
  return parseObject(text, LIVE_ENV.liveDataChannel, '{"allowed_client_events":["session.close"]}');
}

function parseObject(text: string | undefined, name: string, example: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not JSON`);
  }
  if (!isRecord(value)) throw new Error(`${name} must be a JSON object such as ${example}`);
  return value;
}

/** Why the settings cannot be used, or null. The schema check of the held delegation runs at start-up (policy-check.ts). */
export function liveConfigProblem(config: LiveRelayConfig): string | null {
  if (!Array.isArray(config.liveModels) || config.liveModels.some((m) => typeof m !== 'string' || !m)) {
    return `${LIVE_ENV.liveModels} must be a list of model names`;
  }
  const type = config.liveDelegation?.type;
  const lists = config.liveDataChannel;
  if (lists !== null && lists !== undefined) {
    const bad = Object.keys(lists).find((key) => key !== 'allowed_client_events' && key !== 'allowed_server_events');
    if (bad !== undefined) return `${LIVE_ENV.liveDataChannel} takes allowed_client_events and allowed_server_events, not "${bad}"`;
    const okList = (value: unknown, item: (v: unknown) => boolean) => value === undefined || value === 'all' || (Array.isArray(value) && value.every(item));
    if (!okList(lists.allowed_client_events, (v) => typeof v === 'string')) return `${LIVE_ENV.liveDataChannel}.allowed_client_events must be "all" or a list of event types`;
    if (!okList(lists.allowed_server_events, (v) => isRecord(v) && typeof v.type === 'string')) {
      return `${LIVE_ENV.liveDataChannel}.allowed_server_events must be "all" or a list of {"type": …} selectors (Responses events: {"type": "response.event", "response_event": …})`;
    }
  }
  if (config.liveDelegation !== null && type !== 'client' && type !== 'responses') {
    return `${LIVE_ENV.liveDelegation} must have type "client" or "responses" (the relay does not hold Decisions settings)`;
  }
  return null;
}

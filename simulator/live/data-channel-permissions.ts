// What a WebRTC frontend may send and see on its `oai-events` channel: `session.client.data_channel`
// (live.d.ts DataChannelConfig). Each list is 'all' or an array; omitted means all, an empty array
// means none. Server events are chosen by ServerEventSelector: `{type}`, or for Responses events
// `{type: "response.event", response_event}`. Trusted sidebands are not limited by either list.
import type { ClientConfig, ServerEventSelector } from 'openai/resources/live/live';
import { LIVE_CLIENT_EVENT_TYPES, LIVE_SERVER_EVENT_TYPES } from '../../src/lib/protocol/live-validate';
import { LIVE_ERROR_CODES } from './live-errors';
import type { LiveDetails } from './live-config';

/**
 * Client events a media transport never takes from its frontend: `session.start` (the session
 * started with `POST /v1/live/sessions`) and `session.input_audio.append` (live.d.ts: "Primary
 * WebSocket only; media transports use their audio track").
 */
export const MEDIA_REFUSED_CLIENT_EVENTS: ReadonlyMap<string, string> = new Map([
  ['session.start', 'A WebRTC session starts with POST /v1/live/sessions; session.start is for a primary WebSocket.'],
  ['session.input_audio.append', 'A WebRTC session takes its input audio from the media track; session.input_audio.append is for a primary WebSocket.'],
]);

/**
 * What the schema cannot check in `client.data_channel`: event names the protocol has, and the
 * selector rule (live.d.ts: `response_event` "Required when type is 'response.event'; forbidden
 * for other event types").
 */
export function permissionsProblem(client: ClientConfig | undefined): LiveDetails | null {
  const lists = client?.data_channel;
  if (!lists) return null;
  const at = 'session.client.data_channel';
  if (Array.isArray(lists.allowed_client_events)) {
    const index = lists.allowed_client_events.findIndex((type) => !LIVE_CLIENT_EVENT_TYPES.has(type));
    if (index >= 0) return invalid(`${at}.allowed_client_events[${index}]`, `'${lists.allowed_client_events[index].slice(0, 80)}' is not a Live client event.`);
  }
  if (Array.isArray(lists.allowed_server_events)) {
    for (const [index, selector] of lists.allowed_server_events.entries()) {
      const param = `${at}.allowed_server_events[${index}]`;
      if (!LIVE_SERVER_EVENT_TYPES.has(selector.type)) return invalid(`${param}.type`, `'${selector.type.slice(0, 80)}' is not a Live server event.`);
      if (selector.type === 'response.event' && !selector.response_event) return invalid(`${param}.response_event`, "response_event is required when type is 'response.event'.");
      if (selector.type !== 'response.event' && selector.response_event !== undefined) return invalid(`${param}.response_event`, "response_event is only allowed when type is 'response.event'.");
    }
  }
  return null;
}

function invalid(param: string, message: string): LiveDetails {
  return { code: LIVE_ERROR_CODES.invalidValue, param, message };
}

export class DataChannelPermissions {
  private readonly clientTypes: ReadonlySet<string> | null;
  private readonly serverSelectors: readonly ServerEventSelector[] | null;

  constructor(client: ClientConfig | undefined) {
    const lists = client?.data_channel;
    const clientList = lists?.allowed_client_events;
    const serverList = lists?.allowed_server_events;
    this.clientTypes = clientList === undefined || clientList === 'all' ? null : new Set(clientList);
    this.serverSelectors = serverList === undefined || serverList === 'all' ? null : serverList;
  }

  /** Whether any list limits the frontend (the session then tells it with an `info` event). */
  get limited(): boolean {
    return this.clientTypes !== null || this.serverSelectors !== null;
  }

  allowsClient(type: string): boolean {
    return this.clientTypes === null || this.clientTypes.has(type);
  }

  /** `nested` is the Responses event's type inside a `response.event`. */
  allowsServer(type: string, nested?: string): boolean {
    if (this.serverSelectors === null) return true;
    return this.serverSelectors.some((s) => s.type === type && (type !== 'response.event' || s.response_event === nested));
  }

  /** The `info` message (code `data_channel_permissions`, live.d.ts InfoEvent). */
  describe(): string {
    const client = this.clientTypes === null ? 'all client events' : `client events: ${[...this.clientTypes].join(', ') || 'none'}`;
    const server =
      this.serverSelectors === null
        ? 'all server events'
        : `server events: ${this.serverSelectors.map((s) => (s.response_event ? `${s.type}(${s.response_event})` : s.type)).join(', ') || 'none'}`;
    return `This data channel may send ${client} and receive ${server}.`;
  }
}

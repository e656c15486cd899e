// HTTP headers this project's relay adds to its answers, read by the console: one name for both.

/**
 * On a `POST /session` answer: the function tools the relay answers itself on the call's
 * sideband (RELAY_SIDEBAND_TOOLS), comma-separated. The console must not answer those calls too:
 * two `function_call_output` items for one call would make the model answer twice.
 */
export const RELAY_SIDEBAND_TOOLS_HEADER = 'Relay-Sideband-Tools';

/** Tool names as the API takes them (`^[a-zA-Z0-9_-]{1,64}$`); anything else in the header is ignored. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The names in a `Relay-Sideband-Tools` value (null or junk: none). */
export function parseToolNames(header: string | null): string[] {
  if (!header) return [];
  return header.split(',').map((name) => name.trim()).filter((name) => TOOL_NAME.test(name)).slice(0, 128);
}

/**
 * On a `POST /session/live` answer: the Live server events the data channel will not carry
 * because they show what the relay hides (the session snapshots, comma-separated); the page gets
 * them rewritten from the relay's `/call-events?call_id=` for the session instead.
 */
export const RELAY_LIVE_RELAYED_EVENTS_HEADER = 'Relay-Live-Relayed-Events';

const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+){1,4}$/;

/** The event types in a `Relay-Live-Relayed-Events` value (null or junk: none). */
export function parseEventTypes(header: string | null): string[] {
  if (!header) return [];
  return header.split(',').map((type) => type.trim()).filter((type) => EVENT_TYPE.test(type)).slice(0, 16);
}

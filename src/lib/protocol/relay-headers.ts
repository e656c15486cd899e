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

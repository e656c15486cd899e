// An MCP tool's `authorization` (an OAuth token) and `headers` (often an API key) are secrets the
// session needs but no record should keep. They ride in the `tools` of session.update,
// session.created/updated (if the server echoes them) and response.create. This returns the event
// with their values replaced by `[redacted]` (a copy; the event itself is not touched), or the
// event as it is when it holds none: the event log calls it on every event, so the common case
// costs one type check.
export const MCP_SECRET_REDACTED = '[redacted]';

const CARRIERS = new Set(['session.update', 'session.created', 'session.updated', 'response.create']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function hasSecrets(tool: unknown): tool is Json {
  return isObject(tool) && tool.type === 'mcp' && (tool.authorization !== undefined || (isObject(tool.headers) && Object.keys(tool.headers).length > 0));
}

function redactTool(tool: Json): Json {
  const out: Json = { ...tool };
  if (out.authorization !== undefined) out.authorization = MCP_SECRET_REDACTED;
  if (isObject(out.headers)) out.headers = Object.fromEntries(Object.keys(out.headers).map((name) => [name, MCP_SECRET_REDACTED]));
  return out;
}

function redactTools(holder: unknown): unknown {
  if (!isObject(holder) || !Array.isArray(holder.tools) || !holder.tools.some(hasSecrets)) return holder;
  return { ...holder, tools: holder.tools.map((tool) => (hasSecrets(tool) ? redactTool(tool) : tool)) };
}

export function withoutMcpSecrets<T>(event: T): T {
  if (!isObject(event) || typeof event.type !== 'string' || !CARRIERS.has(event.type)) return event;
  const field = event.type === 'response.create' ? 'response' : 'session';
  const holder = event[field];
  const redacted = redactTools(holder);
  return redacted === holder ? event : ({ ...event, [field]: redacted } as T);
}

// MCP servers as the tool editor edits them (no React): checked as the user types, mapped to the
// GA `{type: "mcp"}` tool of session.update, and read from / written to the tools file.
// Headers and the OAuth token are secrets: they are never written to the file (header names are,
// with empty values, so an import says what to fill in) nor to localStorage (see mcpStorage.ts).
import type { RealtimeToolsConfigUnion } from 'openai/resources/realtime/realtime';

export type McpToolDefinition = RealtimeToolsConfigUnion.Mcp;
export type ConnectorId = NonNullable<McpToolDefinition['connector_id']>;

/** always: every call waits for Approve/Deny; never: none does; per-tool: the tools listed run unasked, the others wait. */
export type ApprovalPolicy = 'always' | 'never' | 'per-tool';

export interface EditableMcpServer {
  label: string;
  /** Reached by URL, or (deprecated by OpenAI for new models) a built-in connector. */
  via: 'url' | 'connector';
  url: string;
  connectorId: ConnectorId;
  description: string;
  /** Tool names, separated by commas or new lines; empty: every tool of the server. */
  allowedTools: string;
  approval: ApprovalPolicy;
  /** `per-tool`: the tools that run without asking (names, as above). */
  unaskedTools: string;
  /** Secret: `Name: value` lines. */
  headers: string;
  /** Secret: an OAuth access token for the server or connector. */
  authorization: string;
}

/** The connectors the GA types list (`connector_id`). */
export const CONNECTORS: readonly ConnectorId[] = [
  'connector_dropbox',
  'connector_gmail',
  'connector_googlecalendar',
  'connector_googledrive',
  'connector_microsoftteams',
  'connector_outlookcalendar',
  'connector_outlookemail',
  'connector_sharepoint',
];

export const BLANK_MCP_SERVER: EditableMcpServer = {
  label: '',
  via: 'url',
  url: '',
  connectorId: 'connector_googlecalendar',
  description: '',
  allowedTools: '',
  approval: 'always',
  unaskedTools: '',
  headers: '',
  authorization: '',
};

/** The simulator's built-in server, to try MCP offline. */
export const SIMULATOR_MCP_SERVER: EditableMcpServer = { ...BLANK_MCP_SERVER, label: 'calculator', url: 'sim://tools', description: 'The simulator’s built-in tools (add_numbers, divide_numbers).' };

/**
 * The console's rule for labels and tool names: letters, digits, `_` and `-`, at most 64. The GA
 * types only say "string"; this is the rule of function names, so a label never surprises.
 */
const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const URL_SCHEMES = ['https:', 'http:', 'sim:'];

export const namesIn = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

export function parseHeaderLines(text: string): { headers: Record<string, string>; problems: string[] } {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon).trim();
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    if (!HEADER_NAME.test(name)) problems.push(`headers: line ${index + 1} needs "Name: value"`);
    else if (!value) problems.push(`headers: ${name} has no value (secrets are not exported: enter it again)`);
    else if (seen.has(name.toLowerCase())) problems.push(`headers: ${name} is given twice`);
    else {
      seen.add(name.toLowerCase());
      headers[name] = value;
    }
  }
  return { headers, problems };
}

/** The problems of a server, empty when it can be sent. */
export function mcpProblems(server: EditableMcpServer, others: readonly EditableMcpServer[]): string[] {
  const problems: string[] = [];
  if (!NAME_PATTERN.test(server.label)) problems.push('label: 1–64 letters, digits, _ or -');
  else if (others.some((other) => other.label === server.label)) problems.push(`label: another server is called "${server.label}"`);
  if (server.via === 'url') {
    let url: URL | null = null;
    try {
      url = new URL(server.url.trim());
    } catch {
      problems.push('URL: not a URL (e.g. https://example.com/mcp, or sim://tools in the simulator)');
    }
    if (url && !URL_SCHEMES.includes(url.protocol)) problems.push(`URL: ${url.protocol} is not https:, http: or sim:`);
  } else if (!CONNECTORS.includes(server.connectorId)) problems.push('connector: choose one of the list');
  const badTool = [...namesIn(server.allowedTools), ...namesIn(server.unaskedTools)].find((name) => !NAME_PATTERN.test(name));
  if (badTool) problems.push(`tools: "${badTool}" is not a tool name`);
  if (server.approval === 'per-tool' && namesIn(server.unaskedTools).length === 0) problems.push('approval: name the tools that may run without asking');
  problems.push(...parseHeaderLines(server.headers).problems);
  if (/\s/.test(server.authorization.trim())) problems.push('authorization: the token has spaces (give the token alone, without "Bearer")');
  return problems;
}

/** The GA tool sent in session.update (call only for a server without problems). */
export function toMcpDefinition(server: EditableMcpServer): McpToolDefinition {
  const definition: McpToolDefinition = { type: 'mcp', server_label: server.label };
  if (server.via === 'url') definition.server_url = server.url.trim();
  else definition.connector_id = server.connectorId;
  if (server.description.trim()) definition.server_description = server.description.trim();
  const allowed = namesIn(server.allowedTools);
  if (allowed.length) definition.allowed_tools = allowed;
  definition.require_approval = server.approval === 'per-tool' ? { never: { tool_names: namesIn(server.unaskedTools) } } : server.approval;
  const { headers } = parseHeaderLines(server.headers);
  if (Object.keys(headers).length) definition.headers = headers;
  if (server.authorization.trim()) definition.authorization = server.authorization.trim();
  return definition;
}

/** The server as the tools file holds it: the GA shape, header values emptied, no token. */
export function toFileEntry(server: EditableMcpServer): Record<string, unknown> {
  const { headers: _headers, authorization: _token, ...shape } = toMcpDefinition({ ...server, headers: '', authorization: '' });
  const names = Object.keys(parseHeaderLines(server.headers).headers);
  return { ...shape, ...(server.via === 'url' ? { server_url: server.url } : {}), ...(names.length ? { headers: Object.fromEntries(names.map((name) => [name, ''])) } : {}) };
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);

/** Reads one `{type: "mcp"}` entry of a tools file (or of a session's tools). */
export function fromFileEntry(fields: Record<string, unknown>): EditableMcpServer | { error: string } {
  if (typeof fields.server_label !== 'string') return { error: 'no server_label' };
  const server: EditableMcpServer = { ...BLANK_MCP_SERVER, label: fields.server_label };
  if (typeof fields.connector_id === 'string' && !fields.server_url) {
    server.via = 'connector';
    server.connectorId = fields.connector_id as ConnectorId;
  } else server.url = typeof fields.server_url === 'string' ? fields.server_url : '';
  if (typeof fields.server_description === 'string') server.description = fields.server_description;
  const allowed = fields.allowed_tools;
  server.allowedTools = (Array.isArray(allowed) ? stringList(allowed) : stringList((allowed as { tool_names?: unknown } | null)?.tool_names)).join(', ');
  const approval = fields.require_approval;
  if (approval === 'never' || approval === 'always') server.approval = approval;
  else if (approval && typeof approval === 'object') {
    const unasked = stringList((approval as { never?: { tool_names?: unknown } }).never?.tool_names);
    server.approval = unasked.length ? 'per-tool' : 'always';
    server.unaskedTools = unasked.join(', ');
  }
  if (fields.headers && typeof fields.headers === 'object') {
    server.headers = Object.entries(fields.headers as Record<string, unknown>).map(([name, value]) => `${name}: ${typeof value === 'string' ? value : ''}`.trimEnd()).join('\n');
  }
  if (typeof fields.authorization === 'string') server.authorization = fields.authorization;
  return server;
}

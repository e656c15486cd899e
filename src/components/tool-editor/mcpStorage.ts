// Where the MCP servers' secrets live. The servers themselves go to localStorage with the function
// tools, without headers or token. The secrets go to sessionStorage, keyed by label: this tab
// keeps them across a reload, nothing keeps them once it closes, and they are never on disk in
// the profile's long-lived storage for any later script of this origin to read. They are never
// written to the tools file, the event log or a session export (the log strips them, see
// src/lib/realtime/mcp-secrets.ts); they do travel in session.update, which is their purpose.
import type { EditableMcpServer } from './mcpModel';

export const MCP_SECRETS_KEY = 'realtime-console.mcp-secrets';

type Secrets = Record<string, { headers: string; authorization: string }>;

function readSecrets(): Secrets {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(MCP_SECRETS_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Secrets) : {};
  } catch {
    return {};
  }
}

/** Keeps the servers' secrets for this tab (and forgets those of servers gone). */
export function storeSecrets(servers: readonly EditableMcpServer[]): void {
  const secrets: Secrets = {};
  for (const server of servers) if (server.headers || server.authorization) secrets[server.label] = { headers: server.headers, authorization: server.authorization };
  try {
    if (Object.keys(secrets).length) sessionStorage.setItem(MCP_SECRETS_KEY, JSON.stringify(secrets));
    else sessionStorage.removeItem(MCP_SECRETS_KEY);
  } catch {
    // storage refused: the secrets hold for this page
  }
}

/** The servers read from localStorage with this tab's secrets put back. */
export function withSecrets(servers: readonly EditableMcpServer[]): EditableMcpServer[] {
  const secrets = readSecrets();
  return servers.map((server) => {
    const kept = secrets[server.label];
    return kept && typeof kept.headers === 'string' && typeof kept.authorization === 'string' ? { ...server, headers: kept.headers, authorization: kept.authorization } : server;
  });
}

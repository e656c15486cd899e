// The MCP servers of the session: each new one is listed (mcp_list_tools item and events) when
// a session.update brings it. `sim://` servers are answered by the built-in server; a loopback
// http(s) URL reaches a real MCP server (tools/mcp-remote.ts); anything else fails to list.
import type { RealtimeMcpListTools, RealtimeToolsConfigUnion } from 'openai/resources/realtime/realtime';
import type { ConversationStore, StoredItem } from './conversation-store';
import { makeId } from './ids';
import type { Outbox } from './outbox';
import { Pacer, CancelledError } from './pacing';
import type { McpServerState } from './reply-planner';
import { connectRemoteServer, readable } from './tools/mcp-remote';
import { isSimulated, SIMULATED_SOURCE, type McpToolSource } from './tools/mcp-server';
import { cloneJson } from '../src/lib/shared/json';

export type McpToolConfig = RealtimeToolsConfigUnion.Mcp;

/** Media time a listing takes at least (the "network" round trip of the built-in server). */
export const MCP_LIST_DELAY_MS = 50;

interface ServerEntry {
  config: McpToolConfig;
  status: 'listing' | 'completed' | 'failed';
  tools: RealtimeMcpListTools.Tool[];
  source: McpToolSource | null;
}

async function openSource(config: McpToolConfig): Promise<McpToolSource> {
  if (config.connector_id || config.tunnel_id) throw new Error('connectors and tunnels are not simulated: give a sim:// or loopback server_url');
  if (isSimulated(config.server_url)) return SIMULATED_SOURCE;
  return connectRemoteServer({ serverUrl: config.server_url, headers: config.headers, authorization: config.authorization });
}

export class McpRegistry {
  private readonly servers = new Map<string, ServerEntry>();

  constructor(private readonly outbox: Outbox, private readonly store: ConversationStore, private readonly speed: number) {}

  /** Lists the MCP servers of `tools` not seen before (or whose config changed); forgets removed ones. */
  sync(tools: ReadonlyArray<{ type?: string }>): Promise<void>[] {
    const jobs: Promise<void>[] = [];
    const labels = new Set<string>();
    for (const tool of tools) {
      if (tool.type !== 'mcp') continue;
      const config = tool as McpToolConfig;
      labels.add(config.server_label);
      const known = this.servers.get(config.server_label);
      if (known && JSON.stringify(known.config) === JSON.stringify(config)) continue;
      known?.source?.close();
      const entry: ServerEntry = { config, status: 'listing', tools: [], source: null };
      this.servers.set(config.server_label, entry);
      jobs.push(this.list(entry));
    }
    for (const [label, entry] of Array.from(this.servers)) {
      if (labels.has(label)) continue;
      entry.source?.close();
      this.servers.delete(label);
    }
    return jobs;
  }

  states(): McpServerState[] {
    return Array.from(this.servers.values()).flatMap((s) => {
      const source = s.source;
      if (s.status !== 'completed' || !source) return [];
      return [{ label: s.config.server_label, tools: s.tools, needsApproval: (name: string) => needsApproval(s.config, s.tools.find((t) => t.name === name) ?? name), call: (name: string, args: Record<string, unknown>) => source.call(name, args) }];
    });
  }

  /** Ends every connection to a real server (the session closed). */
  close(): void {
    for (const entry of this.servers.values()) entry.source?.close();
    this.servers.clear();
  }

  private async list(entry: ServerEntry): Promise<void> {
    const itemId = makeId('mcpl_');
    const item: RealtimeMcpListTools = { id: itemId, type: 'mcp_list_tools', server_label: entry.config.server_label, tools: [] };
    const stored: StoredItem = { item: item as StoredItem['item'] };
    const inserted = this.store.insert(stored);
    const previous = 'previousItemId' in inserted ? inserted.previousItemId : null;
    this.outbox.send({ type: 'conversation.item.added', previous_item_id: previous, item: { ...item, tools: [] } });
    this.outbox.send({ type: 'mcp_list_tools.in_progress', item_id: itemId });
    // Both outcomes take at least the round trip, so listings end in the order they began.
    const [listed] = await Promise.allSettled([openSource(entry.config).then(async (source) => ({ source, tools: await source.list() })), this.pause()]);
    if (listed.status === 'fulfilled') {
      const { source, tools } = listed.value;
      item.tools = tools.filter((t) => isAllowed(entry.config, t));
      if (this.servers.get(entry.config.server_label) === entry) {
        entry.source = source;
        entry.tools = item.tools;
        entry.status = 'completed';
      } else source.close(); // replaced or removed while listing
      this.outbox.send({ type: 'mcp_list_tools.completed', item_id: itemId });
    } else {
      entry.status = 'failed';
      this.outbox.send({ type: 'mcp_list_tools.failed', item_id: itemId });
      // The item has no field for the reason, so it follows as an error event the developer can read.
      const message = `Error retrieving tool list from MCP server '${entry.config.server_label}': ${readable(listed.reason)}`;
      this.outbox.send({ type: 'error', error: { type: 'invalid_request_error', code: 'mcp_list_tools_failed', message, param: null, event_id: null } });
    }
    this.outbox.send({ type: 'conversation.item.done', previous_item_id: previous, item: cloneJson(item) });
  }

  private async pause(): Promise<void> {
    try {
      await new Pacer(this.speed).pause(MCP_LIST_DELAY_MS);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
    }
  }
}

function isReadOnly(tool: RealtimeMcpListTools.Tool): boolean {
  const annotations = tool.annotations as { readOnlyHint?: unknown } | null | undefined;
  return annotations?.readOnlyHint === true;
}

/** A tool filter matches when every condition it sets holds (names, read-only hint). */
function matches(filter: { tool_names?: string[]; read_only?: boolean } | undefined, tool: RealtimeMcpListTools.Tool): boolean {
  if (!filter) return false;
  if (filter.tool_names === undefined && filter.read_only === undefined) return false;
  if (filter.tool_names && !filter.tool_names.includes(tool.name)) return false;
  return filter.read_only === undefined || filter.read_only === isReadOnly(tool);
}

function isAllowed(config: McpToolConfig, tool: RealtimeMcpListTools.Tool): boolean {
  const allowed = config.allowed_tools;
  if (!allowed) return true;
  if (Array.isArray(allowed)) return allowed.includes(tool.name);
  if (allowed.tool_names === undefined && allowed.read_only === undefined) return true;
  return matches(allowed, tool);
}

/** `require_approval` as the real API reads it: approval unless `never` says otherwise. */
export function needsApproval(config: McpToolConfig, tool: RealtimeMcpListTools.Tool | string): boolean {
  const rule = config.require_approval;
  if (rule === 'never') return false;
  if (rule && typeof rule === 'object') {
    const subject = typeof tool === 'string' ? { name: tool, input_schema: {} } : tool;
    if (matches(rule.never, subject)) return false;
    if (matches(rule.always, subject)) return true;
  }
  return true;
}

// The MCP servers of the session: each new one is listed (mcp_list_tools item and events) when
// a session.update brings it; only the simulator's built-in `sim://` server can answer.
import type { RealtimeMcpListTools, RealtimeToolsConfigUnion } from 'openai/resources/realtime/realtime';
import type { ConversationStore, StoredItem } from './conversation-store';
import { makeId } from './ids';
import type { Outbox } from './outbox';
import { Pacer, CancelledError } from './pacing';
import type { McpServerState } from './reply-planner';
import { isReachable, SIMULATED_MCP_TOOLS } from './tools/mcp-server';
import { cloneJson } from '../src/lib/shared/json';

export type McpToolConfig = RealtimeToolsConfigUnion.Mcp;

/** Media time a listing takes (the "network" round trip). */
export const MCP_LIST_DELAY_MS = 50;

interface ServerEntry {
  config: McpToolConfig;
  status: 'listing' | 'completed' | 'failed';
  toolNames: string[];
}

export class McpRegistry {
  private readonly servers = new Map<string, ServerEntry>();

  constructor(private readonly outbox: Outbox, private readonly store: ConversationStore, private readonly speed: number) {}

  /** Lists the MCP servers of `tools` not seen before (or whose config changed). */
  sync(tools: ReadonlyArray<{ type?: string }>): Promise<void>[] {
    const jobs: Promise<void>[] = [];
    for (const tool of tools) {
      if (tool.type !== 'mcp') continue;
      const config = tool as McpToolConfig;
      const known = this.servers.get(config.server_label);
      if (known && JSON.stringify(known.config) === JSON.stringify(config)) continue;
      const entry: ServerEntry = { config, status: 'listing', toolNames: [] };
      this.servers.set(config.server_label, entry);
      jobs.push(this.list(entry));
    }
    return jobs;
  }

  states(): McpServerState[] {
    return Array.from(this.servers.values())
      .filter((s) => s.status === 'completed')
      .map((s) => ({ label: s.config.server_label, toolNames: s.toolNames, needsApproval: (name) => needsApproval(s.config, name) }));
  }

  private async list(entry: ServerEntry): Promise<void> {
    const itemId = makeId('mcpl_');
    const item: RealtimeMcpListTools = { id: itemId, type: 'mcp_list_tools', server_label: entry.config.server_label, tools: [] };
    const stored: StoredItem = { item: item as StoredItem['item'] };
    const inserted = this.store.insert(stored);
    const previous = 'previousItemId' in inserted ? inserted.previousItemId : null;
    this.outbox.send({ type: 'conversation.item.added', previous_item_id: previous, item: { ...item, tools: [] } });
    this.outbox.send({ type: 'mcp_list_tools.in_progress', item_id: itemId });
    try {
      await new Pacer(this.speed).pause(MCP_LIST_DELAY_MS);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
    }
    if (isReachable(entry.config.server_url)) {
      item.tools = SIMULATED_MCP_TOOLS.filter((t) => isAllowed(entry.config, t.name));
      entry.toolNames = item.tools.map((t) => t.name);
      entry.status = 'completed';
      this.outbox.send({ type: 'mcp_list_tools.completed', item_id: itemId });
    } else {
      entry.status = 'failed';
      this.outbox.send({ type: 'mcp_list_tools.failed', item_id: itemId });
    }
    this.outbox.send({ type: 'conversation.item.done', previous_item_id: previous, item: cloneJson(item) });
  }
}

function isAllowed(config: McpToolConfig, name: string): boolean {
  const allowed = config.allowed_tools;
  if (!allowed) return true;
  if (Array.isArray(allowed)) return allowed.includes(name);
  return !allowed.tool_names || allowed.tool_names.includes(name);
}

/** `require_approval` as the real API reads it: approval unless `never` says otherwise. */
export function needsApproval(config: McpToolConfig, name: string): boolean {
  const rule = config.require_approval;
  if (rule === 'never') return false;
  if (rule && typeof rule === 'object') {
    if (rule.never?.tool_names?.includes(name)) return false;
    if (rule.always?.tool_names?.includes(name)) return true;
  }
  return true;
}

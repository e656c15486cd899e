// The edited tools and MCP servers, kept in this browser and put on the current client (before
// it connects, and again whenever they are saved), the calls waiting for an answer by hand and
// the MCP approvals waiting for the user.
import { useCallback, useMemo, useRef, useState } from 'react';
import { approvalResponseEventId, type RealtimeClient } from '../../lib/realtime';
import { ManualCallStore } from './manualCalls';
import { McpApprovalStore } from './mcpApprovals';
import { toFileEntry, type EditableMcpServer } from './mcpModel';
import { storeSecrets, withSecrets } from './mcpStorage';
import { applyServers, applyTools, type BuiltInHandlers } from './toolRegistry';
import { DEFAULT_TOOLS, parseToolsFile, type EditableTool, type ToolsFile } from './toolModel';

export const TOOLS_KEY = 'realtime-console.tools';

function loadTools(): ToolsFile {
  try {
    const stored = localStorage.getItem(TOOLS_KEY);
    const parsed = stored === null ? null : parseToolsFile(stored);
    if (!parsed || 'error' in parsed) return { tools: [...DEFAULT_TOOLS], servers: [] };
    return { tools: parsed.tools, servers: withSecrets(parsed.servers) };
  } catch {
    return { tools: [...DEFAULT_TOOLS], servers: [] };
  }
}

function storeTools({ tools, servers }: ToolsFile): void {
  storeSecrets(servers);
  try {
    // The functions as edited; the servers as the export has them, without their secrets.
    localStorage.setItem(TOOLS_KEY, JSON.stringify({ tools: [...tools, ...servers.map(toFileEntry)] }));
  } catch {
    // storage refused: the tools hold for this page
  }
}

export interface ToolEditor {
  tools: readonly EditableTool[];
  servers: readonly EditableMcpServer[];
  manual: ManualCallStore;
  approvals: McpApprovalStore;
  save(tools: readonly EditableTool[]): void;
  saveServers(servers: readonly EditableMcpServer[]): void;
  /** Registers the tools and servers on a new client (the page's setup calls it). */
  register(client: RealtimeClient): void;
}

export function useToolEditor(builtIns: BuiltInHandlers): ToolEditor {
  const [loaded] = useState(loadTools);
  const [tools, setTools] = useState<EditableTool[]>(loaded.tools);
  const [servers, setServers] = useState<EditableMcpServer[]>(loaded.servers);
  const manual = useMemo(() => new ManualCallStore(), []);
  const approvals = useMemo(() => new McpApprovalStore(), []);
  const current = useRef({ tools, servers, client: null as RealtimeClient | null, registered: [] as string[], builtIns });
  current.current.builtIns = builtIns;

  const register = useCallback(
    (client: RealtimeClient) => {
      const state = current.current;
      state.client = client;
      state.registered = applyTools(client, state.tools, [], state.builtIns, manual);
      if (state.servers.length) applyServers(client, state.servers);
      approvals.attach((id, approve, reason) => {
        if (!client.isConnected()) throw new Error('not connected');
        return approvalResponseEventId(client.respondToMcpApproval(id, approve, reason));
      });
      // The API's or the relay's refusal of an answer opens its request again, saying why.
      client.on('error', (error) => approvals.refused(error.event_id, [error.code, error.message].filter(Boolean).join(': ') || 'refused'));
      client.on('close', () => {
        manual.dropAll('the connection closed before the answer was sent');
        approvals.connectionClosed();
      });
    },
    [manual, approvals],
  );
  const save = useCallback(
    (next: readonly EditableTool[]) => {
      const state = current.current;
      state.tools = [...next];
      setTools(state.tools);
      storeTools(state);
      if (state.client) state.registered = applyTools(state.client, state.tools, state.registered, state.builtIns, manual);
    },
    [manual],
  );
  const saveServers = useCallback((next: readonly EditableMcpServer[]) => {
    const state = current.current;
    state.servers = [...next];
    setServers(state.servers);
    storeTools(state);
    if (state.client) applyServers(state.client, state.servers);
  }, []);
  return { tools, servers, manual, approvals, save, saveServers, register };
}

// The edited tools, kept in localStorage and put on the current client (before it connects, and
// again whenever they are saved), and the calls waiting for an answer by hand.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { RealtimeClient } from '../../lib/realtime';
import { ManualCallStore } from './manualCalls';
import { applyTools, type BuiltInHandlers } from './toolRegistry';
import { DEFAULT_TOOLS, parseToolsFile, type EditableTool } from './toolModel';

export const TOOLS_KEY = 'realtime-console.tools';

function loadTools(): EditableTool[] {
  try {
    const stored = localStorage.getItem(TOOLS_KEY);
    if (stored === null) return [...DEFAULT_TOOLS];
    const parsed = parseToolsFile(stored);
    return 'tools' in parsed ? parsed.tools : [...DEFAULT_TOOLS];
  } catch {
    return [...DEFAULT_TOOLS];
  }
}

function storeTools(tools: readonly EditableTool[]): void {
  try {
    localStorage.setItem(TOOLS_KEY, JSON.stringify({ tools }));
  } catch {
    // storage refused: the tools hold for this page
  }
}

export interface ToolEditor {
  tools: readonly EditableTool[];
  manual: ManualCallStore;
  save(tools: readonly EditableTool[]): void;
  /** Registers the tools on a new client (the page's setup calls it). */
  register(client: RealtimeClient): void;
}

export function useToolEditor(builtIns: BuiltInHandlers): ToolEditor {
  const [tools, setTools] = useState<EditableTool[]>(loadTools);
  const manual = useMemo(() => new ManualCallStore(), []);
  const current = useRef({ tools, client: null as RealtimeClient | null, registered: [] as string[], builtIns });
  current.current.builtIns = builtIns;

  const register = useCallback(
    (client: RealtimeClient) => {
      const state = current.current;
      state.client = client;
      state.registered = applyTools(client, state.tools, [], state.builtIns, manual);
      client.on('close', () => manual.dropAll('the connection closed before the answer was sent'));
    },
    [manual],
  );
  const save = useCallback(
    (next: readonly EditableTool[]) => {
      const state = current.current;
      state.tools = [...next];
      setTools(state.tools);
      storeTools(state.tools);
      if (state.client) state.registered = applyTools(state.client, state.tools, state.registered, state.builtIns, manual);
    },
    [manual],
  );
  return { tools, manual, save, register };
}

// The tools panels' state for the page: one ToolPanelsStore for the page's lifetime, followed to
// each new client (the store does the work; this subscribes and cleans up).
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { RealtimeClient } from '../../lib/realtime';
import { ToolPanelsStore, type ToolPanelsState } from '../../components/tools/toolPanelsStore';

export interface ToolPanels extends ToolPanelsState {
  /** Follows a new client's tool events; the panels empty on its `session.created`, not before. */
  follow(client: RealtimeClient): void;
}

export function useToolPanels(): ToolPanels {
  const [store] = useState(() => new ToolPanelsStore());
  useEffect(() => () => store.stop(), [store]);
  const state = useSyncExternalStore(
    useCallback((listener: () => void) => store.subscribe(listener), [store]),
    () => store.snapshot(),
  );
  const follow = useCallback((client: RealtimeClient) => store.follow(client), [store]);
  return { ...state, follow };
}

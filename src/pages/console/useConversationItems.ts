// The conversation's items for rendering. Deltas arrive dozens of times a second and mutate
// items in place, so the list is re-read at most once per animation frame.
import { useCallback, useEffect, useState } from 'react';
import type { ItemState, RealtimeClient } from '../../lib/realtime';

export interface ConversationItems {
  items: readonly ItemState[];
  /** Changes whenever an item changed in place. */
  version: number;
}

export interface ConversationItemsState extends ConversationItems {
  /** Drops an item from the view only (after a disconnect there is no server to ask). */
  removeLocally(id: string): void;
}

const EMPTY: ConversationItems = { items: [], version: 0 };

export function useConversationItems(client: RealtimeClient | null): ConversationItemsState {
  const [state, setState] = useState<ConversationItems>(EMPTY);

  useEffect(() => {
    if (!client) return undefined;
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      setState((previous) => ({ items: client.conversation.getItems().slice(), version: previous.version + 1 }));
    };
    const schedule = () => {
      if (frame === null) frame = requestAnimationFrame(flush);
    };
    const unsubscribe = [
      client.on('conversation.updated', schedule),
      client.on('conversation.item.appended', schedule),
      client.on('conversation.item.completed', schedule),
      client.on('conversation.item.deleted', schedule),
    ];
    flush();
    return () => {
      unsubscribe.forEach((off) => off());
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [client]);

  const removeLocally = useCallback((id: string) => {
    setState((previous) => ({ items: previous.items.filter((item) => item.id !== id), version: previous.version + 1 }));
  }, []);

  return { ...state, removeLocally };
}

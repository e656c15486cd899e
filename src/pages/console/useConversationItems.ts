// The conversation's items for rendering. Deltas arrive dozens of times a second and mutate
// items in place, so the list is re-read at most once per animation frame. The list shown is
// the last session's until a new session is created (a failed Connect wipes nothing).
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
      // A new session starts with an empty conversation: only then is the last one replaced.
      client.on('session.created', schedule),
    ];
    // A client that has no session yet (Connect under way, or refused) leaves the last
    // conversation, and its audio, on screen.
    if (client.conversation.getItems().length > 0) flush();
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

// The conversation's items for rendering. Deltas arrive dozens of times a second and mutate
// items in place, so the list is re-read at most once per animation frame.
import { useEffect, useState } from 'react';
import type { ItemState, RealtimeClient } from '../../lib/realtime';

export interface ConversationItems {
  items: readonly ItemState[];
  /** Changes whenever an item changed in place. */
  version: number;
}

const EMPTY: ConversationItems = { items: [], version: 0 };

export function useConversationItems(client: RealtimeClient | null): ConversationItems {
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

  return state;
}

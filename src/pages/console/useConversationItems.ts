// The conversation's items for rendering. Deltas arrive dozens of times a second and mutate
// items in place, so the list is re-read at most once per animation frame. The list shown is
// the last session's until a new session is created (a failed Connect wipes nothing). A session
// that received the conversation so far (Reconnect with history) shows those items once, as they
// were lived (audio and all), with the seam after them.
import { useCallback, useEffect, useState } from 'react';
import type { ItemState, RealtimeClient } from '../../lib/realtime';
import type { ConversationSeam } from '../../components/conversation/types';

export interface ConversationItems {
  items: readonly ItemState[];
  /** Changes whenever an item changed in place. */
  version: number;
  /** Where the carried conversation ends and this session begins, when it received one. */
  seam: ConversationSeam | null;
}

export interface ConversationItemsState extends ConversationItems {
  /** Drops an item from the view only (after a disconnect there is no server to ask). */
  removeLocally(id: string): void;
}

const EMPTY: ConversationItems = { items: [], version: 0, seam: null };

/**
 * The session's items, each carried one shown as the item it came from, and the seam. Carried
 * items the server has not confirmed yet are shown already (in their place, first), so the list
 * does not empty and refill; `arrived` remembers the confirmed ones, so a deleted one stays gone.
 */
function itemsOf(client: RealtimeClient, arrived: Set<string>): Pick<ConversationItems, 'items' | 'seam'> {
  const items = client.conversation.getItems();
  const carry = client.historyCarry;
  if (!carry) return { items, seam: null };
  // Only where the id is the same: the panel deletes an item by the id it shows.
  const sources = new Map(carry.items.filter((carried) => carried.id === carried.sourceId).map((carried) => [carried.id, carried.source]));
  for (const item of items) if (sources.has(item.id)) arrived.add(item.id);
  const present = new Set(items.map((item) => item.id));
  const pending = carry.items.filter((carried) => sources.has(carried.id) && !present.has(carried.id) && !arrived.has(carried.id)).map((carried) => carried.source);
  const last = carry.items[carry.items.length - 1];
  return {
    items: [...pending, ...items.map((item) => sources.get(item.id) ?? item)],
    seam: { afterItemId: last ? last.id : null, carried: carry.items.length, leftOut: carry.skipped.length },
  };
}

export function useConversationItems(client: RealtimeClient | null): ConversationItemsState {
  const [state, setState] = useState<ConversationItems>(EMPTY);

  useEffect(() => {
    if (!client) return undefined;
    let frame: number | null = null;
    const arrived = new Set<string>();
    const flush = () => {
      frame = null;
      setState((previous) => ({ ...itemsOf(client, arrived), version: previous.version + 1 }));
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
      client.on('history.carried', schedule),
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
    setState((previous) => ({ ...previous, items: previous.items.filter((item) => item.id !== id), version: previous.version + 1 }));
  }, []);

  return { ...state, removeLocally };
}

// The output of out-of-band responses (`conversation: "none"`), kept apart from the
// conversation: the server adds none of their items to it (no `conversation.item.added`), so
// neither must the client. Each response gets its own small conversation state machine, which
// builds its items from the same streamed events. Bounded: the oldest are dropped.
import type { ConversationChange, RealtimeConversation } from './conversation';
import type { ItemState } from './item-state';
import type { ResponseState, ResponseTracker } from './response-tracker';
import type { IncomingEvent } from './transport-types';

export interface OutOfBandResponse {
  response: ResponseState;
  /** Its output items (text, audio, function calls...), never in `client.conversation`. */
  items: ItemState[];
}

export const DEFAULT_MAX_OUT_OF_BAND_RESPONSES = 32;

function responseIdOf(event: IncomingEvent): string | undefined {
  const e = event as { response_id?: unknown; response?: { id?: unknown } };
  if (typeof e.response_id === 'string') return e.response_id;
  if ((event.type === 'response.created' || event.type === 'response.done') && typeof e.response?.id === 'string') return e.response.id;
  return undefined;
}

function itemIdOf(event: IncomingEvent): string | undefined {
  const e = event as { item_id?: unknown };
  return typeof e.item_id === 'string' ? e.item_id : undefined;
}

export class OutOfBandResponses {
  private readonly byResponse = new Map<string, { response: ResponseState; conversation: RealtimeConversation }>();
  /** Item id → response id, for events that name only the item (`response.mcp_call.*`). */
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly newConversation: () => RealtimeConversation,
    private readonly max = DEFAULT_MAX_OUT_OF_BAND_RESPONSES,
  ) {}

  /** The out-of-band response an event belongs to, if any. */
  ownerOf(event: IncomingEvent, responses: ResponseTracker): string | null {
    const responseId = responseIdOf(event);
    if (responseId !== undefined) return responses.isOutOfBand(responseId) ? responseId : null;
    const itemId = itemIdOf(event);
    return itemId !== undefined ? this.owners.get(itemId) ?? null : null;
  }

  /** Applies an event that `ownerOf` gave to this out-of-band response. */
  processEvent(response: ResponseState, event: IncomingEvent): ConversationChange[] {
    let entry = this.byResponse.get(response.id);
    if (!entry) {
      this.byResponse.set(response.id, (entry = { response, conversation: this.newConversation() }));
      this.evict();
    }
    const changes = entry.conversation.processEvent(event);
    for (const change of changes) this.owners.set(change.item.id, response.id);
    return changes;
  }

  get(responseId: string): OutOfBandResponse | undefined {
    const entry = this.byResponse.get(responseId);
    return entry && { response: entry.response, items: entry.conversation.getItems() };
  }

  /** Oldest first. */
  list(): OutOfBandResponse[] {
    return Array.from(this.byResponse.values(), (e) => ({ response: e.response, items: e.conversation.getItems() }));
  }

  clear(): void {
    this.byResponse.clear();
    this.owners.clear();
  }

  private evict(): void {
    while (this.byResponse.size > this.max) {
      const oldest = this.byResponse.keys().next().value as string;
      this.byResponse.delete(oldest);
      for (const [itemId, owner] of this.owners) if (owner === oldest) this.owners.delete(itemId);
    }
  }
}

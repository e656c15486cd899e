// The conversation as the server keeps it: ordered items, each with its audio when it has some.
import type { ConversationItem } from 'openai/resources/realtime/realtime';

export interface StoredItem {
  item: ConversationItem & { id: string };
  /** PCM16 samples at 24 kHz of the item's audio content (user input audio or assistant speech). */
  audio?: Int16Array;
  /**
   * Set by `conversation.item.truncate`. An item truncated while its response still streams
   * keeps the cut: later deltas go to the client but not into the item (see truncate).
   */
  truncated?: boolean;
}

export interface StoreError {
  code: string;
  message: string;
  param: string | null;
}

export const SAMPLES_PER_MS = 24;

export class ConversationStore {
  private readonly items: StoredItem[] = [];

  list(): readonly StoredItem[] {
    return this.items;
  }

  get(id: string): StoredItem | undefined {
    return this.items.find((s) => s.item.id === id);
  }

  lastId(): string | null {
    return this.items.length ? this.items[this.items.length - 1].item.id : null;
  }

  /**
   * Adds an item after `previousItemId` (`root` = first, absent = last). Returns the id of the
   * item now before it.
   */
  insert(stored: StoredItem, previousItemId?: string | null): { previousItemId: string | null } | { error: StoreError } {
    if (this.get(stored.item.id)) {
      return {
        error: {
          code: 'item_create_invalid_item_id',
          message: `Item with id '${stored.item.id}' already exists.`,
          param: 'item.id',
        },
      };
    }
    if (previousItemId === undefined || previousItemId === null) {
      const previous = this.lastId();
      this.items.push(stored);
      return { previousItemId: previous };
    }
    if (previousItemId === 'root') {
      this.items.unshift(stored);
      return { previousItemId: null };
    }
    const index = this.items.findIndex((s) => s.item.id === previousItemId);
    if (index < 0) {
      return {
        error: {
          code: 'item_create_invalid_previous_item_id',
          message: `Error adding item: the previous item with id '${previousItemId}' does not exist.`,
          param: 'previous_item_id',
        },
      };
    }
    this.items.splice(index + 1, 0, stored);
    return { previousItemId };
  }

  delete(id: string): StoreError | null {
    const index = this.items.findIndex((s) => s.item.id === id);
    if (index < 0) {
      return {
        code: 'item_delete_invalid_item_id',
        message: `Error deleting item: the item with id '${id}' does not exist.`,
        param: 'item_id',
      };
    }
    this.items.splice(index, 1);
    return null;
  }

  retrieveError(id: string): StoreError {
    return {
      code: 'item_retrieve_invalid_item_id',
      message: `Error retrieving item: the item with id '${id}' does not exist.`,
      param: 'item_id',
    };
  }

  /**
   * Cuts an assistant item's audio at `audioEndMs`; its transcript is dropped, as on the real API.
   * The cut holds even when the item is still streaming: truncation exists so that "there is not
   * text in the context that hasn't been heard by the user" (ConversationItemTruncateEvent,
   * openai/resources/realtime/realtime.d.ts), and speech generated after it is, by the client's
   * word, unheard too. The docs do not say what becomes of the response itself: it goes on (only
   * `response.cancel` stops one), its deltas reach the client, and the item stays cut.
   */
  truncate(id: string, contentIndex: number, audioEndMs: number): StoreError | null {
    const stored = this.get(id);
    if (!stored) {
      return {
        code: 'item_truncate_invalid_item_id',
        message: `Error truncating item: the item with id '${id}' does not exist.`,
        param: 'item_id',
      };
    }
    const item = stored.item;
    const part = item.type === 'message' && item.role === 'assistant' ? item.content[contentIndex] : undefined;
    if (!part || part.type !== 'output_audio' || !stored.audio || stored.audio.length === 0) {
      return { code: 'unsupported_content_type', message: 'Only model output audio messages can be truncated', param: null };
    }
    const durationMs = Math.floor(stored.audio.length / SAMPLES_PER_MS);
    if (audioEndMs > durationMs) {
      return {
        code: 'invalid_value',
        message: `Audio content of ${durationMs}ms is already shorter than ${audioEndMs}ms`,
        param: 'audio_end_ms',
      };
    }
    stored.audio = stored.audio.slice(0, audioEndMs * SAMPLES_PER_MS);
    stored.truncated = true;
    delete part.transcript;
    return null;
  }
}

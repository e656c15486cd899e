// What `RealtimeConversation.processEvent` reports: the item that changed, what streamed into it,
// and whether it was new, completed or deleted; and a barge-in's start.
import type { ItemState } from './item-state';

export interface ConversationDelta {
  text?: string;
  transcript?: string;
  /** PCM16 at the conversation's rate (24 kHz), whatever the output format. */
  audio?: Int16Array;
  /** The output audio bytes as received, in the session's output format (e.g. for a phone bridge). */
  audioBytes?: Uint8Array;
  arguments?: string;
}

export interface ConversationChange {
  item: ItemState;
  delta: ConversationDelta | null;
  /** The item was seen for the first time. */
  appended?: boolean;
  /** The item reached `completed` or `incomplete` (reported once per item). */
  completed?: boolean;
  deleted?: boolean;
}

/** The user barged in: where their speech started, and the item it becomes. */
export interface ConversationInterruption {
  audioStartMs: number;
  itemId: string;
}

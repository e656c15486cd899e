// Updates that arrive before their item: a transcript that completes, or the VAD's timing, before
// `conversation.item.added`. They wait in a bounded map (oldest dropped first) and are applied
// when the item is inserted.
import type { InputTranscription } from './input-transcription';
import type { ConversationItemState } from './item-state';

/** Updates that arrived before their item. */
export interface PendingUpdates {
  transcript: string;
  transcriptFinal?: boolean;
  transcriptionError?: string;
  speech?: { audioStartMs?: number; audioEndMs?: number };
  inputAudio?: Int16Array;
  transcription?: InputTranscription;
  idleTimeout?: boolean;
}

export class EarlyUpdates {
  private readonly pending = new Map<string, PendingUpdates>();

  /** `maxItems`: how many unknown items may have updates waiting. */
  constructor(private readonly maxItems: number) {}

  get size(): number {
    return this.pending.size;
  }

  /** The updates waiting for `itemId`, made empty when there are none yet. */
  for(itemId: string): PendingUpdates {
    let entry = this.pending.get(itemId);
    if (!entry) {
      entry = { transcript: '' };
      this.pending.set(itemId, entry);
      while (this.pending.size > this.maxItems) {
        const oldest = this.pending.keys().next().value as string;
        this.pending.delete(oldest);
      }
    }
    return entry;
  }

  /** Applies and forgets what waited for the item just inserted. */
  applyTo(state: ConversationItemState): void {
    const early = this.pending.get(state.id);
    if (!early) return;
    this.pending.delete(state.id);
    if (early.transcript) state.formatted.transcript = early.transcript;
    if (early.transcriptFinal) state.transcriptFinal = true;
    if (early.transcriptionError) state.transcriptionError = early.transcriptionError;
    if (early.speech) state.speech = { ...early.speech };
    if (early.inputAudio) state.appendAudio(early.inputAudio);
    if (early.transcription) state.transcription = early.transcription;
    if (early.idleTimeout) state.idleTimeout = true;
  }

  delete(itemId: string): void {
    this.pending.delete(itemId);
  }

  clear(): void {
    this.pending.clear();
  }
}

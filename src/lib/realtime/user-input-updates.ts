// The user's side of an item: the input transcription (deltas, completion, failure, details), the
// VAD's speech timing, the idle timeout's mark and the user's own audio. Each applies to the item
// when it is known, or waits in `EarlyUpdates` until the item arrives (a transcript may complete
// before `conversation.item.added`).
import type { ServerEvent } from '../protocol/protocol-types';
import type { ConversationChange, ConversationDelta } from './conversation-changes';
import type { EarlyUpdates } from './early-updates';
import { emptyTranscription, type InputTranscription } from './input-transcription';
import type { ConversationItemState } from './item-state';

type TimeoutTriggered = Extract<ServerEvent, { type: 'input_audio_buffer.timeout_triggered' }>;

export class UserInputUpdates {
  constructor(
    private readonly lookup: (itemId: string) => ConversationItemState | undefined,
    private readonly pending: EarlyUpdates,
    /** The conversation's change report for an item (it marks the completion once). */
    private readonly change: (state: ConversationItemState, delta: ConversationDelta | null) => ConversationChange,
  ) {}

  /** The user's own input audio for an item (known now or later). */
  inputAudio(itemId: string, samples: Int16Array): ConversationChange[] {
    const state = this.lookup(itemId);
    if (!state) {
      this.pending.for(itemId).inputAudio = samples;
      return [];
    }
    state.truncateAudio(0);
    state.appendAudio(samples);
    return [{ item: state, delta: { audio: samples } }];
  }

  transcriptionDelta(itemId: string, delta: string): ConversationChange[] {
    const state = this.lookup(itemId);
    if (!state) {
      const early = this.pending.for(itemId);
      if (!early.transcriptFinal) early.transcript += delta;
      return [];
    }
    if (state.transcriptFinal) return [];
    state.formatted.transcript += delta;
    return [this.change(state, { transcript: delta })];
  }

  transcriptionCompleted(itemId: string, transcript: string): ConversationChange[] {
    const state = this.lookup(itemId);
    if (!state) {
      const early = this.pending.for(itemId);
      early.transcript = transcript;
      early.transcriptFinal = true;
      return [];
    }
    // The completed transcript is authoritative; deltas may have been partial.
    const streamed = state.formatted.transcript;
    state.formatted.transcript = transcript;
    state.transcriptFinal = true;
    const rest = transcript.startsWith(streamed) ? transcript.slice(streamed.length) : transcript;
    return [this.change(state, rest ? { transcript: rest } : null)];
  }

  transcriptionFailed(itemId: string, message: string): ConversationChange[] {
    const state = this.lookup(itemId);
    if (!state) {
      this.pending.for(itemId).transcriptionError = message;
      return [];
    }
    state.transcriptionError = message;
    return [this.change(state, null)];
  }

  /** Applies transcription details to the item, or holds them until it arrives. */
  transcriptionDetails(itemId: string, apply: (t: InputTranscription) => void): ConversationChange[] {
    const state = this.lookup(itemId);
    const holder: { transcription?: InputTranscription } = state ?? this.pending.for(itemId);
    holder.transcription ??= emptyTranscription();
    apply(holder.transcription);
    return state ? [this.change(state, null)] : [];
  }

  /** The server VAD's idle timeout commits the silence in `[audio_start_ms, audio_end_ms]` as a user item. */
  idleTimeout(event: TimeoutTriggered): ConversationChange[] {
    (this.lookup(event.item_id) ?? this.pending.for(event.item_id)).idleTimeout = true;
    return this.speech(event.item_id, { audioStartMs: event.audio_start_ms, audioEndMs: event.audio_end_ms });
  }

  speech(itemId: string, timing: { audioStartMs?: number; audioEndMs?: number }): ConversationChange[] {
    const state = this.lookup(itemId);
    if (!state) {
      const early = this.pending.for(itemId);
      early.speech = { ...early.speech, ...timing };
      return [];
    }
    state.speech = { ...state.speech, ...timing };
    return [this.change(state, null)];
  }
}

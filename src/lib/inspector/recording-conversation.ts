// The conversation of a Realtime recording, rebuilt by the client's own state machine from the
// server events, with the user's audio attached at each commit as the client does. Pure (no DOM):
// the page's worker runs it on a big recording, and tests run it in Node. It also notes where a
// "Reconnect with history" carried the conversation into a new session (the seams).
import { base64ToBytes, concatInt16 } from '../audio-codec/pcm';
import { decodeAudio } from '../audio-codec/audio-codec';
import type { AudioFormat } from '../audio-codec/audio-format';
import { RealtimeConversation } from '../realtime/conversation';
import type { ItemState } from '../realtime/item-state';
import type { IncomingEvent } from '../realtime/transport-types';
import { CONSOLE_SOURCE, HISTORY_CARRIED_TYPE } from './console-records';
import { eventFields, objectField, stringField } from './records';
import type { OpenedRecord } from './session-file';

/** Where a carried conversation ends in a recording: after this item (null: at the top). */
export interface RecordedSeam {
  afterItemId: string | null;
  carried: number;
  leftOut: number;
}

export class RecordingConversation {
  private formats: { input?: AudioFormat; output?: AudioFormat } = {};
  private readonly conversation = new RealtimeConversation({}, { input: () => this.formats.input, output: () => this.formats.output });
  private pendingInput: Int16Array[] = [];
  readonly seams: RecordedSeam[] = [];

  add(record: OpenedRecord): void {
    if (record.malformed) return;
    const event = eventFields(record.event);
    if (!event) return;
    // The console's own records (console-records.ts) are no protocol event: the conversation
    // skips them, except the seam, which says where the items so far end.
    if (record.source === CONSOLE_SOURCE) {
      if (event.type === HISTORY_CARRIED_TYPE) this.seams.push(this.seamAt(event));
      return;
    }
    if (record.source === 'client') {
      if (event.type === 'input_audio_buffer.append') {
        try {
          this.pendingInput.push(decodeAudio(base64ToBytes(stringField(event, 'audio') ?? ''), this.formats.input));
        } catch {
          // a garbled chunk: the item's player goes without it
        }
      } else if (event.type === 'input_audio_buffer.clear') this.pendingInput = [];
      return;
    }
    if (event.type === 'session.created' || event.type === 'session.updated') {
      const audio = objectField(objectField(event, 'session'), 'audio');
      this.formats = {
        input: (objectField(objectField(audio, 'input'), 'format') as AudioFormat | undefined) ?? this.formats.input,
        output: (objectField(objectField(audio, 'output'), 'format') as AudioFormat | undefined) ?? this.formats.output,
      };
    }
    try {
      this.conversation.processEvent(event as IncomingEvent);
    } catch {
      // The state machine refuses what it cannot apply; the log still shows the event.
    }
    const committed = event.type === 'input_audio_buffer.committed' ? stringField(event, 'item_id') : undefined;
    if (committed && this.pendingInput.length > 0) {
      this.conversation.setInputAudio(committed, concatInt16(this.pendingInput));
      this.pendingInput = [];
    }
  }

  items(): ItemState[] {
    return this.conversation.getItems();
  }

  /** The seam sits after the last item there when the history was carried: later ones are the new session's. */
  private seamAt(event: Record<string, unknown>): RecordedSeam {
    const items = this.conversation.getItems();
    const skipped = objectField(event, 'skipped') ?? {};
    const leftOut = Object.values(skipped).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
    return { afterItemId: items.length > 0 ? items[items.length - 1].id : null, carried: typeof event.items === 'number' ? event.items : 0, leftOut };
  }
}

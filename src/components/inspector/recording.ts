// An opened recording, rebuilt offline: its event log, the conversation as the client's own
// state machine makes it from the server events (with the user's audio attached at each commit,
// as the client does) and the inspector's figures. The stereo WAV is built by the view, later.
import { EventLogStore } from '../event-log/eventLogStore';
import { InspectorStore } from '../../lib/inspector/inspector-store';
import { eventFields, objectField, stringField } from '../../lib/inspector/records';
import type { OpenedSession } from '../../lib/inspector/session-file';
import { base64ToBytes, concatInt16 } from '../../lib/audio-codec/pcm';
import { decodeAudio } from '../../lib/audio-codec/audio-codec';
import type { AudioFormat } from '../../lib/audio-codec/audio-format';
import { RealtimeConversation, type ItemState } from '../../lib/realtime';
import type { IncomingEvent } from '../../lib/realtime/transport-types';
import type { LiveWireState } from '../../lib/live/live-wire-state';
import { loadLiveRecording } from '../live/liveRecording';

export interface Recording {
  opened: OpenedSession;
  log: EventLogStore;
  inspector: InspectorStore;
  items: ItemState[];
  /** A GPT-Live recording's timeline, delegations, ledger and usage (null: Realtime). */
  live: LiveWireState | null;
}

export function loadRecording(opened: OpenedSession): Recording {
  if (opened.protocol === 'live') return { opened, ...loadLiveRecording(opened), inspector: new InspectorStore(), items: [] };
  const log = new EventLogStore();
  const inspector = new InspectorStore();
  let formats: { input?: AudioFormat; output?: AudioFormat } = {};
  const conversation = new RealtimeConversation({}, { input: () => formats.input, output: () => formats.output });
  let pendingInput: Int16Array[] = [];
  log.startConnection();
  for (const record of opened.records) {
    if (record.malformed) {
      log.appendMalformed(record.malformed, { time: record.time, source: record.source });
      continue;
    }
    log.append({ time: record.time, source: record.source, event: record.event });
    const event = eventFields(record.event);
    // The console's own records (console-records.ts) are no protocol event: the log and the
    // inspector read them, the conversation does not.
    if (!event || record.source === 'console') continue;
    if (record.source === 'client') {
      if (event.type === 'input_audio_buffer.append') {
        try {
          pendingInput.push(decodeAudio(base64ToBytes(stringField(event, 'audio') ?? ''), formats.input));
        } catch {
          // a garbled chunk: the item's player goes without it
        }
      } else if (event.type === 'input_audio_buffer.clear') pendingInput = [];
      continue;
    }
    if (event.type === 'session.created' || event.type === 'session.updated') {
      const audio = objectField(objectField(event, 'session'), 'audio');
      formats = {
        input: (objectField(objectField(audio, 'input'), 'format') as AudioFormat | undefined) ?? formats.input,
        output: (objectField(objectField(audio, 'output'), 'format') as AudioFormat | undefined) ?? formats.output,
      };
    }
    try {
      conversation.processEvent(event as IncomingEvent);
    } catch {
      // The state machine refuses what it cannot apply; the log still shows the event.
    }
    const committed = event.type === 'input_audio_buffer.committed' ? stringField(event, 'item_id') : undefined;
    if (committed && pendingInput.length > 0) {
      conversation.setInputAudio(committed, concatInt16(pendingInput));
      pendingInput = [];
    }
  }
  inspector.appendAll(opened.records);
  return { opened, log, inspector, items: conversation.getItems(), live: null };
}

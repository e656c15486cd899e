// An opened recording, rebuilt offline: its event log, the conversation as the client's own
// state machine makes it from the server events (recording-conversation.ts), the inspector's
// figures, and the stereo WAV. The page opens a file through a worker (openRecording.ts), which
// sends the lines for the log a batch at a time (RecordingBuilder) and the rebuilt items;
// loadRecording does the same in one go on this thread (tests, and pages without workers).
import { EventLogStore } from '../event-log/eventLogStore';
import { InspectorStore } from '../../lib/inspector/inspector-store';
import type { OpenedRecord, OpenedSession } from '../../lib/inspector/session-file';
import { sessionAudio } from '../../lib/inspector/session-audio';
import { RecordingConversation, type RecordedSeam } from '../../lib/inspector/recording-conversation';
import { itemData, itemView } from '../../lib/inspector/recorded-items';
import { wavBlob } from '../../lib/inspector/recording-reader';
import type { ItemState } from '../../lib/realtime';
import type { LiveWireState } from '../../lib/live/live-wire-state';
import { LiveRecordingBuilder } from '../live/liveRecording';

/** What the view shows of the file: all but its WAV, which comes by `audio()`. */
export type RecordingHead = Omit<OpenedSession, 'wav'>;

export interface Recording {
  opened: RecordingHead;
  log: EventLogStore;
  inspector: InspectorStore;
  items: ItemState[];
  /** Where "Reconnect with history" carried the conversation into a new session. */
  seams: RecordedSeam[];
  /** A GPT-Live recording's timeline, delegations, ledger and usage (null: Realtime). */
  live: LiveWireState | null;
  /** The stereo WAV (you left, the model right), built after the first paint; null: no audio. */
  audio(): Promise<Blob | null>;
}

/** The log and figures of a recording, fed its records in order, a batch at a time. */
export interface RecordsSink {
  add(records: readonly OpenedRecord[]): void;
  readonly log: EventLogStore;
  readonly inspector: InspectorStore;
  readonly live: LiveWireState | null;
}

class RealtimeRecordsSink implements RecordsSink {
  readonly log = new EventLogStore();
  readonly inspector = new InspectorStore();
  readonly live = null;

  constructor() {
    this.log.startConnection();
  }

  add(records: readonly OpenedRecord[]): void {
    for (const record of records) {
      if (record.malformed) this.log.appendMalformed(record.malformed, { time: record.time, source: record.source });
      else this.log.append({ time: record.time, source: record.source, event: record.event });
    }
    this.inspector.appendAll(records);
  }
}

class LiveRecordsSink implements RecordsSink {
  private readonly builder: LiveRecordingBuilder;
  readonly inspector = new InspectorStore();

  constructor(firstTime: number) {
    this.builder = new LiveRecordingBuilder(firstTime);
  }
  get log(): EventLogStore {
    return this.builder.log;
  }
  get live(): LiveWireState {
    return this.builder.live;
  }
  add(records: readonly OpenedRecord[]): void {
    for (const record of records) this.builder.add(record);
  }
}

export function recordsSink(protocol: OpenedSession['protocol'], firstTime: number): RecordsSink {
  return protocol === 'live' ? new LiveRecordsSink(firstTime) : new RealtimeRecordsSink();
}

/** After the first paint: the WAV takes seconds to build from a long recording's events. */
const AUDIO_AFTER_MS = 50;

/** The whole recording at once, on this thread. */
export function loadRecording(opened: OpenedSession): Recording {
  const { wav, ...head } = opened;
  const sink = recordsSink(opened.protocol, opened.records[0]?.time ?? 0);
  sink.add(opened.records);
  const conversation = new RecordingConversation();
  if (opened.protocol === 'realtime') for (const record of opened.records) conversation.add(record);
  let audio: Promise<Blob | null> | null = null;
  return {
    opened: head,
    log: sink.log,
    inspector: sink.inspector,
    live: sink.live,
    items: conversation.items().map((item) => itemView(itemData(item))),
    seams: conversation.seams,
    audio: () =>
      (audio ??= new Promise((resolve) =>
        setTimeout(() => {
          const bytes = wav ?? sessionAudio(opened.records)?.wav ?? null;
          resolve(bytes ? wavBlob(bytes) : null);
        }, AUDIO_AFTER_MS),
      )),
  };
}

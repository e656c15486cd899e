// The player's "first sample of an item played" notices become the console's own '(audible)'
// records, appended to the event log and the inspector like the wire's events, so the Latency
// panel's audible step is read from the log alone: live, and from an exported log opened again.
import type { AudibleNotice } from '../../lib/wavtools/wav-stream-player';
import { audibleRecord } from '../../lib/inspector/console-records';
import type { InspectorRecord } from '../../lib/inspector/records';
import type { ConversationAudioObserver } from './conversationAudioTypes';

export interface RecordSink {
  append(record: InspectorRecord): unknown;
}

/** `observer` (the e2e page's test hooks, or null) with its audible notices also recorded in every sink. */
export function withAudibleMarks(observer: ConversationAudioObserver | null, sinks: readonly RecordSink[]): ConversationAudioObserver {
  return {
    interrupted: observer?.interrupted && ((heard) => observer.interrupted?.(heard)),
    playback: observer?.playback && ((notice) => observer.playback?.(notice)),
    audible: (notice: AudibleNotice) => {
      const record = audibleRecord(notice);
      for (const sink of sinks) sink.append(record);
      observer?.audible?.(notice);
    },
  };
}

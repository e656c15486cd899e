// How much the event log keeps. Without a bound it grew for as long as the page stayed open,
// across connections (issue 14, item 8): a 60-minute VAD session streams the microphone both
// ways' worth of base64 audio (≈64 kB of text a second each way at 24 kHz PCM16) into the log, so
// audio, not the event count, is what fills the heap. Both limits are named options of
// `EventLogStore`; past either one the oldest rows are dropped, whole (a group with all its
// events), and the log says how many events went.
import { AUDIO_DELTA_SUFFIX, audioBytesOf, base64ByteLength } from './eventPayload';
import { INPUT_AUDIO_APPEND, isDeltaType } from './eventLogTypes';

/**
 * Default `maxEntries`. A 60-minute VAD session with 30-100 ms microphone chunks logs ~55,000
 * appends and ~45,000 server events (audio and transcript deltas, speech and response events):
 * about 100,000 (bench/event-log-heap.bench.ts). Without their audio (which `maxAudioBytes`
 * bounds) those hold ~30 MB of parsed objects in V8, and search and export over 100,000 events
 * stay well under a second (bench/event-log.bench.ts), so an hour of events fits when audio allows.
 */
export const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * Default `maxAudioBytes`: decoded audio bytes held in events' base64 fields (the `audio` of
 * `input_audio_buffer.append` and of items' content, the `delta` of `*output_audio.delta`).
 * Audio is what fills the heap: base64 text is 4/3 of the PCM, and a VAD session streams the
 * microphone all the time while the model also speaks, ~257 MB of PCM an hour. 64 MiB ≈ 23
 * minutes of 24 kHz PCM16, so the last ~15 minutes of such a session (with every event of them)
 * stay inspectable and exportable. Measured after a simulated 60-minute VAD session
 * (bench/event-log-heap.bench.ts, Node 20): 92 MB of heap with the defaults, against 504 MB
 * before the log was bounded (373 MB of it with raw text no longer kept but no limits).
 */
export const DEFAULT_MAX_AUDIO_BYTES = 64 * 1024 * 1024;

/** A group stops taking events at this share of either limit, so dropping whole groups stays fine-grained. */
export const GROUP_SHARE_OF_LIMIT = 1 / 16;

/** Dropping frees this share of `maxEntries` at once (at least one row), so it runs once per many appends. */
export const DROP_SLACK = 1 / 100;

export interface EventLogLimits {
  maxEntries: number;
  maxAudioBytes: number;
}

/**
 * Audio bytes an event carries, cheap on the hot path: the two streamed audio types read one
 * field, other deltas carry none, and only the rare rest (items, `response.done`) are walked.
 */
export function eventAudioBytes(type: string, event: unknown): number {
  if (type === INPUT_AUDIO_APPEND || type.endsWith(AUDIO_DELTA_SUFFIX)) {
    const value = (event as Record<string, unknown>)[type === INPUT_AUDIO_APPEND ? 'audio' : 'delta'];
    return typeof value === 'string' ? base64ByteLength(value) : 0;
  }
  if (isDeltaType(type)) return 0;
  return audioBytesOf(event);
}

const formatLimitBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} kB` : `${bytes} B`;

/** "1,234 earlier events dropped (limit 100,000 events or 64 MB of audio)", shown in the log and in exports. */
export function droppedNotice(dropped: number, limits: EventLogLimits): string {
  const count = dropped.toLocaleString('en-US');
  return `${count} earlier event${dropped === 1 ? '' : 's'} dropped (limit ${limits.maxEntries.toLocaleString('en-US')} events or ${formatLimitBytes(limits.maxAudioBytes)} of audio)`;
}

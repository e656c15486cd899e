// Builds the export from the event log: the log's own JSONL (key redacted by the store), the
// session the server last confirmed and its tools (redacted the same way), and the stereo WAV.
// Without audio the export is the JSONL alone, as the event log's Export gives it.
import type { EventLogStore } from '../event-log';
import { makeRedactor } from '../event-log/eventPayload';
import { eventFields, objectField } from '../../lib/inspector/records';
import { sessionAudio, SESSION_AUDIO_RATE } from '../../lib/inspector/session-audio';
import { AUDIO_FILE, buildSessionZip, parseEventsJsonl, SESSION_FILE_FORMAT, SESSION_FILE_VERSION, type SessionManifest } from '../../lib/inspector/session-file';
import type { InspectorRecord } from '../../lib/inspector/records';

export interface SessionExport {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** The last session.created / session.updated the server sent. */
export function effectiveSession(records: readonly InspectorRecord[]): Record<string, unknown> | null {
  for (let index = records.length - 1; index >= 0; index--) {
    const record = records[index];
    const event = eventFields(record.event);
    if (record.source === 'server' && (event?.type === 'session.created' || event?.type === 'session.updated')) return objectField(event, 'session') ?? null;
  }
  return null;
}

const stamp = (now: Date) => now.toISOString().slice(0, 19).replace(/:/g, '-');

export function exportSession(log: EventLogStore, options: { apiKey?: string | null; audio: boolean; now?: Date }): SessionExport {
  const now = options.now ?? new Date();
  const jsonl = log.exportJsonl({ apiKey: options.apiKey }).join('');
  if (!options.audio) return { name: `realtime-session-${stamp(now)}.jsonl`, type: 'application/x-ndjson', bytes: new TextEncoder().encode(jsonl) };
  // Read back from the redacted JSONL, so nothing reaches the zip that the JSONL would not hold.
  const { records } = parseEventsJsonl(jsonl);
  const session = effectiveSession(records);
  const redact = makeRedactor(options.apiKey);
  const safe = (value: unknown): unknown => JSON.parse(redact(JSON.stringify(value ?? null)));
  const audio = sessionAudio(records);
  const manifest: SessionManifest = {
    format: SESSION_FILE_FORMAT,
    version: SESSION_FILE_VERSION,
    exportedAt: now.toISOString(),
    session: safe(session),
    tools: Array.isArray(session?.tools) ? (safe(session?.tools) as unknown[]) : [],
    audio: audio ? { file: AUDIO_FILE, sampleRate: SESSION_AUDIO_RATE, channels: { left: 'user', right: 'model' }, startTime: new Date(audio.startTime).toISOString() } : null,
  };
  return { name: `realtime-session-${stamp(now)}.zip`, type: 'application/zip', bytes: buildSessionZip({ jsonl, manifest, wav: audio?.wav ?? null }) };
}

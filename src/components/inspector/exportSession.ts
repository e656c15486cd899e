// Builds the export from the event log: the log's own JSONL (key redacted by the store), the
// session the server last confirmed and its tools (redacted the same way), and the stereo WAV.
// Without audio the export is the JSONL alone, as the event log's Export gives it.
import type { EventLogStore } from '../event-log';
import { makeRedactor } from '../event-log/eventPayload';
import { eventFields, objectField } from '../../lib/inspector/records';
import { sessionAudio, SESSION_AUDIO_RATE, type RecordedAudio } from '../../lib/inspector/session-audio';
import {
  AUDIO_FILE,
  buildSessionZip,
  LIVE_JSONL_HEADER,
  parseEventsJsonl,
  SESSION_FILE_FORMAT,
  SESSION_FILE_VERSION,
  type SessionManifest,
  type SessionProtocol,
} from '../../lib/inspector/session-file';
import type { InspectorRecord } from '../../lib/inspector/records';

export interface SessionExport {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** The last session.created (Live: session.started) / session.updated the server sent. */
export function effectiveSession(records: readonly InspectorRecord[]): Record<string, unknown> | null {
  for (let index = records.length - 1; index >= 0; index--) {
    const record = records[index];
    const event = eventFields(record.event);
    if (record.source === 'server' && (event?.type === 'session.created' || event?.type === 'session.started' || event?.type === 'session.updated')) return objectField(event, 'session') ?? null;
  }
  return null;
}

/** The session's tools: Realtime's `tools`, or Live's Responses delegation tools. */
function toolsOf(session: Record<string, unknown> | null): unknown[] {
  const tools = session?.tools ?? objectField(objectField(session, 'delegation'), 'responses')?.tools;
  return Array.isArray(tools) ? tools : [];
}

const stamp = (now: Date) => now.toISOString().slice(0, 19).replace(/:/g, '-');

/** `recorded`: what a WebRTC call's tracks held (its log has no audio bytes), placed in the WAV by time. */
export function exportSession(log: EventLogStore, options: { apiKey?: string | null; audio: boolean; now?: Date; protocol?: SessionProtocol; recorded?: RecordedAudio | null }): SessionExport {
  const now = options.now ?? new Date();
  const protocol = options.protocol ?? 'realtime';
  // A Live log says so on its first line, so the JSONL alone opens as Live.
  const header = protocol === 'live' ? `${JSON.stringify(LIVE_JSONL_HEADER)}\n` : '';
  const jsonl = header + log.exportJsonl({ apiKey: options.apiKey }).join('');
  const base = `${protocol}-session-${stamp(now)}`;
  if (!options.audio) return { name: `${base}.jsonl`, type: 'application/x-ndjson', bytes: new TextEncoder().encode(jsonl) };
  // Read back from the redacted JSONL, so nothing reaches the zip that the JSONL would not hold.
  const { records } = parseEventsJsonl(jsonl);
  const session = effectiveSession(records);
  const redact = makeRedactor(options.apiKey);
  const safe = (value: unknown): unknown => JSON.parse(redact(JSON.stringify(value ?? null)));
  const audio = sessionAudio(records, options.recorded);
  const manifest: SessionManifest = {
    format: SESSION_FILE_FORMAT,
    version: SESSION_FILE_VERSION,
    protocol,
    exportedAt: now.toISOString(),
    session: safe(session),
    tools: safe(toolsOf(session)) as unknown[],
    audio: audio ? { file: AUDIO_FILE, sampleRate: SESSION_AUDIO_RATE, channels: { left: 'user', right: 'model' }, startTime: new Date(audio.startTime).toISOString() } : null,
  };
  return { name: `${base}.zip`, type: 'application/zip', bytes: buildSessionZip({ jsonl, manifest, wav: audio?.wav ?? null }) };
}

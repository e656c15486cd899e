// The session file: a zip a person can open (events.jsonl, session.json, audio.wav), or the
// event log's JSONL alone. fflate writes and reads the zip (8 kB, no dependencies, and it also
// reads a zip a person re-saved with deflate, which a stored-only reader of our own would not).
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { InspectorRecord, RecordSource } from './records';

export const SESSION_FILE_FORMAT = 'realtime-console-session';
export const SESSION_FILE_VERSION = 1;
export const EVENTS_FILE = 'events.jsonl';
export const SESSION_FILE = 'session.json';
export const AUDIO_FILE = 'audio.wav';
/** Most problems listed when reading (the count says how many more). */
const MAX_PROBLEMS = 5;

export interface SessionManifest {
  format: typeof SESSION_FILE_FORMAT;
  version: number;
  exportedAt: string;
  /** The session the server last confirmed (session.created / session.updated), key redacted. */
  session: unknown;
  /** The tool definitions in that session. */
  tools: unknown[];
  audio: { file: string; sampleRate: number; channels: { left: 'user'; right: 'model' }; startTime: string } | null;
}

/** A record read back: an event, or a frame that was not JSON. */
export interface OpenedRecord extends InspectorRecord {
  malformed?: { raw: string; error: string };
}

export interface OpenedSession {
  name: string;
  records: OpenedRecord[];
  manifest: SessionManifest | null;
  wav: Uint8Array | null;
  /** The export's own first line, when the log had dropped events. */
  droppedNotice: string | null;
  /** Lines or entries that could not be read (at most MAX_PROBLEMS), and how many in all. */
  problems: string[];
  problemCount: number;
}

export function buildSessionZip(parts: { jsonl: string; manifest: SessionManifest; wav: Uint8Array | null }): Uint8Array {
  const files: Zippable = {
    [EVENTS_FILE]: strToU8(parts.jsonl),
    [SESSION_FILE]: strToU8(`${JSON.stringify(parts.manifest, null, 2)}\n`),
  };
  // WAV is stored as it is: PCM barely deflates, and storing keeps the export fast.
  if (parts.wav) files[AUDIO_FILE] = [parts.wav, { level: 0 }];
  return zipSync(files, { level: 6 });
}

const isZip = (bytes: Uint8Array): boolean => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function timeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

/** Reads the event log's JSONL (`{time, source, event}` per line, or `{…, malformed, raw}`). */
export function parseEventsJsonl(text: string): Pick<OpenedSession, 'records' | 'droppedNotice' | 'problems' | 'problemCount'> {
  const records: OpenedRecord[] = [];
  const problems: string[] = [];
  let problemCount = 0;
  let droppedNotice: string | null = null;
  const problem = (line: number, why: string) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(`line ${line}: ${why}`);
  };
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problem(index + 1, 'not JSON');
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem(index + 1, 'not a record');
      continue;
    }
    const fields = value as Record<string, unknown>;
    if (index === 0 && typeof fields.notice === 'string' && 'dropped' in fields) {
      droppedNotice = fields.notice;
      continue;
    }
    const time = timeOf(fields.time);
    const source = fields.source;
    if (time === null || (source !== 'client' && source !== 'server' && source !== 'console')) {
      problem(index + 1, 'no time or source');
      continue;
    }
    if (typeof fields.malformed === 'string') {
      records.push({ time, source: source as RecordSource, event: undefined, malformed: { raw: typeof fields.raw === 'string' ? fields.raw : '', error: fields.malformed } });
    } else if (fields.event !== undefined) {
      records.push({ time, source: source as RecordSource, event: fields.event });
    } else {
      problem(index + 1, 'no event');
    }
  }
  return { records, droppedNotice, problems, problemCount };
}

function parseManifest(text: string): SessionManifest | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const fields = value as Record<string, unknown>;
    if (fields.format !== SESSION_FILE_FORMAT) return null;
    return { ...(value as SessionManifest), tools: Array.isArray(fields.tools) ? fields.tools : [] };
  } catch {
    return null;
  }
}

/** Opens an exported session (zip) or a plain JSONL log. Never throws on bad content. */
export function openSessionFile(name: string, bytes: Uint8Array): OpenedSession {
  if (!isZip(bytes)) {
    return { name, manifest: null, wav: null, ...parseEventsJsonl(strFromU8(bytes)) };
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => file.name === EVENTS_FILE || file.name === SESSION_FILE || file.name === AUDIO_FILE });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { name, records: [], manifest: null, wav: null, droppedNotice: null, problems: [`not a readable zip: ${why}`], problemCount: 1 };
  }
  const events = files[EVENTS_FILE];
  const parsed = events ? parseEventsJsonl(strFromU8(events)) : { records: [], droppedNotice: null, problems: [`no ${EVENTS_FILE} in the zip`], problemCount: 1 };
  const manifest = files[SESSION_FILE] ? parseManifest(strFromU8(files[SESSION_FILE])) : null;
  return { name, manifest, wav: files[AUDIO_FILE] ?? null, ...parsed };
}

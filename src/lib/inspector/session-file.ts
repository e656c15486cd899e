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

/** Which API the recording speaks: OpenAI Realtime, or GPT-Live (`/v1/live/sessions`). */
export type SessionProtocol = 'realtime' | 'live';

/** A Live export's first JSONL line: a log alone still says what it is. */
export const LIVE_JSONL_HEADER = { format: SESSION_FILE_FORMAT, protocol: 'live' } as const;

/** Event types only GPT-Live has: a log holding one is a Live log, whatever its header. */
const LIVE_ONLY_TYPES = new Set(['session.start', 'session.started', 'session.input_audio.append', 'session.output_audio.delta', 'session.delegation.created', 'session.usage.updated']);

export function detectProtocol(records: readonly InspectorRecord[]): SessionProtocol {
  for (const record of records.slice(0, 50)) {
    const type = (record.event as { type?: unknown } | undefined)?.type;
    if (typeof type === 'string' && LIVE_ONLY_TYPES.has(type)) return 'live';
  }
  return 'realtime';
}

export interface SessionManifest {
  format: typeof SESSION_FILE_FORMAT;
  version: number;
  /** Absent in files from before GPT-Live: those are Realtime. */
  protocol?: SessionProtocol;
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
  protocol: SessionProtocol;
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
export function parseEventsJsonl(text: string): Pick<OpenedSession, 'records' | 'droppedNotice' | 'problems' | 'problemCount'> & { header: SessionProtocol | null } {
  const records: OpenedRecord[] = [];
  const problems: string[] = [];
  let problemCount = 0;
  let droppedNotice: string | null = null;
  let header: SessionProtocol | null = null;
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
    // Before the first record: a Live export's header, then the bound's notice.
    if (records.length === 0 && fields.format === SESSION_FILE_FORMAT && (fields.protocol === 'live' || fields.protocol === 'realtime')) {
      header = fields.protocol;
      continue;
    }
    if (records.length === 0 && typeof fields.notice === 'string' && 'dropped' in fields) {
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
  return { records, droppedNotice, problems, problemCount, header };
}

function parseManifest(text: string): SessionManifest | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const fields = value as Record<string, unknown>;
    if (fields.format !== SESSION_FILE_FORMAT) return null;
    const protocol = fields.protocol === 'live' || fields.protocol === 'realtime' ? fields.protocol : undefined;
    return { ...(value as SessionManifest), protocol, tools: Array.isArray(fields.tools) ? fields.tools : [] };
  } catch {
    return null;
  }
}

/** Opens an exported session (zip) or a plain JSONL log. Never throws on bad content. */
export function openSessionFile(name: string, bytes: Uint8Array): OpenedSession {
  if (!isZip(bytes)) {
    const { header, ...parsed } = parseEventsJsonl(strFromU8(bytes));
    return { name, protocol: header ?? detectProtocol(parsed.records), manifest: null, wav: null, ...parsed };
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => file.name === EVENTS_FILE || file.name === SESSION_FILE || file.name === AUDIO_FILE });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { name, protocol: 'realtime', records: [], manifest: null, wav: null, droppedNotice: null, problems: [`not a readable zip: ${why}`], problemCount: 1 };
  }
  const events = files[EVENTS_FILE];
  const { header, ...parsed } = events ? parseEventsJsonl(strFromU8(events)) : { header: null, records: [], droppedNotice: null, problems: [`no ${EVENTS_FILE} in the zip`], problemCount: 1 };
  const manifest = files[SESSION_FILE] ? parseManifest(strFromU8(files[SESSION_FILE])) : null;
  const protocol = manifest?.protocol ?? header ?? detectProtocol(parsed.records);
  return { name, protocol, manifest, wav: files[AUDIO_FILE] ?? null, ...parsed };
}

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

/**
 * Reads the event log's JSONL (`{time, source, event}` per line, or `{…, malformed, raw}`) a batch
 * of lines at a time, so a big log can be read in slices (the page reads it between frames while
 * a worker rebuilds the conversation from the same lines: one reader, the same records).
 */
export class JsonlReader {
  readonly records: OpenedRecord[] = [];
  readonly problems: string[] = [];
  problemCount = 0;
  droppedNotice: string | null = null;
  /** A Live export's first line: the protocol it says. */
  header: SessionProtocol | null = null;

  /** Reads `lines`, the first of which is line `firstLine` (1-based) of the file; returns the records they held. */
  push(lines: readonly string[], firstLine: number): OpenedRecord[] {
    const start = this.records.length;
    for (let index = 0; index < lines.length; index++) this.line(lines[index], firstLine + index);
    return this.records.slice(start);
  }

  private problem(line: number, why: string): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(`line ${line}: ${why}`);
  }

  private line(text: string, number: number): void {
    const line = text.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.problem(number, 'not JSON');
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(number, 'not a record');
      return;
    }
    const fields = value as Record<string, unknown>;
    // Before the first record: a Live export's header, then the bound's notice.
    if (this.records.length === 0 && fields.format === SESSION_FILE_FORMAT && (fields.protocol === 'live' || fields.protocol === 'realtime')) {
      this.header = fields.protocol;
      return;
    }
    if (this.records.length === 0 && typeof fields.notice === 'string' && 'dropped' in fields) {
      this.droppedNotice = fields.notice;
      return;
    }
    const time = timeOf(fields.time);
    const source = fields.source;
    if (time === null || (source !== 'client' && source !== 'server' && source !== 'console')) {
      this.problem(number, 'no time or source');
      return;
    }
    if (typeof fields.malformed === 'string') {
      this.records.push({ time, source: source as RecordSource, event: undefined, malformed: { raw: typeof fields.raw === 'string' ? fields.raw : '', error: fields.malformed } });
    } else if (fields.event !== undefined) {
      this.records.push({ time, source: source as RecordSource, event: fields.event });
    } else {
      this.problem(number, 'no event');
    }
  }
}

/** Reads the event log's JSONL in one go. */
export function parseEventsJsonl(text: string): Pick<OpenedSession, 'records' | 'droppedNotice' | 'problems' | 'problemCount'> & { header: SessionProtocol | null } {
  const reader = new JsonlReader();
  reader.push(text.split('\n'), 1);
  return { records: reader.records, droppedNotice: reader.droppedNotice, problems: reader.problems, problemCount: reader.problemCount, header: reader.header };
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

/** A session file taken apart: its events' text (null: none), manifest and WAV, or why it could not be read. */
export interface UnpackedSessionFile {
  events: string | null;
  manifest: SessionManifest | null;
  wav: Uint8Array | null;
  /** Why there are no events (a zip that could not be read, or without events.jsonl). */
  problem: string | null;
}

/** Takes an exported session (zip) or a plain JSONL log apart. Never throws on bad content. */
export function unpackSessionFile(bytes: Uint8Array): UnpackedSessionFile {
  if (!isZip(bytes)) return { events: strFromU8(bytes), manifest: null, wav: null, problem: null };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => file.name === EVENTS_FILE || file.name === SESSION_FILE || file.name === AUDIO_FILE });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { events: null, manifest: null, wav: null, problem: `not a readable zip: ${why}` };
  }
  const events = files[EVENTS_FILE];
  const manifest = files[SESSION_FILE] ? parseManifest(strFromU8(files[SESSION_FILE])) : null;
  const wav = files[AUDIO_FILE] ?? null;
  if (!events) return { events: null, manifest, wav, problem: `no ${EVENTS_FILE} in the zip` };
  return { events: strFromU8(events), manifest, wav, problem: null };
}

/** The recording's protocol: the manifest's, else the JSONL's header, else what its first events say. */
export function protocolOf(manifest: SessionManifest | null, header: SessionProtocol | null, records: readonly InspectorRecord[]): SessionProtocol {
  return manifest?.protocol ?? header ?? detectProtocol(records);
}

/** Opens an exported session (zip) or a plain JSONL log. Never throws on bad content. */
export function openSessionFile(name: string, bytes: Uint8Array): OpenedSession {
  const unpacked = unpackSessionFile(bytes);
  if (unpacked.events === null) {
    const { manifest, wav, problem } = unpacked;
    return { name, protocol: protocolOf(manifest, null, []), records: [], manifest, wav, droppedNotice: null, problems: problem ? [problem] : [], problemCount: 1 };
  }
  const { header, ...parsed } = parseEventsJsonl(unpacked.events);
  return { name, protocol: protocolOf(unpacked.manifest, header, parsed.records), manifest: unpacked.manifest, wav: unpacked.wav, ...parsed };
}

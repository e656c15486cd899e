// Reads an event's top-level `type` straight from the frame's bytes without building the
// event. The relay forwards the original bytes, so an audio payload is never parsed, copied or
// re-serialised; strings are skipped with Buffer.indexOf (native), not byte by byte.
//
// It fails closed: the top level must be strict JSON (one object, exactly one string `type`,
// escapes decoded like a JSON parser would), so a frame cannot show the policy one type and
// the upstream another (duplicate keys, `"typ\u0065"`, comments, trailing data). What lies
// inside nested values is left for the upstream to validate.

export type TypeScan = { ok: true; type: string } | { ok: false; reason: string };

/** Longer `type` values are refused: real event types are short. */
export const MAX_TYPE_LENGTH = 128;
/** The longest spelling of `type` as a key: every letter as a `\uXXXX` escape. */
const MAX_ESCAPED_TYPE_KEY = 4 * 6;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(frame: Buffer, i: number): number {
  while (isSpace(frame[i])) i++;
  return i;
}

/** Short strings are scanned in JS; past this, Buffer.indexOf (native, but a call costs more). */
const INLINE_SCAN_BYTES = 64;

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(frame: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    let quote = -1;
    const inlineEnd = Math.min(from + INLINE_SCAN_BYTES, frame.length);
    for (let k = from; k < inlineEnd; k++) {
      if (frame[k] === QUOTE) {
        quote = k;
        break;
      }
    }
    if (quote < 0 && inlineEnd < frame.length) quote = frame.indexOf(QUOTE, inlineEnd);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (frame[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** Decodes the JSON string spanning [start, end] (quotes included); null when invalid. */
function decodeString(frame: Buffer, start: number, end: number): string | null {
  // Fast path: plain printable ASCII (every real event type) needs no JSON parser.
  let plain = true;
  for (let k = start + 1; k < end && plain; k++) {
    const byte = frame[k];
    plain = byte >= 0x20 && byte < 0x7f && byte !== BACKSLASH;
  }
  if (plain) return frame.toString('latin1', start + 1, end);
  try {
    const value: unknown = JSON.parse(frame.toString('utf8', start, end + 1));
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

function keyIsType(frame: Buffer, start: number, end: number): boolean | null {
  const length = end - start - 1;
  if (length === 4) {
    return frame[start + 1] === 0x74 && frame[start + 2] === 0x79 && frame[start + 3] === 0x70 && frame[start + 4] === 0x65;
  }
  if (length > MAX_ESCAPED_TYPE_KEY) return false;
  let escaped = false;
  for (let k = start + 1; k < end && !escaped; k++) escaped = frame[k] === BACKSLASH;
  if (!escaped) return false;
  const key = decodeString(frame, start, end);
  return key === null ? null : key === 'type';
}

/** Skips one nested object or array starting at `start`; returns the index after it, or -1. */
function skipContainer(frame: Buffer, start: number): number {
  const closers: number[] = [];
  let i = start;
  while (i < frame.length) {
    const byte = frame[i];
    if (byte === QUOTE) {
      const end = stringEnd(frame, i);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    if (byte === OPEN_BRACE) closers.push(CLOSE_BRACE);
    else if (byte === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (closers.pop() !== byte) return -1;
      if (closers.length === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/** Skips any JSON value at `i`; returns the index after it, or -1. */
function skipValue(frame: Buffer, i: number): number {
  const byte = frame[i];
  if (byte === QUOTE) {
    const end = stringEnd(frame, i);
    return end < 0 ? -1 : end + 1;
  }
  if (byte === OPEN_BRACE || byte === OPEN_BRACKET) return skipContainer(frame, i);
  let end = i;
  while (end < frame.length && frame[end] !== COMMA && frame[end] !== CLOSE_BRACE && !isSpace(frame[end])) end++;
  return end > i && isLiteral(frame, i, end) ? end : -1;
}

function isDigitByte(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

const KEYWORDS = ['true', 'false', 'null'].map((word) => Buffer.from(word));

/** true/false/null or a JSON number, checked on the bytes (no string is built). */
function isLiteral(frame: Buffer, start: number, end: number): boolean {
  const first = frame[start];
  if (first === 0x74 || first === 0x66 || first === 0x6e) {
    return KEYWORDS.some((word) => word.length === end - start && frame.compare(word, 0, word.length, start, end) === 0);
  }
  // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
  let k = start;
  if (frame[k] === 0x2d) k++;
  if (frame[k] === 0x30) k++;
  else if (isDigitByte(frame[k])) while (k < end && isDigitByte(frame[k])) k++;
  else return false;
  if (frame[k] === 0x2e) {
    k++;
    if (!isDigitByte(frame[k])) return false;
    while (k < end && isDigitByte(frame[k])) k++;
  }
  if (frame[k] === 0x65 || frame[k] === 0x45) {
    k++;
    if (frame[k] === 0x2b || frame[k] === 0x2d) k++;
    if (!isDigitByte(frame[k])) return false;
    while (k < end && isDigitByte(frame[k])) k++;
  }
  return k === end;
}

/** Where one member of an object sits in the frame: its key's quotes and its value. */
export interface MemberSpan {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  /** Index just after the value. */
  valueEnd: number;
}

export type ObjectScan = { ok: true; members: MemberSpan[]; end: number } | { ok: false; reason: string };

/**
 * The members of the JSON object opening at `start` (no value is decoded: nested values are
 * skipped as spans). `end` is the index after the closing brace.
 */
export function scanObject(frame: Buffer, start: number): ObjectScan {
  if (frame[start] !== OPEN_BRACE) return fail('not a JSON object');
  const members: MemberSpan[] = [];
  let i = skipSpace(frame, start + 1);
  if (frame[i] === CLOSE_BRACE) return { ok: true, members, end: i + 1 };
  for (;;) {
    if (frame[i] !== QUOTE) return fail('expected a property name');
    const keyEnd = stringEnd(frame, i);
    if (keyEnd < 0) return fail('unterminated string');
    const keyStart = i;
    i = skipSpace(frame, keyEnd + 1);
    if (frame[i] !== COLON) return fail('expected ":"');
    const valueStart = skipSpace(frame, i + 1);
    const valueEnd = skipValue(frame, valueStart);
    if (valueEnd < 0) return fail('malformed value');
    members.push({ keyStart, keyEnd, valueStart, valueEnd });
    i = skipSpace(frame, valueEnd);
    if (frame[i] === COMMA) {
      i = skipSpace(frame, i + 1);
      continue;
    }
    if (frame[i] === CLOSE_BRACE) return { ok: true, members, end: i + 1 };
    return fail('expected "," or "}"');
  }
}

/** A member's key, decoded like a JSON parser would; null when the key is not a valid string. */
export function memberName(frame: Buffer, member: MemberSpan): string | null {
  return decodeString(frame, member.keyStart, member.keyEnd);
}

/** The first key that occurs twice among `members`, or null. A parser keeps one of the two; which one differs between parsers. */
export function duplicateName(frame: Buffer, members: readonly MemberSpan[]): string | null {
  const seen = new Set<string>();
  for (const member of members) {
    const name = memberName(frame, member);
    if (name === null) return '(invalid key)';
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return null;
}

/** The frame's top-level object, which must be all the frame holds. */
export function scanTopLevel(frame: Buffer): ObjectScan {
  const scanned = scanObject(frame, skipSpace(frame, 0));
  if (scanned.ok && skipSpace(frame, scanned.end) !== frame.length) return fail('data after the JSON object');
  return scanned;
}

/**
 * A top-level string member (e.g. `event_id`) read from the bytes, or null when absent, not a
 * string or unreadable. Costs a scan of the top level, not a parse of the frame.
 */
export function topLevelString(frame: Buffer, name: string): string | null {
  const scanned = scanTopLevel(frame);
  if (!scanned.ok) return null;
  for (const member of scanned.members) {
    if (frame[member.valueStart] !== QUOTE || memberName(frame, member) !== name) continue;
    return decodeString(frame, member.valueStart, member.valueEnd - 1);
  }
  return null;
}

/**
 * How deeply objects and arrays nest in the frame, counting stops once past `limit` (so a
 * hostile frame costs at most one pass). Strings are skipped, so brackets in them do not count.
 */
export function nestingDepth(frame: Buffer, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < frame.length; i++) {
    const byte = frame[i];
    if (byte === QUOTE) {
      const end = stringEnd(frame, i);
      if (end < 0) return deepest;
      i = end;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/** The top-level `type` of a JSON event frame, or why it has none. */
export function scanEventType(frame: Buffer): TypeScan {
  const scanned = scanTopLevel(frame);
  if (!scanned.ok) return fail(scanned.reason);
  let type: string | undefined;
  for (const member of scanned.members) {
    const isType = keyIsType(frame, member.keyStart, member.keyEnd);
    if (isType === null) return fail('invalid property name');
    if (!isType) continue;
    if (type !== undefined) return fail('duplicate "type"');
    if (frame[member.valueStart] !== QUOTE) return fail('"type" is not a string');
    const valueEnd = member.valueEnd - 1;
    if (valueEnd - member.valueStart - 1 > MAX_TYPE_LENGTH * 6) return fail('"type" is too long');
    const value = decodeString(frame, member.valueStart, valueEnd);
    if (value === null) return fail('invalid "type" string');
    type = value;
  }
  if (type === undefined) return fail('no "type"');
  if (type.length === 0 || type.length > MAX_TYPE_LENGTH) return fail('"type" is empty or too long');
  // Event types are short printable names; anything else only ever serves to forge a log line.
  if (/[^\x21-\x7e]/.test(type)) return fail('"type" holds spaces, control or non-ASCII characters');
  return { ok: true, type };
}

// Twilio Media Streams messages (twilio.com/docs/voice/media-streams/websocket-messages), read
// fail-closed: a frame that is not one of these shapes is reported, never half-used. Twilio
// sends `sequenceNumber`, `chunk` and `timestamp` as decimal strings; numbers are accepted too.
import { isRecord } from '../../src/lib/shared/json';

export interface StartInfo {
  streamSid: string;
  callSid: string;
  accountSid: string;
  tracks: string[];
  customParameters: Record<string, string>;
  /** e.g. `{encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1}`. */
  mediaFormat: { encoding: string; sampleRate: number; channels: number };
}

export type TwilioMessage =
  | { event: 'connected'; protocol: string; version: string }
  | { event: 'start'; sequenceNumber: number; streamSid: string; start: StartInfo }
  | { event: 'media'; sequenceNumber: number; streamSid: string; track: string; chunk: number; timestamp: number; payload: string }
  | { event: 'dtmf'; sequenceNumber: number; streamSid: string; track: string; digit: string }
  | { event: 'mark'; sequenceNumber: number; streamSid: string; name: string }
  | { event: 'stop'; sequenceNumber: number; streamSid: string; callSid: string };

export type ParsedMessage = { ok: true; message: TwilioMessage } | { ok: false; reason: string };

/** The µ-law format Twilio streams in and takes back: the Realtime API's `audio/pcmu`. */
export const TWILIO_MEDIA_ENCODING = 'audio/x-mulaw';
/** Twilio's base64 alphabet; anything else in a payload is refused before it is forwarded. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** 20 ms is what Twilio sends; a few seconds of µ-law is the most a frame may carry. */
const MAX_PAYLOAD_CHARS = 64 * 1024;

function counter(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

const text = (value: unknown, max = 256): string | null => (typeof value === 'string' && value.length <= max ? value : null);

export function parseTwilioMessage(raw: string): ParsedMessage {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isRecord(data) || typeof data.event !== 'string') return { ok: false, reason: 'not an object with a string "event"' };
  const event = data.event.slice(0, 40);
  const bad = (what: string): ParsedMessage => ({ ok: false, reason: `${event}: ${what}` });
  if (data.event === 'connected') {
    return { ok: true, message: { event: 'connected', protocol: text(data.protocol) ?? '', version: text(data.version) ?? '' } };
  }
  const sequenceNumber = counter(data.sequenceNumber);
  const streamSid = text(data.streamSid);
  if (sequenceNumber === null) return bad('no sequenceNumber');
  switch (data.event) {
    case 'start': {
      const start = data.start;
      if (!isRecord(start)) return bad('no start object');
      const sid = text(start.streamSid) ?? streamSid;
      if (!sid) return bad('no streamSid');
      const format = isRecord(start.mediaFormat) ? start.mediaFormat : {};
      const params: Record<string, string> = {};
      if (isRecord(start.customParameters)) {
        for (const [name, value] of Object.entries(start.customParameters)) if (typeof value === 'string') params[name] = value;
      }
      return {
        ok: true,
        message: {
          event: 'start',
          sequenceNumber,
          streamSid: sid,
          start: {
            streamSid: sid,
            callSid: text(start.callSid) ?? '',
            accountSid: text(start.accountSid) ?? '',
            tracks: Array.isArray(start.tracks) ? start.tracks.filter((t): t is string => typeof t === 'string') : [],
            customParameters: params,
            mediaFormat: { encoding: text(format.encoding) ?? '', sampleRate: counter(format.sampleRate) ?? 0, channels: counter(format.channels) ?? 0 },
          },
        },
      };
    }
    case 'media': {
      const media = data.media;
      if (!isRecord(media) || !streamSid) return bad('no media object or streamSid');
      const payload = media.payload;
      if (typeof payload !== 'string' || payload.length > MAX_PAYLOAD_CHARS || !BASE64.test(payload)) return bad('payload is not base64 (or too long)');
      const timestamp = counter(media.timestamp);
      if (timestamp === null) return bad('no timestamp');
      return { ok: true, message: { event: 'media', sequenceNumber, streamSid, track: text(media.track) ?? 'inbound', chunk: counter(media.chunk) ?? 0, timestamp, payload } };
    }
    case 'dtmf': {
      const dtmf = data.dtmf;
      const digit = isRecord(dtmf) ? text(dtmf.digit, 8) : null;
      if (!streamSid || digit === null) return bad('no digit or streamSid');
      return { ok: true, message: { event: 'dtmf', sequenceNumber, streamSid, track: (isRecord(dtmf) && text(dtmf.track)) || 'inbound_track', digit } };
    }
    case 'mark': {
      const name = isRecord(data.mark) ? text(data.mark.name) : null;
      if (!streamSid || name === null) return bad('no mark name or streamSid');
      return { ok: true, message: { event: 'mark', sequenceNumber, streamSid, name } };
    }
    case 'stop': {
      if (!streamSid) return bad('no streamSid');
      return { ok: true, message: { event: 'stop', sequenceNumber, streamSid, callSid: isRecord(data.stop) ? text(data.stop.callSid) ?? '' : '' } };
    }
    default:
      return { ok: false, reason: `unknown event "${event}"` };
  }
}

/** What the relay sends Twilio: audio to play, a mark after it, or clear (drop what is queued). */
export const twilioMedia = (streamSid: string, payload: string): string => JSON.stringify({ event: 'media', streamSid, media: { payload } });
export const twilioMark = (streamSid: string, name: string): string => JSON.stringify({ event: 'mark', streamSid, mark: { name } });
export const twilioClear = (streamSid: string): string => JSON.stringify({ event: 'clear', streamSid });

// A recorded session cut into what a replay needs: the client events the new client is expected
// to send, in order (its turns), and every recorded server event tied to the "anchor" that
// released it, with its delay after that anchor.
//
// Anchors, in recorded order:
// - `open`: the connection itself (session.created and whatever came before any client event);
// - `client`: each client event except `input_audio_buffer.append` (a turn; matched on arrival);
// - `audio`: each server VAD event (`input_audio_buffer.speech_started`, `speech_stopped`,
//   `timeout_triggered`). The server sent it because of audio, not of an event, so it is released
//   when the new client has appended as many audio bytes as the recorded client had when the
//   event arrived. VAD is not re-run: the recorded turn boundaries are replayed on the new
//   client's audio clock (audio is compared by length, not content, see client-match.ts).
// Each server event belongs to the latest anchor before it in the recording.
import { openSessionFile, type OpenedSession } from '../../src/lib/inspector/session-file';
import { eventFields } from '../../src/lib/inspector/records';
import { appendedBytes, isAudioPlaceholder } from './audio-length';
import { FrameLevels } from './speech-level';
import { isRecord } from '../../src/lib/shared/json';
import { MAX_JSON_DEPTH } from '../request-safety';

export type Fields = Record<string, unknown> & { type: string };

const VAD_EVENTS = new Set(['input_audio_buffer.speech_started', 'input_audio_buffer.speech_stopped', 'input_audio_buffer.timeout_triggered']);
/** Events after which the input buffer is empty again (client- or server-side). */
const BUFFER_RESETS = new Set(['input_audio_buffer.commit', 'input_audio_buffer.clear', 'input_audio_buffer.committed', 'input_audio_buffer.cleared']);

export interface ExpectedTurn {
  /** 1-based, in the order the recorded client sent them. */
  turn: number;
  event: Fields;
  /** For `input_audio_buffer.commit`: audio bytes appended since the buffer was last emptied. */
  bufferedBytes: number;
  /** Its index in `anchors`. */
  anchor: number;
}

export type Anchor =
  | { kind: 'open'; time: number }
  | { kind: 'client'; time: number; turn: number }
  | { kind: 'audio'; time: number; type: string; audioBytes: number; speech?: SpeechWindow };

/** Where a recorded speech_stopped says the user spoke, and how loud the recorded client was there. */
export interface SpeechWindow {
  fromMs: number;
  toMs: number;
  levelDbfs: number;
}

export interface PlannedServerEvent {
  event: Fields;
  anchor: number;
  /** Recorded milliseconds after the anchor. */
  offsetMs: number;
}

export interface ReplayPlan {
  name: string;
  anchors: Anchor[];
  turns: ExpectedTurn[];
  serverEvents: PlannedServerEvent[];
  /** Recorded time of session.created (ms), to move `expires_at` to the replay's clock. */
  sessionCreatedAt: number | null;
  /** What the recording lacks or holds that a replay cannot use (shown in the log). */
  warnings: string[];
}

export class RecordingError extends Error {}

/** Builds the plan from an opened session file. Throws RecordingError when nothing can be replayed. */
export function planReplay(opened: OpenedSession): ReplayPlan {
  const warnings: string[] = [];
  if (opened.droppedNotice) warnings.push(`the recording dropped events: ${opened.droppedNotice}`);
  if (opened.problemCount > 0) warnings.push(`${opened.problemCount} unreadable line(s): ${opened.problems.join('; ')}`);
  const records = opened.records.filter((r) => Number.isFinite(r.time));
  const malformed = records.filter((r) => r.malformed).length;
  if (malformed > 0) warnings.push(`${malformed} frame(s) that were not JSON are skipped`);
  const first = records.find((r) => !r.malformed && (r.source === 'client' || r.source === 'server'));
  if (!first) throw new RecordingError(`${opened.name}: no events to replay${opened.problems.length ? ` (${opened.problems[0]})` : ''}`);

  const anchors: Anchor[] = [{ kind: 'open', time: first.time }];
  const turns: ExpectedTurn[] = [];
  const serverEvents: PlannedServerEvent[] = [];
  let audioTotal = 0;
  let buffered = 0;
  let sessionCreatedAt: number | null = null;
  let unordered = 0;
  let tooDeep = 0;
  // Speech levels: known while every append kept its bytes and the input is PCM16.
  const levels = new FrameLevels();
  let levelsKnown = true;
  let pcmInput = true;
  let speechStartMs: number | null = null;
  let speechUnchecked = 0;
  let lastTime = first.time;
  for (const record of records) {
    const event = eventFields(record.event);
    // Only the wire's events: the console's own rows were never sent (source 'console', e.g.
    // '(audible)'), nor a type in parentheses (older exports logged '(disconnected)' as client).
    if (!event || record.malformed || (record.source !== 'client' && record.source !== 'server') || event.type.startsWith('(')) continue;
    // Every later walk of the event recurses; a hostile file must not overflow the stack.
    if (nestsDeeper(event, MAX_JSON_DEPTH)) {
      tooDeep++;
      continue;
    }
    // Export order is arrival order; a clock step backwards must not make a negative delay.
    const time = Math.max(record.time, lastTime);
    if (record.time < lastTime) unordered++;
    lastTime = time;
    if (record.source === 'client') {
      const bytes = appendedBytes(event);
      if (event.type === 'input_audio_buffer.append') {
        if (typeof event.audio !== 'string' || isAudioPlaceholder(event.audio)) levelsKnown = false;
        else if (levelsKnown) levels.push(Buffer.from(event.audio, 'base64'));
        audioTotal += bytes;
        buffered += bytes;
        continue;
      }
      turns.push({ turn: turns.length + 1, event, bufferedBytes: buffered, anchor: anchors.length });
      anchors.push({ kind: 'client', time, turn: turns.length });
    } else {
      if (event.type === 'session.created' || event.type === 'session.updated') pcmInput = inputIsPcm(event.session, pcmInput);
      if (event.type === 'input_audio_buffer.speech_started' && typeof event.audio_start_ms === 'number') speechStartMs = event.audio_start_ms;
      let speech: SpeechWindow | undefined;
      if (event.type === 'input_audio_buffer.speech_stopped') {
        if (levelsKnown && pcmInput && speechStartMs !== null && typeof event.audio_end_ms === 'number') {
          speech = { fromMs: speechStartMs, toMs: event.audio_end_ms, levelDbfs: levels.peakDbfs(speechStartMs, event.audio_end_ms) };
        } else speechUnchecked++;
      }
      if (VAD_EVENTS.has(event.type)) anchors.push({ kind: 'audio', time, type: event.type, audioBytes: audioTotal, ...(speech ? { speech } : {}) });
      if (event.type === 'session.created' && sessionCreatedAt === null) sessionCreatedAt = time;
      const anchor = anchors.length - 1;
      serverEvents.push({ event, anchor, offsetMs: time - anchors[anchor].time });
    }
    if (BUFFER_RESETS.has(event.type)) buffered = 0;
  }
  if (speechUnchecked > 0) warnings.push(`${speechUnchecked} speech turn(s) are matched by audio length only (the recording kept no audio bytes, or the input is not audio/pcm)`);
  if (tooDeep > 0) warnings.push(`${tooDeep} event(s) nested deeper than ${MAX_JSON_DEPTH} levels are skipped`);
  if (unordered > 0) warnings.push(`${unordered} record(s) earlier than the one before them (kept in file order)`);
  if (serverEvents.length === 0) throw new RecordingError(`${opened.name}: the recording has no server events`);
  return { name: opened.name, anchors, turns, serverEvents, sessionCreatedAt, warnings };
}

/** Whether the session's input is PCM16 (the default when it does not say). */
function inputIsPcm(session: unknown, before: boolean): boolean {
  const audio = isRecord(session) && isRecord(session.audio) ? session.audio : null;
  const input = audio && isRecord(audio.input) ? audio.input : null;
  if (!input || !isRecord(input.format)) return before;
  return input.format.type === undefined || input.format.type === 'audio/pcm';
}

function nestsDeeper(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (max === 0) return true;
  for (const child of Object.values(value)) if (nestsDeeper(child, max - 1)) return true;
  return false;
}

/** Opens a session file's bytes (zip or JSONL, the console's export) and plans its replay. */
export function planFromBytes(name: string, bytes: Uint8Array): ReplayPlan {
  return planReplay(openSessionFile(name, bytes));
}

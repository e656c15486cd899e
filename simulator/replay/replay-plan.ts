// A recorded session cut into what a replay needs: the client events the new client is expected
// to send, in order (its turns), and every recorded server event tied to the "anchor" that
// released it, with its delay after that anchor.
//
// Anchors, in recorded order:
// - `open`: the connection itself (session.created and whatever came before any client event);
// - `client`: each client event except `input_audio_buffer.append` (a turn; matched on arrival);
// - `audio`: each server VAD event (`input_audio_buffer.speech_started`, `speech_stopped`,
//   `timeout_triggered`). The server sent it because of audio, not of an event, so it is released
//   when the new client has sent as many milliseconds of input audio as the recorded server had
//   heard when it sent the event (input-clock.ts). VAD is not re-run: the recorded turn boundaries
//   are replayed on the new client's audio clock (audio is compared by length and level, not
//   content, see client-match.ts and speech-level.ts). Where that was is in the events' own times:
//   speech_started at `audio_start_ms` plus the prefix padding (when the VAD heard the onset),
//   speech_stopped and timeout_triggered at `audio_end_ms` (which includes the silence that
//   confirmed the end). With appends, the audio the recorded client had sent when the event
//   arrived bounds it too (a client that appends faster than real time is ahead of the server,
//   so the smaller counts); a WebRTC recording has no appends (its microphone was a track), so
//   there the times alone place it.
// Each server event belongs to the latest anchor before it in the recording.
import { openSessionFile, type OpenedSession } from '../../src/lib/inspector/session-file';
import { eventFields } from '../../src/lib/inspector/records';
import { isAudioPlaceholder } from './audio-length';
import { InputClock } from './input-clock';
import { SessionAudio } from './session-audio';
import { VAD_FLOOR_DBFS, type VadParams } from '../vad';
import { MAX_JSON_DEPTH } from '../request-safety';

export type Fields = Record<string, unknown> & { type: string };

const VAD_EVENTS = new Set(['input_audio_buffer.speech_started', 'input_audio_buffer.speech_stopped', 'input_audio_buffer.timeout_triggered']);
/** Events after which the input buffer is empty again (client- or server-side). */
const BUFFER_RESETS = new Set(['input_audio_buffer.commit', 'input_audio_buffer.clear', 'input_audio_buffer.committed', 'input_audio_buffer.cleared']);

export interface ExpectedTurn {
  /** 1-based, in the order the recorded client sent them. */
  turn: number;
  event: Fields;
  /** For `input_audio_buffer.commit`: audio bytes appended since the buffer was last emptied (null: the recording's microphone was a media track). */
  bufferedBytes: number | null;
  /** Its index in `anchors`. */
  anchor: number;
}

export type Anchor =
  | { kind: 'open'; time: number }
  | { kind: 'client'; time: number; turn: number }
  | { kind: 'audio'; time: number; type: string; /** Input audio the client had sent, ms. */ audioMs: number; speech?: SpeechWindow };

/**
 * Where a recorded speech_stopped says the user spoke, and the level the new client must come
 * near there: the recorded client's own peak when the recording kept its audio (`recorded`);
 * else (an export that trimmed the audio, a WebRTC recording) what the VAD's decision proves,
 * that the speech itself, the window less its prefix padding and closing silence, rose above the
 * VAD's threshold (`vad`).
 */
export interface SpeechWindow {
  fromMs: number;
  toMs: number;
  levelDbfs: number;
  basis: 'recorded' | 'vad';
}

/** What the recording holds of the model's audio, which decides what a WebRTC replay plays. */
export interface RecordedOutput {
  /** `response.output_audio.delta` events with their bytes. */
  deltas: number;
  /** Deltas the export trimmed to `<base64 audio N bytes>`. */
  trimmedDeltas: number;
  /** `output_audio_buffer.*` events: the recording was made over WebRTC (no deltas there). */
  bufferEvents: number;
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
  /** `events`: the recorded client appended its audio; `media`: no appends (a WebRTC call's track, or no audio). */
  input: 'events' | 'media';
  output: RecordedOutput;
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
  const input: ReplayPlan['input'] = records.some((r) => r.source === 'client' && eventFields(r.event)?.type === 'input_audio_buffer.append') ? 'events' : 'media';
  const output: RecordedOutput = { deltas: 0, trimmedDeltas: 0, bufferEvents: 0 };
  const clock = new InputClock();
  const audio = new SessionAudio();
  let sessionCreatedAt: number | null = null;
  let unordered = 0;
  let tooDeep = 0;
  let speechStartMs: number | null = null;
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
    audio.observe(event);
    if (record.source === 'client') {
      if (event.type === 'input_audio_buffer.append') {
        clock.append(event, audio.input);
        continue;
      }
      turns.push({ turn: turns.length + 1, event, bufferedBytes: input === 'events' ? clock.bufferedBytes : null, anchor: anchors.length });
      anchors.push({ kind: 'client', time, turn: turns.length });
    } else {
      if (event.type === 'input_audio_buffer.speech_started' && typeof event.audio_start_ms === 'number') speechStartMs = event.audio_start_ms;
      let speech: SpeechWindow | undefined;
      if (event.type === 'input_audio_buffer.speech_stopped' && speechStartMs !== null && typeof event.audio_end_ms === 'number') {
        speech = speechWindow(speechStartMs, event.audio_end_ms, input === 'events' && clock.levelsKnown ? clock : null, audio.vad());
      }
      if (VAD_EVENTS.has(event.type)) anchors.push({ kind: 'audio', time, type: event.type, audioMs: vadEventMs(event, audio.vad(), input === 'events' ? clock.ms : Infinity), ...(speech ? { speech } : {}) });
      if (event.type === 'session.created' && sessionCreatedAt === null) sessionCreatedAt = time;
      if (event.type === 'response.output_audio.delta') {
        output.deltas++;
        if (isAudioPlaceholder(event.delta)) output.trimmedDeltas++;
      }
      if (event.type.startsWith('output_audio_buffer.')) output.bufferEvents++;
      const anchor = anchors.length - 1;
      serverEvents.push({ event, anchor, offsetMs: time - anchors[anchor].time });
    }
    if (BUFFER_RESETS.has(event.type)) clock.emptied();
  }
  orderAudioAnchors(anchors);
  if (input === 'events' && !clock.levelsKnown) warnings.push('the recording trimmed its input audio: speech is checked against the VAD threshold, not the recorded level');
  if (tooDeep > 0) warnings.push(`${tooDeep} event(s) nested deeper than ${MAX_JSON_DEPTH} levels are skipped`);
  if (unordered > 0) warnings.push(`${unordered} record(s) earlier than the one before them (kept in file order)`);
  if (serverEvents.length === 0) throw new RecordingError(`${opened.name}: the recording has no server events`);
  if (output.bufferEvents > 0 && output.deltas === 0) warnings.push("the recording has none of the model's audio (made over WebRTC): a WebRTC replay plays speech synthesised from its transcripts, a WebSocket replay none");
  if (output.trimmedDeltas > 0) warnings.push(`${output.trimmedDeltas} output audio delta(s) were trimmed by the export: a WebSocket replay sends silence of their length, a WebRTC replay speech synthesised from the transcript`);
  return { name: opened.name, anchors, turns, serverEvents, sessionCreatedAt, input, output, warnings };
}

/** A VAD event's place on the input clock, no later than `sent` (see the top of this file). */
function vadEventMs(event: Fields, vad: VadParams, sent: number): number {
  const start = event.type === 'input_audio_buffer.speech_started' ? event.audio_start_ms : null;
  const own = typeof start === 'number' ? start + vad.prefixPaddingMs : typeof event.audio_end_ms === 'number' ? event.audio_end_ms : null;
  if (own === null || own < 0) return Number.isFinite(sent) ? sent : 0;
  return Math.min(own, sent);
}

/** Event times need not rise (a start clamped at 0, a hostile file): each anchor waits no longer than the next. */
function orderAudioAnchors(anchors: Anchor[]): void {
  let later = Infinity;
  for (let i = anchors.length - 1; i >= 0; i--) {
    const anchor = anchors[i];
    if (anchor.kind !== 'audio') continue;
    anchor.audioMs = Math.min(anchor.audioMs, later);
    later = anchor.audioMs;
  }
}

/**
 * The level a replayed client must reach while the recorded one spoke. With the recorded levels:
 * its peak over the whole window. Without: the speech proper (the window less the prefix padding
 * before and the closing silence after, which the VAD adds) rose above the VAD threshold, on the
 * simulator's scale (vad.ts: 0 at VAD_FLOOR_DBFS, 1 at 0 dBFS); the live API does not publish
 * its scale, so for its recordings this is the simulator's reading of the same threshold.
 */
function speechWindow(fromMs: number, toMs: number, recorded: InputClock | null, vad: VadParams): SpeechWindow {
  if (recorded) return { fromMs, toMs, levelDbfs: recorded.levels.peakDbfs(fromMs, toMs), basis: 'recorded' };
  const speechFrom = fromMs + vad.prefixPaddingMs;
  const speechTo = toMs - vad.silenceDurationMs;
  const [from, to] = speechTo > speechFrom ? [speechFrom, speechTo] : [fromMs, toMs];
  return { fromMs: from, toMs: to, levelDbfs: Math.round(VAD_FLOOR_DBFS * (1 - vad.threshold) * 10) / 10, basis: 'vad' };
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

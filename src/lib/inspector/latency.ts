// Latency per turn, from event timestamps alone (a pure state machine in the manner of
// conversation.ts: push records in order, read the turns). A turn starts at the end of the
// user's input and collects the responses it caused, tool round trips included:
//   VAD            server input_audio_buffer.speech_stopped
//   push-to-talk   client input_audio_buffer.commit
//   typed          client response.create after a client user message (conversation.item.create)
// A client response.create after a function_call_output is the tool's return, not a new turn.
// First audio is the first response.output_audio.delta or, on WebRTC where no audio bytes
// arrive on the data channel, output_audio_buffer.started. Audible is when the model's audio
// played in the page: on WebSocket the console's own '(audible)' record (the player's first
// sample of the item, console-records.ts); on WebRTC output_audio_buffer.started.
import { AUDIBLE_TYPE } from './console-records';
import { eventFields, objectField, stringField, type InspectorRecord } from './records';

export type TurnKind = 'vad' | 'push-to-talk' | 'typed';
export type TurnStatus = 'waiting' | 'completed' | 'cancelled' | 'failed' | 'incomplete' | 'no response';

export interface ResponseTiming {
  id: string;
  created: number;
  firstText?: number;
  firstAudio?: number;
  audible?: number;
  done?: number;
  /** response.done's status (completed, cancelled, failed, incomplete). */
  status?: string;
}

export interface ToolTiming {
  callId: string;
  name?: string;
  /** response.function_call_arguments.done */
  argumentsDone: number;
  /** The client's function_call_output. */
  outputSent?: number;
  /** The next response.created after the output. */
  nextResponse?: number;
}

export interface TurnLatency {
  index: number;
  kind: TurnKind;
  /** End of the user's input (ms since the epoch). */
  start: number;
  committed?: number;
  responseCreated?: number;
  firstText?: number;
  firstAudio?: number;
  /** The model's audio first played in the page: '(audible)' (WebSocket) or output_audio_buffer.started (WebRTC). */
  audible?: number;
  /** The last response.done of the turn. */
  done?: number;
  responses: ResponseTiming[];
  tools: ToolTiming[];
  status: TurnStatus;
  /** start → first audio, whole ms; undefined when the turn had no audio. */
  firstAudioMs?: number;
  /** start → first text or transcript delta, whole ms. */
  firstTextMs?: number;
  /** start → audible, whole ms; undefined when nothing was heard (or the log predates the mark). */
  audibleMs?: number;
}

export interface Percentiles {
  count: number;
  p50?: number;
  p95?: number;
}

export interface LatencySummary {
  turns: number;
  firstAudio: Percentiles;
  firstText: Percentiles;
  audible: Percentiles;
}

const TEXT_DELTAS = new Set(['response.output_text.delta', 'response.output_audio_transcript.delta']);

/** Nearest-rank percentile of `values` (unsorted); undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function percentiles(values: number[]): Percentiles {
  return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
}

export function summarizeLatency(turns: readonly TurnLatency[]): LatencySummary {
  const audio = turns.flatMap((turn) => (turn.firstAudioMs === undefined ? [] : [turn.firstAudioMs]));
  const text = turns.flatMap((turn) => (turn.firstTextMs === undefined ? [] : [turn.firstTextMs]));
  const audible = turns.flatMap((turn) => (turn.audibleMs === undefined ? [] : [turn.audibleMs]));
  return { turns: turns.length, firstAudio: percentiles(audio), firstText: percentiles(text), audible: percentiles(audible) };
}

function since(start: number, time: number | undefined): number | undefined {
  return time === undefined ? undefined : Math.round(time - start);
}

function statusOf(turn: TurnLatency, ended: boolean): TurnStatus {
  if (turn.responses.length === 0) return ended ? 'no response' : 'waiting';
  if (turn.responses.some((response) => response.done === undefined)) return 'waiting';
  // The last response says how the turn ended; a cancelled one before a completed retry does not.
  const last = turn.responses[turn.responses.length - 1].status;
  if (last === 'cancelled' || last === 'failed' || last === 'incomplete') return last;
  return 'completed';
}

/**
 * Follows turns across a stream of records. `push` is O(1) per record; `turns()` copies the
 * small per-turn records (a session has tens or hundreds of turns, not thousands).
 */
export class LatencyTracker {
  private readonly list: TurnLatency[] = [];
  private readonly byResponse = new Map<string, TurnLatency>();
  /** Output item → its response, from the deltas (the '(audible)' record names the item). */
  private readonly itemResponse = new Map<string, string>();
  /** A typed user message was sent: the next response.create starts a turn. */
  private typedPending = false;

  get turnCount(): number {
    return this.list.length;
  }

  push(record: InspectorRecord): void {
    const event = eventFields(record.event);
    if (!event) return;
    const { time } = record;
    if (record.source === 'client') this.client(event.type, event, time);
    else if (record.source === 'console') this.console(event.type, event, time);
    else this.server(event.type, event, time);
  }

  turns(): TurnLatency[] {
    return this.list.map((turn, index) => {
      const ended = index < this.list.length - 1;
      return {
        ...turn,
        responses: turn.responses.map((response) => ({ ...response })),
        tools: turn.tools.map((tool) => ({ ...tool })),
        status: statusOf(turn, ended),
        firstAudioMs: since(turn.start, turn.firstAudio),
        firstTextMs: since(turn.start, turn.firstText),
        audibleMs: since(turn.start, turn.audible),
      };
    });
  }

  private get current(): TurnLatency | undefined {
    return this.list[this.list.length - 1];
  }

  private startTurn(kind: TurnKind, time: number): void {
    this.typedPending = false;
    this.list.push({ index: this.list.length, kind, start: time, responses: [], tools: [], status: 'waiting' });
  }

  private client(type: string, event: Record<string, unknown>, time: number): void {
    switch (type) {
      case 'input_audio_buffer.commit':
        this.startTurn('push-to-talk', time);
        break;
      case 'conversation.item.create': {
        const item = objectField(event, 'item');
        const itemType = stringField(item, 'type');
        if (itemType === 'message' && stringField(item, 'role') === 'user') this.typedPending = true;
        if (itemType === 'function_call_output') {
          const tool = this.current?.tools.find((entry) => entry.callId === stringField(item, 'call_id'));
          if (tool && tool.outputSent === undefined) tool.outputSent = time;
        }
        break;
      }
      case 'response.create': {
        // An out-of-band response (conversation "none") answers no user turn.
        const outOfBand = stringField(objectField(event, 'response'), 'conversation') === 'none';
        if (this.typedPending && !outOfBand) this.startTurn('typed', time);
        break;
      }
      default:
        break;
    }
  }

  private server(type: string, event: Record<string, unknown>, time: number): void {
    if (type === 'input_audio_buffer.speech_stopped') {
      this.startTurn('vad', time);
      return;
    }
    if (type === 'input_audio_buffer.committed') {
      const turn = this.current;
      if (turn && turn.kind !== 'typed' && turn.committed === undefined) turn.committed = time;
      return;
    }
    if (type === 'response.created') {
      this.responseCreated(stringField(objectField(event, 'response'), 'id'), objectField(event, 'response'), time);
      return;
    }
    const responseId = type === 'response.done' ? stringField(objectField(event, 'response'), 'id') : stringField(event, 'response_id');
    const turn = responseId === undefined ? undefined : this.byResponse.get(responseId);
    const response = turn?.responses.find((entry) => entry.id === responseId);
    if (!turn || !response) return;
    if (TEXT_DELTAS.has(type)) {
      response.firstText ??= time;
      turn.firstText ??= time;
    } else if (type === 'response.output_audio.delta') {
      response.firstAudio ??= time;
      turn.firstAudio ??= time;
      const itemId = stringField(event, 'item_id');
      if (itemId && !this.itemResponse.has(itemId)) this.itemResponse.set(itemId, response.id);
    } else if (type === 'output_audio_buffer.started') {
      response.firstAudio ??= time;
      turn.firstAudio ??= time;
      response.audible ??= time;
      turn.audible ??= time;
    } else if (type === 'response.function_call_arguments.done') {
      const callId = stringField(event, 'call_id');
      if (callId && !turn.tools.some((tool) => tool.callId === callId)) {
        turn.tools.push({ callId, name: stringField(event, 'name'), argumentsDone: time });
      }
    } else if (type === 'response.done') {
      response.done = time;
      response.status = stringField(objectField(event, 'response'), 'status');
      turn.done = time;
    }
  }

  private console(type: string, event: Record<string, unknown>, time: number): void {
    if (type !== AUDIBLE_TYPE) return;
    const responseId = this.itemResponse.get(stringField(event, 'item_id') ?? '');
    const turn = responseId === undefined ? undefined : this.byResponse.get(responseId);
    const response = turn?.responses.find((entry) => entry.id === responseId);
    if (!turn || !response) return;
    response.audible ??= time;
    turn.audible = turn.audible === undefined ? time : Math.min(turn.audible, time);
  }

  private responseCreated(id: string | undefined, response: Record<string, unknown> | undefined, time: number): void {
    const turn = this.current;
    // A response before any turn (a greeting the app asked for) or out of band (conversation_id
    // null, per OpenAI's docs; the types say string) is no user turn's.
    if (!id || !turn || response?.conversation_id === null) return;
    if (this.byResponse.has(id)) return;
    this.byResponse.set(id, turn);
    turn.responses.push({ id, created: time });
    turn.responseCreated ??= time;
    for (const tool of turn.tools) {
      if (tool.outputSent !== undefined && tool.nextResponse === undefined) tool.nextResponse = time;
    }
  }
}

/** The turns of a whole recording. */
export function computeLatency(records: Iterable<InspectorRecord>): TurnLatency[] {
  const tracker = new LatencyTracker();
  for (const record of records) tracker.push(record);
  return tracker.turns();
}

// What the client is built with and what it says: its options, its events and their payloads.
// Kept apart from client.ts so the class reads as behaviour; client.ts re-exports all of it.
import type { ClientEvent, ServerSession } from '../protocol/protocol-types';
import type { RateLimitsUpdatedEvent } from 'openai/resources/realtime/realtime';
import type { ConversationDelta, ConversationInterruption, ConversationOptions } from './conversation';
import type { HistoryCarryPlan } from './history-carry';
import type { ItemState } from './item-state';
import type { OutOfBandResponse } from './out-of-band';
import type { ResponseState } from './response-tracker';
import type { WebSocketTransportOptions } from './websocket-transport';
import type { SessionConfigPatch } from './session-config';
import type { ToolCall, ToolResult } from './tool-runner';
import type { CloseInfo, MalformedFrame, RealtimeTransport, TransportEvent } from './transport-types';

/** The client's own options, whatever the wire. */
export interface RealtimeClientBaseOptions extends ConversationOptions {
  /** Merged over the default session config. */
  session?: SessionConfigPatch;
  /** Attach the audio the user appended to their spoken items (default true). */
  keepInputAudio?: boolean;
  /** How much recent input audio is kept for that, in seconds. */
  maxInputAudioSeconds?: number;
}

type NoWebSocketOptions = { [K in keyof WebSocketTransportOptions]?: never };

/**
 * The client's options plus either a transport (WebRTC, a phone bridge, `ScriptedTransport`) or
 * the options of the `WebSocketTransport` it builds by default: not both.
 */
export type RealtimeClientOptions = RealtimeClientBaseOptions &
  ((WebSocketTransportOptions & { transport?: undefined }) | (NoWebSocketOptions & { transport: RealtimeTransport }));

/** How much of an event that could not be applied is quoted in the `malformed` report. */
export const MALFORMED_RAW_PREVIEW = 2000;

export interface ServerErrorInfo {
  type: string;
  code?: string | null;
  message: string;
  param?: string | null;
  event_id?: string | null;
}

/** The `response` of a `response.create` (instructions, tools, `conversation: 'none'`, metadata...). */
export type ResponseParams = Extract<ClientEvent, { type: 'response.create' }>['response'];

export type UserContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_audio'; audio: string | Int16Array | ArrayBuffer }
  | { type: 'input_image'; image_url: string; detail?: 'auto' | 'low' | 'high' };

export type RealtimeClientEvents = {
  'realtime.event': TransportEvent;
  'conversation.updated': { item: ItemState; delta: ConversationDelta | null };
  'conversation.item.appended': { item: ItemState };
  'conversation.item.completed': { item: ItemState };
  'conversation.item.deleted': { item: ItemState };
  /** The user started speaking (`input_audio_buffer.speech_started`): stop playback, then `cancelResponse(playingItemId, samplesHeard)`. */
  'conversation.interrupted': ConversationInterruption;
  'session.created': ServerSession;
  /** On `session.created` too: the session the server confirmed. */
  'session.updated': ServerSession;
  error: ServerErrorInfo;
  close: CloseInfo;
  'tool.call': ToolCall;
  'tool.result': ToolResult;
  /** Any response, in the conversation or out of band. */
  'response.created': { response: ResponseState };
  /** Its final status, `statusDetails` (why cancelled / incomplete / failed), usage. */
  'response.done': { response: ResponseState };
  /** An out-of-band response's output streamed (its items are never in `conversation`). */
  'response.out_of_band.updated': { response: ResponseState; item: ItemState; delta: ConversationDelta | null };
  /** An out-of-band response is done: its items and `response.metadata`. */
  'response.out_of_band': OutOfBandResponse;
  /**
   * Manual turns: `createResponse` found less audio than the API commits (100 ms), e.g. a tap on
   * push-to-talk. The audio was cleared and no response asked for; `message` says so for the user.
   */
  'input.too_short': { durationMs: number; minimumMs: number; message: string };
  /** Something the client fixed or skipped, e.g. session fields that are not in the protocol. */
  warning: { message: string; fields?: string[] };
  malformed: MalformedFrame;
  /** `rate_limits.updated` (at each response's start, then adjusted): also `getRateLimits()`. */
  'rate_limits.updated': { rateLimits: RateLimit[] };
  /** `carryHistory` is about to send an earlier conversation into this session (the seam). */
  'history.carried': HistoryCarryPlan;
  /** SIP calls: a keypad key the caller pressed (`input_audio_buffer.dtmf_event_received`). */
  'input.dtmf': { key: string; receivedAt: number };
};

export type RateLimit = RateLimitsUpdatedEvent.RateLimit;
